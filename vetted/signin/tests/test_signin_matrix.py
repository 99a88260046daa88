"""Authorization matrix for one's own account pages (password, second factor): every role and another
district's admin may open their own; anonymous is sent to sign in. The pages act on the signed-in
person only, so there is no one else's object to reach. The sign-in steps themselves are in PUBLIC
(tests/matrix.py) or below (the code step needs a sign-in in progress)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import ADMINS, Case, assert_route, run_case
from vetted.districts.models import Membership, User
from vetted.signin.models import DistrictSignOn, SignOnApproval

pytestmark = pytest.mark.django_db

# URL name -> (URL, statuses a signed-in person may get: the page, or a redirect to the next step)
OWN_ACCOUNT = {
    "account_reauthenticate": ("/accounts/reauthenticate/", {200}),
    "account_request_reauthentication_code": ("/accounts/reauthenticate/code/", {200, 302}),
    "account_confirm_reauthentication_code": ("/accounts/reauthenticate/code/confirm/", {200, 302}),
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


@dataclass
class World:
    slug: str
    sign_on: DistrictSignOn
    approval: SignOnApproval


def _sign_in_pages(w: World, suffix: str = "") -> str:
    return f"/manage/{w.slug}/sign-in/{suffix}"


GOOGLE = {"kind": "google", "label": "Birchfield Google", "client_id": "abc.apps.example",
          "client_secret": "s3cret-value", "allowed_domain": "birchfield.example",
          "first_sign_in": "default_role", "default_role": "staff", "enabled": "on"}  # fmt: skip
CASES = [
    Case("page: single sign-on", "sign-ons", False, "get", lambda w: _sign_in_pages(w), ADMINS, 200),
    Case("page: add a provider", "sign-ons", False, "post", lambda w: _sign_in_pages(w), ADMINS, 302,
         lambda w: GOOGLE),
    Case("page: a provider", "sign-on-edit", False, "get", lambda w: _sign_in_pages(w, f"{w.sign_on.pk}/"),
         ADMINS, 200),
    Case("page: change a provider", "sign-on-edit", False, "post",
         lambda w: _sign_in_pages(w, f"{w.sign_on.pk}/"), ADMINS, 302,
         lambda w: {**GOOGLE, "label": "Renamed", "client_secret": ""}),
    Case("page: let a first sign-in in", "sign-on-decide", False, "post",
         lambda w: _sign_in_pages(w, f"waiting/{w.approval.pk}/"), ADMINS, 302, lambda w: {"decision": "approve"}),
]  # fmt: skip
ROUTES = set(OWN_ACCOUNT) | {"mfa_authenticate"} | {case.route for case in CASES}


@pytest.fixture
def world(tenant: Any) -> World:
    sign_on = DistrictSignOn.objects.create(
        district=tenant.district, kind="google", label="Birchfield Google", client_id="abc.apps.example",
        client_secret="s3cret-value", allowed_domain="birchfield.example",
    )  # fmt: skip
    newcomer = User.objects.create_user(username="wren@birchfield.example", email="wren@birchfield.example")
    approval = SignOnApproval.objects.create(district=tenant.district, user=newcomer, sign_on=sign_on)
    return World(tenant.district.slug, sign_on, approval)


def _state() -> tuple[Any, ...]:
    return (
        sorted(DistrictSignOn.objects.values_list("pk", "label", "client_secret", "enabled")),
        sorted(SignOnApproval.objects.values_list("pk", "approved")),
        sorted(Membership.objects.values_list("pk", "user_id", "district_id", "role")),
    )


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_sign_on_settings_matrix(
    case: Case, who: str, world: World, tenant: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, tenant, other_tenant))
    run_case(case, who, client, world, django_capture_on_commit_callbacks, _state)


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
