"""Every incident route, tried by each role, another district's admin and nobody (tests/matrix.py).
Admins act; the technology director and the auditor read; an auditor never acts; staff and
reviewers see nothing (403); outsiders get 404; a denied request changes and writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import Case, run_case
from vetted.clocks.models import Obligation
from vetted.clocks.services import close_obligation
from vetted.incidents.models import Attachment, Incident, StateReport, VendorLink
from vetted.incidents.services import closeout, recording, vendor_links
from vetted.incidents.services.clocks import obligations
from vetted.notices.models import Notice
from vetted.rosters.models import Person

from .conftest import at, elements

pytestmark = pytest.mark.django_db
ADMINS = frozenset({"admin"})
READERS = frozenset({"admin", "technology_director", "auditor"})


@dataclass
class World:
    slug: str
    incident: Incident
    closable: Incident
    closed: Incident
    attachment: Attachment
    link: VendorLink
    catalog_item: Any

    @property
    def base(self) -> str:
        return f"/manage/{self.slug}/incidents/{self.incident.pk}"

    @property
    def open_duty(self) -> Obligation:
        return next(o for o in obligations(self.incident) if o.status == "open" and o.actor == "district")


@pytest.fixture
def world(roster: Any, make_incident: Any, catalog_item: Any) -> World:
    admin = roster.user("admin")
    facts = {"district_aware_at": at(2026, 11, 23, 9), "elements": elements("grades"),
             "what_we_are_doing": "We stopped the data flow.", "what_you_can_do": "Nothing yet."}  # fmt: skip
    anya = list(Person.objects.filter(district=roster.district, sourced_id="s-1"))
    incident = make_incident(roster.district, admin, students=anya, **facts)
    attachment = recording.add_attachment(incident, SimpleUploadedFile("letter.txt", b"The vendor's letter."),
                                          actor=admin)  # fmt: skip
    closable = make_incident(roster.district, admin, **facts)
    closed = make_incident(roster.district, admin, **facts)
    for done in (closable, closed):
        for o in obligations(done):
            close_obligation(o, actor=admin, status="waived", reason="Tested elsewhere.")
    closeout.close_incident(closed, actor=admin)
    link = vendor_links.create_link(roster.district, catalog_item.vendor, actor=admin)
    return World(roster.district.slug, incident, closable, closed, attachment, link, catalog_item)


def _form(w: World) -> dict[str, Any]:
    return {"vendor": w.catalog_item.vendor.pk, "discovered_by": "district", "title": "Changed title",
            "what_happened": "A laptop was stolen.", "district_aware_at": "2026-11-24T09:00"}  # fmt: skip


CASES = [
    Case("list", "staff-incidents", False, "get", lambda w: f"/manage/{w.slug}/incidents/", READERS, 200),
    Case("new form", "staff-incident-new", False, "get", lambda w: f"/manage/{w.slug}/incidents/new/", ADMINS, 200),
    Case("record", "staff-incident-new", False, "post", lambda w: f"/manage/{w.slug}/incidents/new/", ADMINS, 302,
         _form),
    Case("detail", "staff-incident", False, "get", lambda w: f"{w.base}/", READERS, 200),
    Case("edit form", "staff-incident-edit", False, "get", lambda w: f"{w.base}/edit/", ADMINS, 200),
    Case("edit", "staff-incident-edit", False, "post", lambda w: f"{w.base}/edit/", ADMINS, 302, _form),
    Case("student list", "staff-incident-students", False, "post", lambda w: f"{w.base}/students/", ADMINS, 302,
         lambda w: {"file": SimpleUploadedFile("l.csv", b"sourcedId\ns-2\n")}),
    Case("attach", "staff-incident-attach", False, "post", lambda w: f"{w.base}/files/", ADMINS, 302,
         lambda w: {"file": SimpleUploadedFile("note.txt", b"More from the vendor.")}),
    Case("file", "staff-incident-file", False, "get", lambda w: f"{w.base}/files/{w.attachment.pk}/", READERS, 200),
    Case("notify", "staff-incident-notify", False, "post", lambda w: f"{w.base}/notify/", ADMINS, 302),
    Case("post", "staff-incident-post", False, "post", lambda w: f"{w.base}/post/", ADMINS, 302),
    Case("state report", "staff-incident-state-report", False, "post", lambda w: f"{w.base}/state-report/", ADMINS,
         302, lambda w: {"agency": "State Department of Education", "sent_at": "2026-11-24T10:00"}),
    Case("no notice", "staff-incident-no-notice", False, "post",
         lambda w: f"{w.base}/deadlines/{w.open_duty.pk}/no-notice/", ADMINS, 302,
         lambda w: {"reason": "The data was encrypted and the key was safe."}),
    Case("close", "staff-incident-close", False, "post",
         lambda w: f"/manage/{w.slug}/incidents/{w.closable.pk}/close/", ADMINS, 302),
    Case("report", "staff-incident-report", False, "get",
         lambda w: f"/manage/{w.slug}/incidents/{w.closed.pk}/report.pdf", READERS, 200),
    Case("vendor link", "staff-incident-vendor-link", False, "post",
         lambda w: f"/manage/{w.slug}/incidents/vendor-links/", ADMINS, 200,
         lambda w: {"vendor": w.catalog_item.vendor.pk}),
    Case("revoke link", "staff-incident-vendor-link-revoke", False, "post",
         lambda w: f"/manage/{w.slug}/incidents/vendor-links/{w.link.pk}/revoke/", ADMINS, 302),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def state() -> Any:
    return (
        sorted(Incident.objects.values_list("pk", "title", "status", "posted_at", "district_aware_at")),
        sorted(Obligation.objects.values_list("pk", "status", "due_at")),
        Attachment.objects.count(), StateReport.objects.count(), Notice.objects.count(),
        sorted(VendorLink.objects.values_list("pk", "revoked_at")),
        sorted(Incident.students.through.objects.values_list("incident_id", "person_id")),
    )  # fmt: skip


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, world: World, tenant: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, tenant, other_tenant))
    run_case(case, who, client, world, django_capture_on_commit_callbacks, state)
