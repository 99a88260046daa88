"""Shared parts of the rights-request tests: the notices roster (Ben, grade 4, and his guardian Kemi;
Anya and her parent Ruth), Quillstone's product approved for grades 3-8 (Ben uses it) with a privacy
contact, and helpers to file a request the way a family or staff does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from vetted.catalog.models import Vendor
from vetted.outbox.models import Message
from vetted.rights.models import RightsRequest
from vetted.rights.requests.services import vendor_links
from vetted.rosters.models import Person

from .helpers import sign_in

KEMI = "kemi.okafor@family.example"
RUTH = "ruth.rourke@family.example"
ANYA = "anya.r@students.birchfield.example"
PRIVACY = "privacy@quillstone.example"
CODE = re.compile(r"\b(\d{8})\b")


@dataclass
class World:
    tenant: Any
    resource: Any

    @property
    def district(self) -> Any:
        return self.tenant.district

    @property
    def slug(self) -> str:
        return str(self.tenant.district.slug)

    @property
    def admin(self) -> Any:
        return self.tenant.user("admin")

    def person(self, sid: str) -> Person:
        return Person.objects.get(district=self.district, sourced_id=sid)

    @property
    def ben(self) -> Person:
        return self.person("s-2")

    @property
    def kemi(self) -> Person:
        return self.person("g-2")

    def new_url(self, student: Person | None = None) -> str:
        return f"/d/{self.slug}/family/children/{(student or self.ben).pk}/requests/new/"

    def request_url(self, req: RightsRequest, suffix: str = "") -> str:
        return f"/d/{self.slug}/family/children/{req.student_id}/requests/{req.pk}/{suffix}"

    def staff_url(self, req: RightsRequest | None = None, suffix: str = "") -> str:
        base = f"/manage/{self.slug}/rights/requests/"
        return base + (f"{req.pk}/{suffix}" if req is not None else suffix)


@pytest.fixture
def world(roster: Any, catalog_item: Any) -> World:
    Vendor.objects.filter(pk=catalog_item.vendor_id).update(privacy_contact_email=PRIVACY)
    catalog_item.vendor.refresh_from_db()
    return World(roster, catalog_item)


def confirm_code(req: RightsRequest) -> str:
    message = (
        Message.objects.filter(kind="rights_request.code", subject_id=str(req.pk)).order_by("-pk").first()
    )
    assert message is not None, "no confirmation code was queued"
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)


def family_client(world: World, address: str = KEMI) -> Client:
    client = Client()
    sign_in(client, world.slug, address)
    return client


def file_request(client: Client, world: World, kind: str = "delete", student: Person | None = None,
                 **extra: Any) -> Any:  # fmt: skip
    data = {"kind": kind, "resources": [world.resource.pk], **extra}
    return client.post(world.new_url(student), data)


def filed_and_confirmed(client: Client, world: World, kind: str = "delete", **extra: Any) -> RightsRequest:
    response = file_request(client, world, kind, **extra)
    assert response.status_code == 302, response.content[:400]
    req = RightsRequest.objects.order_by("-pk").first()
    assert req is not None
    confirmed = client.post(world.request_url(req, "confirm/"), {"code": confirm_code(req)})
    assert confirmed.status_code == 302, confirmed.content[:400]
    req.refresh_from_db()
    return req


def vendor_url(task: Any) -> str:
    return f"/vendor/rights/{vendor_links.make_token(task)}/"
