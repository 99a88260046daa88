"""schemathesis against the checked-in OpenAPI schema, as each kind of caller, in-process (WSGI).

Every operation gets generated requests, valid and invalid, from every role in the district, from
another district's admin and from nobody. Each answer must not be a 500 and must conform to the
schema: a documented status code, the documented content type, headers and body. `make test` runs a
small derandomized budget (same cases every run); `make fuzz` sets VETTED_FUZZ_EXAMPLES higher and
VETTED_FUZZ_SEED to explore.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import MATRIX_WHO, matrix_user, pass_second_factor
from vetted.agreements.services import agreements as agreement_services
from vetted.signin.second_factor import must_use_second_factor

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_path(Path(__file__).resolve().parent.parent / "openapi.yaml")
EXAMPLES = int(os.environ.get("VETTED_FUZZ_EXAMPLES", "3"))
SEED = os.environ.get("VETTED_FUZZ_SEED")  # unset: derandomized, the same cases every run
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
OPERATIONS = sorted(
    (result.ok() for result in SCHEMA.get_all_operations()), key=lambda operation: operation.label
)


def _session(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Cookies and headers for a signed-in browser session (with its CSRF token), or for nobody."""
    if user is None:
        return {}, {}
    client = Client()
    client.force_login(user)
    if must_use_second_factor(user):  # admins and technology directors: the session passed its code
        pass_second_factor(client, user)
    csrf = get_random_string(CSRF_SECRET_LENGTH)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}
    return cookies, {"X-CSRFToken": csrf}


def _fuzz(
    operation: Any,
    app: Any,
    world: tuple[str, list[int]],
    session: tuple[dict[str, str], dict[str, str]],
    statuses: list[int],
) -> None:
    (slug, ids), (cookies, headers) = world, session
    settings_ = settings(
        max_examples=EXAMPLES,
        derandomize=SEED is None,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )

    @settings_
    @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE)
           | operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
           real_id=st.none() | st.sampled_from(ids))  # fmt: skip
    def run(case: Any, real_id: int | None) -> None:
        for name in case.path_parameters or {}:
            # The district's own slug, and often ids of rows that exist, so requests reach past the 404.
            if name == "district_slug":
                case.path_parameters[name] = slug
            elif real_id is not None:
                case.path_parameters[name] = real_id
        response = case.call_and_validate(app=app, cookies=cookies, headers=headers, checks=CHECKS)
        statuses.append(response.status_code)

    if SEED is not None:
        run = seed(int(SEED))(run)
    run()


@pytest.fixture
def app() -> Iterator[Any]:
    """Django's WSGI application, keeping the test's database connection open between requests.

    The handler closes "old" connections when a request starts and ends; that would end the test's
    transaction on PostgreSQL. Django's own test client disconnects the same two signals.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", MATRIX_WHO)
def test_every_api_operation_answers_as_the_schema_says(
    who: str, app: Any, tenant: Any, other_tenant: Any, catalog_item: Any, settings: Any
) -> None:
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    agreement = agreement_services.create_agreement(
        tenant.district, actor=tenant.user("admin"), vendor=catalog_item.vendor, resources=[catalog_item],
        data={"title": "Quillstone DPA 2026", "kind": "standard"},
    )  # fmt: skip
    check = agreement.checks.first()
    ids = sorted({catalog_item.pk, catalog_item.vendor.pk, agreement.pk, check.pk if check else agreement.pk})
    session = _session(matrix_user(who, tenant, other_tenant))
    failures: list[str] = []
    statuses: list[int] = []
    for operation in OPERATIONS:
        try:
            _fuzz(operation, app, (tenant.district.slug, ids), session, statuses)
        except BaseException as exc:  # one operation's failure must not hide the others'
            if isinstance(exc, KeyboardInterrupt):
                raise
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, f"seed {SEED or 'derandomized'}:\n\n" + "\n\n".join(failures)
    # The fuzz reached the app as this caller: the schema's every operation, and the caller's answers.
    assert len(OPERATIONS) > 50 and len(statuses) >= len(OPERATIONS)
    if who == "anonymous":
        assert 401 in statuses
    elif who == "outsider":
        assert 404 in statuses
    else:
        assert any(200 <= status < 300 for status in statuses)
