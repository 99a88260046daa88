"""The authorization matrix's shared parts.

- `Case`: one route tried by one method; `route` names the URL (its `name=`) the case covers, and
  `send()` checks that the URL it builds really resolves to that route, so a declaration cannot lie.
- `PUBLIC`: routes that are public by design, each with its reason (a "case" too).
- `MATRIX_MODULES`: every module that holds matrix cases; each exposes `ROUTES`, the URL names its
  cases cover. tests/test_route_coverage.py walks the resolver and fails for any route none covers.
- `recording()`: what a request wrote (audit events, outbox rows, mail, on-commit callbacks), with
  the on-commit callbacks captured and run, so "a denied request sent no mail" can fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from django.core import mail
from django.urls import resolve

EVERYONE = frozenset({"admin", "technology_director", "reviewer", "staff", "auditor"})
EDITORS = frozenset({"admin", "technology_director"})
ADMINS = frozenset({"admin"})


@dataclass(frozen=True)
class Case:
    label: str
    route: str  # the URL name this case covers
    api: bool
    method: str
    url: Callable[[Any], str]  # world -> url
    allowed: frozenset[str]
    ok: int | frozenset[int]  # the status an allowed person gets (a set while a route is changing)
    data: Callable[[Any], dict[str, Any]] | None = None
    fmt: str = "json"  # API bodies: "json" or "multipart"
    denied: dict[str, int] = field(default_factory=dict)  # who -> status, where it is not the default

    def accepts(self, status: int) -> bool:
        return status == self.ok if isinstance(self.ok, int) else status in self.ok


def assert_route(url: str, route: str) -> None:
    """The URL a case builds resolves to the route the case says it covers."""
    name = resolve(urlsplit(url).path).url_name
    assert name == route, f"the case for {route!r} builds {url}, which is route {name!r}"


def send(case: Case, client: Any, world: Any) -> Any:
    url = case.url(world)
    assert_route(url, case.route)
    data = case.data(world) if case.data else {}
    if case.method == "get":
        return client.get(url)
    if case.api:
        return getattr(client, case.method)(url, data, format=case.fmt)
    return getattr(client, case.method)(url, data)


@dataclass
class Writes:
    audit_events: int = 0
    outbox_rows: int = 0
    mails: int = 0
    on_commit_callbacks: int = 0


@contextmanager
def recording(capture: Any) -> Iterator[Writes]:
    """Count what the block wrote; `capture` is pytest-django's django_capture_on_commit_callbacks.
    The callbacks run (execute=True), so mail queued for after the commit is really sent and counted."""
    from vetted.audit.models import AuditEvent
    from vetted.outbox.models import Message

    writes = Writes()
    audit, rows, mails = AuditEvent.objects.count(), Message.objects.count(), len(mail.outbox)
    with capture(execute=True) as callbacks:
        yield writes
    writes.audit_events = AuditEvent.objects.count() - audit
    writes.outbox_rows = Message.objects.count() - rows
    writes.mails = len(mail.outbox) - mails
    writes.on_commit_callbacks = len(callbacks)


def assert_nothing_written(writes: Writes) -> None:
    assert writes == Writes(), f"a denied request wrote something: {writes}"


# --- the registry --------------------------------------------------------------------------

# Each module exposes ROUTES: the URL names its cases cover.
MATRIX_MODULES = [
    "vetted.catalog.tests.test_authorization_matrix",
    "vetted.catalog.tests.test_governance_matrix",
    "vetted.catalog.tests.test_reviews_matrix",
    "vetted.rosters.tests.test_roster_pages",
    "vetted.rosters.tests.test_usage",
    "vetted.agreements.tests.test_access_matrix",
    "vetted.agreements.tests.test_review_access",
    "vetted.resource_requests.tests.test_authorization_matrix",
    "tests.test_matrix_routes",
    "vetted.api_tokens.tests.test_authorization_matrix",
    "vetted.signin.tests.test_signin_matrix",
    "vetted.notices.tests.test_consent_matrix",
    "vetted.incidents.tests.test_matrix",
    "vetted.notices.tests.test_staff_matrix",
    "vetted.notices.tests.test_letters_matrix",  # letters (issue 11, item 5)
    "vetted.rights.tests.test_matrix",
    "vetted.rights.tests.test_directory_matrix",  # directory information (issue 13, item 5)
    "vetted.disposition.tests.test_matrix",  # data disposition at contract end (issue 13, item 4)
    "vetted.rights.tests.test_requests_matrix",  # rights requests (issue 13, items 2 and 3)
]

# URL name -> why anyone may use it. Checked by tests/test_route_coverage.py (anonymous is not
# turned away) as well as counted as covered.
PUBLIC: dict[str, str] = {
    "home": "the landing page; it links to sign-in and shows nothing district-owned",
    "healthz": "load-balancer probe; answers 'ok' and nothing else",
    # The family portal's way in (vetted.rights): the same answer for any address, limited per client
    # and per address; a code is hashed, expires, is used once and dies after five wrong tries.
    "family-sign-in": "a family asks for a one-time code; the page is the same whether the address is known",
    "family-code": "a family types the code it was sent; only the address's newest live code signs in",
    "family-sign-out": "ends one's own family session only",
    "login": "signing in",
    "logout": "signing out ends one's own session only",
    "password_reset": "asking for a reset link; it answers the same whether or not the address exists",
    "password_reset_done": "the 'check your mail' page",
    "password_reset_confirm": "the link from the mail, guarded by its signed token",
    "password_reset_complete": "the 'password changed' page",
    # allauth's names for the same sign-in views, and the reset-by-key pages (rate limited per client)
    "account_login": "signing in (allauth's name for 'login')",
    "account_logout": "signing out (allauth's name for 'logout')",
    "account_inactive": "the 'this account is inactive' page; says nothing about whose",
    "account_reset_password": "asking for a reset link (allauth's name for 'password_reset')",
    "account_reset_password_done": "the 'check your mail' page",
    "account_reset_password_from_key": "the link from the mail, guarded by its signed key",
    "account_reset_password_from_key_done": "the 'password changed' page",
    "openid_connect_login": "starting a district's single sign-on (404 unless the district enabled it)",
    "openid_connect_callback": "the identity provider's answer, checked (state, PKCE, signed ID token, claims)",
    "saml_login": "starting a district's SAML sign-in (404 unless the district enabled it)",
    "saml_acs": "the SAML answer from the district's identity provider (kept, then checked on the next step)",
    "saml_finish_acs": "checking that answer: signature, audience, validity, our own request, the domain",
    "saml_sls": "the identity provider's single sign-out; ends one's own session only",
    "saml_metadata": "the service provider's SAML metadata (public by design: the IdP reads it)",
    "registry": "a district's public registry of approved resources",
    "registry-csv": "the public registry as CSV",
    "registry-detail": "one resource of the public registry",
    "student-data": "the kinds of student data and the registry's words, in plain words (reference text)",
    "public-agreements": "the agreements a district publishes (state law requires them public)",
    "public-agreement-document": "a document the district marked as a public copy",
    "ical-feed": "the calendar feed, guarded by its secret token (the owner must still be a member)",
    "api-registry": "the public registry, as JSON",
    "api-registry-detail": "one resource of the public registry, as JSON",
    "api-data-elements": "the data-element taxonomy (reference data, the same for every district)",
    "api-subjects": "the subject list (reference data)",
    "api-schema": "the OpenAPI description of the API",
    "data-inventory": "describes Vetted's fields and this install's retention periods; no district's rows",
    "data-inventory-json": "the same inventory as JSON",
    "public-incidents": "a district's posted breach notices (the law requires them public); public words only",
    "public-incident": "one posted breach notice; public words only, never a student or an internal note",
    "vendor-incident-report": "a vendor's report, guarded by its signed, expiring link bound to one vendor and district",
    "vendor-disposition": "a vendor's certificate of disposition, guarded by its signed, expiring, single-use link "
    "bound to one ended agreement (the agreement comes from the link, never the form)",
    "vendor-rights-task": "a vendor's answer to one rights-request task, guarded by its signed, expiring, single-use link",
    "public-notices": "a district's posted notices to families: public words only, no recipient or count",
    "public-notice": "one posted notice, with the contract's public copy where there is one",
    "notice-answer": "a family's answer page, guarded by the signed, expiring, single-use token in its link",
    "invitation": "the invitee's page, guarded by the unguessable token in the e-mailed link (only its hash is stored)",
}

# Route prefixes that are someone else's authorization by design.
PUBLIC_PREFIXES: dict[str, str] = {
    "django-admin/": "Django's admin site: Django itself requires an is_staff user on every page",
}


def covered_routes() -> dict[str, str]:
    """URL name -> where its case is (a matrix module, or 'public: <reason>')."""
    covered = {name: f"public: {reason}" for name, reason in PUBLIC.items()}
    for module_name in MATRIX_MODULES:
        module = import_module(module_name)
        for name in module.ROUTES:
            covered.setdefault(name, module_name)
    return covered


def run_case(
    case: Case, who: str, client: Any, world: Any, capture: Any, state: Callable[[], Any], *,
    allowed_changes_state: bool = True,
) -> None:  # fmt: skip
    """One matrix cell: `who` (with `client`) tries `case`. Allowed: the expected status and, for a
    change, an audit event (and `state()` moved, unless `allowed_changes_state` is False). Denied:
    the denial status (`case.denied` or the default), `state()` unchanged and nothing written."""
    from conftest import assert_denied  # noqa: PLC0415 — the root conftest, loaded by pytest first

    before = state()
    with recording(capture) as writes:
        response = send(case, client, world)
    if who in case.allowed:
        assert case.accepts(response.status_code), (response.status_code, response.content[:300])
        if case.method != "get":
            assert writes.audit_events > 0, "an allowed change must leave an audit event"
            if allowed_changes_state:
                assert state() != before, "an allowed change changed nothing"
        return
    expected = case.denied.get(who)
    if expected is not None:
        assert response.status_code == expected, (who, response.status_code)
    else:
        assert_denied(response, who, api=case.api)
    assert state() == before, "a denied request changed something"
    assert_nothing_written(writes)
