"""Shared fixtures: two districts with one member per role, API clients, and a real SMTP server."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
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
        Membership.objects.create(user=user, district=district, role=role)
        tenant.users[role] = user
    return tenant


@pytest.fixture
def tenant(db: Any) -> Tenant:
    return make_tenant("birchfield", "Birchfield Public Schools")


@pytest.fixture
def other_tenant(db: Any) -> Tenant:
    return make_tenant("larchmont", "Larchmont Regional Schools", state="NY")


@pytest.fixture
def client_as() -> Any:
    def _make(user: Any | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
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


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[_Collector]:
    """Deliver mail through Django's SMTP backend to an aiosmtpd server on 127.0.0.1."""
    from aiosmtpd.controller import Controller

    collector = _Collector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield collector
    finally:
        controller.stop()
