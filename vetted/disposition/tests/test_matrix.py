"""Every disposition route, tried by each role, another district's admin and nobody (tests/matrix.py).
Everyone in the district reads; admins and the technology director act (they edit agreements);
reviewers, staff and auditors get 403 on actions; outsiders 404; a denied request writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import EDITORS, EVERYONE, Case, run_case
from vetted.disposition.models import DispositionCertificate, DispositionLink, DispositionObligation
from vetted.disposition.services import certificates

from .conftest import at, end

pytestmark = pytest.mark.django_db


@cache
def pdf_bytes() -> bytes:
    import weasyprint

    return bytes(weasyprint.HTML(string="<p>Signed certificate of destruction.</p>").write_pdf())


@dataclass
class World:
    slug: str
    ob: DispositionObligation
    received: DispositionObligation

    @property
    def base(self) -> str:
        return f"/manage/{self.slug}/disposition/{self.ob.pk}"

    @property
    def link(self) -> DispositionLink:
        return self.ob.links.get()


@pytest.fixture
def world(make_executed: Any, tenant: Any) -> World:
    admin = tenant.user("admin")
    a, b = make_executed("Agreement A"), make_executed("Agreement B")
    for agreement in (a, b):
        end(agreement, at(2026, 6, 10, 15), actor=admin)
    received = DispositionObligation.objects.get(agreement=b)
    certificates.record_paper(received, SimpleUploadedFile("paper.pdf", pdf_bytes()), actor=admin,
                              disposed_on=dt.date(2026, 7, 1))  # fmt: skip
    return World(tenant.district.slug, DispositionObligation.objects.get(agreement=a), received)


CASES = [
    Case("list", "staff-disposition-list", False, "get", lambda w: f"/manage/{w.slug}/disposition/", EVERYONE, 200),
    Case("detail", "staff-disposition", False, "get", lambda w: f"{w.base}/", EVERYONE, 200),
    Case("send link", "staff-disposition-send-link", False, "post", lambda w: f"{w.base}/link/", EDITORS, 302,
         lambda w: {"to": "records@quillstone.example"}),
    Case("revoke link", "staff-disposition-revoke-link", False, "post",
         lambda w: f"{w.base}/links/{w.link.pk}/revoke/", EDITORS, 302),
    Case("paper", "staff-disposition-paper", False, "post", lambda w: f"{w.base}/paper/", EDITORS, 302,
         lambda w: {"file": SimpleUploadedFile("signed.pdf", pdf_bytes()), "disposed_on": "2026-07-02"}),
    Case("accept", "staff-disposition-accept", False, "post",
         lambda w: f"/manage/{w.slug}/disposition/{w.received.pk}/accept/", EDITORS, 302, lambda w: {"note": "Filed."}),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def state() -> Any:
    return (
        sorted(DispositionObligation.objects.values_list("pk", "status", "contact_email")),
        sorted(DispositionLink.objects.values_list("pk", "revoked_at", "used_at")),
        DispositionCertificate.objects.count(),
    )


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, world: World, tenant: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, tenant, other_tenant))
    run_case(case, who, client, world, django_capture_on_commit_callbacks, state)
