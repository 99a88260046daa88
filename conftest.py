"""Shared fixtures: two districts with one member per role, API clients, and a real SMTP server."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API inside live_server

ROLES = ["admin", "technology_director", "reviewer", "staff", "auditor"]


@pytest.fixture(autouse=True)
def _fast_hashing_and_media(settings: Any, tmp_path: Any) -> None:
    # Argon2 is the production hasher (tested on its own); tests hash quickly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A cache of its own per test: API throttle counts never carry from one test (or process) to another.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    # Anonymous API callers are counted in this process's memory: a fresh count per test, one process.
    from vetted.kit.throttling import LOCAL_COUNTS

    LOCAL_COUNTS.clear()
    settings.VETTED_WEB_PROCESSES = 1


def _uses_database(request: Any) -> str | None:
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if (marker and marker.kwargs.get("transaction")) or names & {"transactional_db", "live_server"}:
        return "transactional_db"
    if marker or "db" in names:
        return "db"
    return None


@pytest.fixture(autouse=True)
def _reference_data(request: Any) -> None:
    """Put back the taxonomy the migrations seed: a transactional test's teardown flushes every table."""
    kind = _uses_database(request)
    if kind is None:
        return
    request.getfixturevalue(kind)
    from django.apps import apps

    from vetted.catalog.models import DataElement
    from vetted.catalog.taxonomy import load_taxonomy

    if not DataElement.objects.exists():
        load_taxonomy(apps, None)


# --- the authorization matrix: who tries, and what a refusal looks like -----------------------

MATRIX_WHO = [*sorted(ROLES), "outsider", "anonymous"]


def matrix_user(who: str, tenant: Any, other_tenant: Any) -> Any:
    """The person behind a matrix label: a role in the district, another district's admin, or nobody."""
    if who == "anonymous":
        return None
    return other_tenant.user("admin") if who == "outsider" else tenant.user(who)


def denied_status(who: str, *, api: bool) -> int:
    """Anonymous: 401 from the API, a redirect to sign in from a page. Another district: 404, so it
    learns nothing. A member whose role does not allow it: 403."""
    if who == "anonymous":
        return 401 if api else 302
    return 404 if who == "outsider" else 403


def assert_denied(response: Any, who: str, *, api: bool) -> None:
    assert response.status_code == denied_status(who, api=api), (who, response.status_code)
    if who == "anonymous" and not api:
        assert response["Location"].startswith("/accounts/login/")


@dataclass
class Tenant:
    district: Any
    users: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]


def make_tenant(slug: str, name: str, state: str = "CT") -> Tenant:
    from vetted.districts.models import District, Membership, User

    district = District.objects.create(
        slug=slug,
        name=name,
        state=state,
        time_zone="America/New_York",
        public_contact_email=f"privacy@{slug}.example",
    )
    tenant = Tenant(district)
    for role in ROLES:
        email = f"{role}@{slug}.example"
        user = User.objects.create_user(
            username=email, email=email, password="correct-horse-9", full_name=f"{role.title()} of {name}"
        )
        # They have signed in before: rotation assigns nobody who never has (issue 10, item 6).
        User.objects.filter(pk=user.pk).update(last_login=district.created_at)
        user.last_login = district.created_at
        Membership.objects.create(user=user, district=district, role=role)
        tenant.users[role] = user
    return tenant


@pytest.fixture
def tenant(db: Any) -> Tenant:
    return make_tenant("birchfield", "Birchfield Public Schools")


@pytest.fixture
def other_tenant(db: Any) -> Tenant:
    return make_tenant("larchmont", "Larchmont Regional Schools", state="NY")


