"""Authorization matrix for one's own account pages (password, second factor): every role and another
district's admin may open their own; anonymous is sent to sign in. The pages act on the signed-in
person only, so there is no one else's object to reach. The sign-in steps themselves are in PUBLIC
(tests/matrix.py) or below (the code step needs a sign-in in progress)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import assert_route

pytestmark = pytest.mark.django_db

# URL name -> (URL, statuses a signed-in person may get: the page, or a redirect to the next step)
OWN_ACCOUNT = {
    "account_reauthenticate": ("/accounts/reauthenticate/", {200}),
    "account_change_password": ("/accounts/password/change/", {200}),
    "account_set_password": ("/accounts/password/set/", {200, 302}),  # has one: sent to change it
    "mfa_index": ("/accounts/2fa/", {200}),
    "mfa_reauthenticate": ("/accounts/2fa/reauthenticate/", {200, 302}),  # no TOTP: nothing to enter
    "mfa_activate_totp": ("/accounts/2fa/totp/activate/", {200, 302}),  # enrolled: sent to the list
    "mfa_deactivate_totp": (
        "/accounts/2fa/totp/deactivate/",
        {200, 302, 404},
    ),  # 302: password first; 404: none
    "mfa_view_recovery_codes": ("/accounts/2fa/recovery-codes/", {200, 404}),
    "mfa_generate_recovery_codes": ("/accounts/2fa/recovery-codes/generate/", {200, 302, 404}),
    "mfa_download_recovery_codes": ("/accounts/2fa/recovery-codes/download/", {200, 404}),
}
ROUTES = set(OWN_ACCOUNT) | {"mfa_authenticate"}


@pytest.mark.parametrize("route", sorted(OWN_ACCOUNT))
@pytest.mark.parametrize("who", MATRIX_WHO)
def test_own_account_pages(route: str, who: str, tenant: Any, other_tenant: Any, client_as: Any) -> None:
    url, allowed = OWN_ACCOUNT[route]
    assert_route(url, route)
    response = client_as(matrix_user(who, tenant, other_tenant)).get(url)
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in allowed, (who, response.status_code)
        assert "/accounts/login/" not in response.get("Location", "")


@pytest.mark.parametrize("who", MATRIX_WHO)
def test_the_code_step_needs_a_sign_in_in_progress(
    who: str, tenant: Any, other_tenant: Any, client_as: Any
) -> None:
    assert_route("/accounts/2fa/authenticate/", "mfa_authenticate")
    response = client_as(matrix_user(who, tenant, other_tenant)).get("/accounts/2fa/authenticate/")
    assert response.status_code == 302
