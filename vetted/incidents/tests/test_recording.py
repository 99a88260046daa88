"""Recording an incident (issue 12, item 1): staff through the page, the affected list from a CSV
(all or nothing, every bad line named), attachments through the documents store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from vetted.audit.models import AuditEvent
from vetted.incidents.models import Attachment, Incident
from vetted.incidents.selectors import affected_students
from vetted.rosters.models import Org, SchoolClass

from .conftest import at, elements

pytestmark = pytest.mark.django_db


def _form(catalog_item: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "vendor": catalog_item.vendor.pk, "resources": [catalog_item.pk], "discovered_by": "vendor",
        "title": "Security incident at Quillstone", "what_happened": "A reporting database was open to the internet.",
        "what_we_are_doing": "We asked the vendor for a full account.", "what_you_can_do": "Nothing is needed now.",
        "internal_notes": "Vendor's CISO called the office at 9.", "vendor_discovered_at": "2026-11-02T08:00",
        "district_aware_at": "2026-11-03T09:30", "awareness_gap_reason": "The vendor's e-mail arrived then.",
        "elements": [e.pk for e in elements("grades", "student-name")],
    }  # fmt: skip
    data.update(extra)
    return data


def test_staff_record_an_incident_and_see_its_deadlines(
    client_as: Any, roster: Any, catalog_item: Any
) -> None:
    admin = client_as(roster.user("admin"))
    school = Org.objects.get(district=roster.district, sourced_id="org-m")
    response = admin.post(
        f"/manage/{roster.district.slug}/incidents/new/", _form(catalog_item, schools=[school.pk])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    # Typed in the district's zone: 09:30 on Nov 3 is EST (after the autumn change).
    assert incident.district_aware_at == at(2026, 11, 3, 9, 30)
    assert incident.internal_notes.startswith("Vendor's CISO") and incident.what_happened.startswith(
        "A reporting"
    )
    assert {s.given_name for s in affected_students(incident)} == {"Cleo"}  # Birchfield Middle School
    page = admin.get(response["Location"]).content.decode()
    assert "Conn. Gen. Stat. 10-234dd(c)" in page and "America/New_York" in page
    assert "Sat Nov 7, 2026 11:59 PM EST" not in page  # two business days from Tue: Thu Nov 5
    assert "Thu Nov 5, 2026 11:59 PM EST" in page
    assert AuditEvent.objects.filter(event_type="incident.recorded", subject_id=str(incident.pk)).count() == 1
    assert AuditEvent.objects.filter(event_type="incident.viewed").count() == 1


def test_a_gap_without_a_reason_and_another_districts_class_are_refused(
    client_as: Any, roster: Any, other_tenant: Any, catalog_item: Any
) -> None:
    admin = client_as(roster.user("admin"))
    theirs = SchoolClass.objects.create(district=other_tenant.district, sourced_id="x-1", title="Theirs")
    url = f"/manage/{roster.district.slug}/incidents/new/"
    response = admin.post(url, _form(catalog_item, awareness_gap_reason=""))
    assert response.status_code == 400 and "say why" in response.content.decode()
    response = admin.post(url, _form(catalog_item, classes=[theirs.pk]))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Incident.objects.exists()


def test_the_affected_list_is_all_or_nothing_with_every_bad_line(
    client_as: Any, roster: Any, make_incident: Any
) -> None:
    incident = make_incident(roster.district, roster.user("admin"), district_aware_at=at(2026, 11, 3, 9))
    admin = client_as(roster.user("admin"))
    url = f"/manage/{roster.district.slug}/incidents/{incident.pk}/students/"
    bad = SimpleUploadedFile(
        "list.csv", b"\xef\xbb\xbfsourcedId,name\r\ns-1,Anya\r\nnobody,X\r\ng-1,Ruth\r\n,\r\n"
    )
    response = admin.post(url, {"file": bad})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was added." in body and "Line 3: “nobody” is not in the roster." in body
    assert "Line 4: “g-1” is not a student." in body
    assert incident.students.count() == 0
    good = SimpleUploadedFile("list.csv", b"sourcedId\ns-1\ns-2\ns-1\n")
    assert admin.post(url, {"file": good}).status_code == 302
    assert {p.sourced_id for p in incident.students.all()} == {"s-1", "s-2"}
    event = AuditEvent.objects.filter(event_type="incident.updated", subject_id=str(incident.pk)).get()
    assert event.details["affected"] == {"before": 0, "after": 2}


def test_an_attachment_goes_through_the_documents_store(
    client_as: Any, roster: Any, make_incident: Any
) -> None:
    incident = make_incident(roster.district, roster.user("admin"), district_aware_at=at(2026, 11, 3, 9))
    admin = client_as(roster.user("admin"))
    base = f"/manage/{roster.district.slug}/incidents/{incident.pk}"
    page = b"<html><body><script>alert(1)</script>Vendor letter</body></html>"
    assert admin.post(f"{base}/files/", {"file": SimpleUploadedFile("letter.html", page)}).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == "html" and attachment.stored_path.startswith("incidents/")
    assert not attachment.stored_path.endswith("letter.html")  # stored under a random name
    assert (Path(settings.MEDIA_ROOT) / attachment.stored_path).read_bytes() == page
    download = admin.get(f"{base}/files/{attachment.pk}/")
    # Never rendered in Vetted's origin: a download, with its type sniffing off.
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        download["Content-Type"] == "application/octet-stream"
        and download["X-Content-Type-Options"] == "nosniff"
    )
    disguised = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all")
    response = admin.post(f"{base}/files/", {"file": disguised})
    assert response.status_code == 400 and Attachment.objects.count() == 1