def pass_second_factor(client: Client, user: Any) -> None:
    """What signing in with a TOTP code leaves behind, for a client signed in by force_login: the
    person has TOTP and the session has passed a code (vetted.signin.middleware checks both)."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


@pytest.fixture
def client_as() -> Any:
    """A client signed in as `user` (None: anonymous). Those whose role needs a second factor have
    passed it, as after a real sign-in; vetted/signin/tests try the sign-in itself."""

    def _make(user: Any | None, *, second_factor: bool = True) -> Client:
        from vetted.signin.second_factor import must_use_second_factor

        client = Client()
        if user is not None:
            client.force_login(user)
            if second_factor and must_use_second_factor(user):
                pass_second_factor(client, user)
        return client

    return _make


@pytest.fixture
def api_as() -> Any:
    def _make(user: Any | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _make


@pytest.fixture
def catalog_item(tenant: Tenant) -> Any:
    """A vendor, a resource collecting a few elements, and the district's approval of it."""
    from vetted.catalog import services
    from vetted.catalog.models import DataElement, Subject

    admin = tenant.user("admin")
    vendor = services.create_vendor(
        tenant.district,
        actor=admin,
        data={"legal_name": "Quillstone Learning Inc.", "website": "https://quillstone.example/"},
    )
    resource = services.create_resource(
        tenant.district,
        actor=admin,
        data={"name": "Quillstone Writing Studio", "vendor": vendor, "grade_min": 3, "grade_max": 8,
              "url": "https://quillstone.example/studio", "description": "Essay feedback for students."},
        subjects=Subject.objects.filter(slug="english-language-arts"),
        data_elements=DataElement.objects.filter(code__in=["student-name", "student-work", "grades"]),
    )  # fmt: skip
    services.decide(
        tenant.district, resource, actor=admin, status="approved", internal_notes="Vendor signed DPA 2026."
    )
    return resource


# --- a real SMTP server on loopback ---------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving_smtp(handler: Any, settings: Any) -> Iterator[Any]:
    """An aiosmtpd server on 127.0.0.1 with `handler`, and Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[_Collector]:
    """Deliver mail through Django's SMTP backend to an aiosmtpd server on 127.0.0.1."""
    with serving_smtp(_Collector(), settings) as collector:
        yield collector


# --- real Chromium (Debian package) driven by Playwright -----------------------------------

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing on CI: .ci/run must install Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    yield new_page
    context.close()


def sign_in_in_browser(page: Any, user: Any, password: str = "correct-horse-9") -> None:  # noqa: S107
    """The real sign-in form; admins and technology directors get TOTP first and enter its code."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from vetted.signin.second_factor import must_use_second_factor
    from vetted.signin.tests.totp import totp_code

    secret = None
    if must_use_second_factor(user):
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if secret:
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()


@pytest.fixture
def login(page: Any) -> Any:
    """Sign in through the real login form."""

    def _login(user: Any, password: str = "correct-horse-9") -> None:  # noqa: S107 (test password)
        sign_in_in_browser(page, user, password)

    return _login


def assert_fits(page: Any, width: int) -> None:
    """Nothing on the page scrolls sideways at a viewport `width` CSS pixels wide (WCAG 1.4.10)."""
    scroll = int(page.evaluate("document.documentElement.scrollWidth"))
    assert scroll <= width + 1, f"{page.url} is {scroll}px wide at a {width}px viewport"


def serious_axe_violations(page: Any) -> list[str]:
    """axe-core violations of impact serious or critical on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


# --- PostgreSQL: run tests as the app's own role (issue 10, item 3) ---------------------------


@pytest.fixture(autouse=True)
def _as_app_role_when_asked(request: Any) -> Iterator[None]:
    """VETTED_TEST_AS_APP_ROLE=1 on PostgreSQL: each `db` test runs as a role with the app's grants,
    so row security binds as in production (the suite's `postgres` is a superuser it never binds).
    Transactional tests keep the superuser (their flush needs TRUNCATE). Tests that play a superuser
    attacker on the audit table (raw UPDATE/DELETE, disabling the trigger) fail here, as they should."""
    if not os.environ.get("VETTED_TEST_AS_APP_ROLE") or _uses_database(request) != "db":
        yield
        return
    from django.db import connection

    from vetted.districts.tests.app_role import as_app_role

    request.getfixturevalue("db")
    if connection.vendor != "postgresql":
        yield
        return
    with as_app_role():
        yield
