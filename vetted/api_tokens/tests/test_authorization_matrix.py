"""Authorization matrix for the API tokens page: every role, another district's admin and anonymous.

The page is each person's own: everyone signed in may list and create their own tokens; only the
owner may revoke a token, and anyone else gets 404 (as if it did not exist), with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import EVERYONE, Case, run_case
from vetted.api_tokens.models import ApiToken
from vetted.api_tokens.services import create_token

pytestmark = pytest.mark.django_db

SIGNED_IN = EVERYONE | {"outsider"}


@dataclass
class World:
    token: ApiToken  # the admin's


CASES = [
    Case("page: my API tokens", "api-tokens", False, "get", lambda w: "/me/api-tokens/", SIGNED_IN, 200),
    Case("page: create a token", "api-tokens", False, "post", lambda w: "/me/api-tokens/", SIGNED_IN, 200,
         lambda w: {"name": "matrix script", "days": "30"}),
    Case("page: revoke a token", "api-token-revoke", False, "post",
         lambda w: f"/me/api-tokens/{w.token.pk}/revoke/", frozenset({"admin"}), 302,
         denied=dict.fromkeys(EVERYONE - {"admin"}, 404)),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


@pytest.fixture
def world(tenant: Any) -> World:
    return World(create_token(tenant.user("admin"), name="admin's script", days=30).token)


def _state() -> list[Any]:
    return sorted(ApiToken.objects.values_list("pk", "user_id", "name", "revoked_at"))


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_matrix(
    case: Case, who: str, world: World, tenant: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, tenant, other_tenant))
    run_case(case, who, client, world, django_capture_on_commit_callbacks, _state)
