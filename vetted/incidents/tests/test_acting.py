"""Acting on an incident (issue 12, items 3-5): the breach notice to the affected families through
the notices machinery meets the family duty; the public notice carries no personal data; a report
to the state meets the state duty; "no notice required" is a decision; the worker reminds and
escalates once; the close-out PDF is kept and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.clocks.services import close_obligation
from vetted.clocks.tasks import run_obligation_reminders
from vetted.documents import storage
from vetted.incidents.services.clocks import obligations
from vetted.notices.models import Notice, Recipient
from vetted.outbox.models import Message
from vetted.rosters.models import Person

from .conftest import at, elements

pytestmark = pytest.mark.django_db


def _incident(roster: Any, make_incident: Any, **extra: Any) -> Any:
    data = {"vendor_discovered_at": at(2026, 11, 20, 8), "district_aware_at": at(2026, 11, 23, 9),
            "elements": elements("grades", "student-name"),
            "students": list(Person.objects.filter(district=roster.district, sourced_id__in=["s-1", "s-2"])),
            "what_we_are_doing": "We stopped sending data to the vendor.",
            "what_you_can_do": "Watch for e-mails that ask for your child's password.",
            "internal_notes": "Kemi Okafor phoned the office about it."}  # fmt: skip
    data.update(extra)
    return make_incident(roster.district, roster.user("admin"), **data)


def test_the_breach_notice_reaches_the_affected_families_and_meets_the_duty(
    client_as: Any, roster: Any, make_incident: Any
) -> None:
    incident = _incident(roster, make_incident)
    admin = client_as(roster.user("admin"))
    response = admin.post(f"/manage/{roster.district.slug}/incidents/{incident.pk}/notify/")
    assert response.status_code == 302
    notice = Notice.objects.get(kind="breach")
    assert (notice.about_type, notice.about_id) == ("incidents.incident", str(incident.pk))
    assert notice.counts["students"] == 2
    # Anya's guardian Ruth in Spanish, Kemi (Ben) in English; Cleo is not affected: no letter for Dana.
    assert {r.email for r in Recipient.objects.filter(notice=notice)} >= {
        "ruth.rourke@family.example", "kemi.okafor@family.example"}  # fmt: skip
    assert not Recipient.objects.filter(notice=notice, name__contains="Cleo").exists()
    kemi = Message.objects.get(to_email="kemi.okafor@family.example")
    assert "What happened: An unauthorized person reached a reporting database." in kemi.body
    assert "What information was involved: Student name, Grades" in kemi.body
    assert "What we are doing: We stopped sending data to the vendor." in kemi.body
    assert "Kemi Okafor phoned" not in kemi.body  # internal notes never leave
    ruth = Message.objects.get(to_email="ruth.rourke@family.example")
    assert "Anya" in ruth.body and ruth.body != kemi.body
    family = next(o for o in obligations(incident) if o.kind == "district_breach_notice_to_families")
    assert family.status == "done" and f"Breach notice {notice.pk} sent" in family.close_reason
    assert AuditEvent.objects.filter(event_type="incident.families_notified").count() == 1
    # The admin's page names the students (from the roster, admins only); the auditor's gives the count.
    page = admin.get(f"/manage/{roster.district.slug}/incidents/{incident.pk}/").content.decode()
    assert "Anya Rourke" in page and "Affected students (2)" in page
    audit = client_as(roster.user("auditor")).get(f"/manage/{roster.district.slug}/incidents/{incident.pk}/")
    assert "Affected students (2)" in audit.content.decode() and "Anya Rourke" not in audit.content.decode()
    assert "Post the public notice" in page and "Post the public notice" not in audit.content.decode()
    again = admin.post(f"/manage/{roster.district.slug}/incidents/{incident.pk}/notify/")
    assert again.status_code == 400 and "already told" in again.content.decode()
    assert Notice.objects.filter(kind="breach").count() == 1


def test_families_are_not_told_while_a_law_enforcement_delay_runs(
    client_as: Any, roster: Any, make_incident: Any
) -> None:
    incident = _incident(
        roster, make_incident, delay_started_at=at(2026, 11, 23, 10), delay_agency="State Police"
    )
    response = client_as(roster.user("admin")).post(
        f"/manage/{roster.district.slug}/incidents/{incident.pk}/notify/"
    )
    assert response.status_code == 400 and "law-enforcement delay" in response.content.decode()
    assert not Notice.objects.exists() and not Message.objects.exists()


def test_the_public_notice_has_no_personal_data(
    client: Any, client_as: Any, roster: Any, make_incident: Any
) -> None:
    incident = _incident(roster, make_incident)
    public = f"/d/{roster.district.slug}/incidents/"
    assert client.get(f"{public}{incident.pk}/").status_code == 404  # not posted yet
    admin = client_as(roster.user("admin"))
    assert admin.post(f"/manage/{roster.district.slug}/incidents/{incident.pk}/post/").status_code == 302
    listing = client.get(public).content.decode()
    assert "Security incident at Quillstone" in listing
    body = client.get(f"{public}{incident.pk}/").content.decode()
    assert "An unauthorized person reached a reporting database." in body and "Grades" in body
    assert "We stopped sending data to the vendor." in body and "privacy@birchfield.example" in body
    for personal in ("Anya", "Ben", "Okafor", "Kemi", "phoned", "Rourke"):
        assert personal not in body, personal
    assert AuditEvent.objects.filter(event_type="incident.posted").count() == 1


def test_a_state_report_and_a_no_notice_decision_meet_their_duties(
    client_as: Any, other_tenant: Any, make_incident: Any
) -> None:
    incident = make_incident(other_tenant.district, other_tenant.user("admin"), vendor_discovered_at=at(2026, 10, 28, 9),
                             district_aware_at=at(2026, 10, 30, 14), elements=elements("grades"))  # fmt: skip
    admin = client_as(other_tenant.user("admin"))
    base = f"/manage/{other_tenant.district.slug}/incidents/{incident.pk}"
    response = admin.post(f"{base}/state-report/", {"agency": "NYSED Chief Privacy Officer",
                                                    "sent_at": "2026-11-05T10:00", "reference": "Form 121-10"})  # fmt: skip
    assert response.status_code == 302
    rows = {o.kind: o for o in obligations(incident)}
    state = rows["district_breach_report_to_state"]
    assert (
        state.status == "done"
        and "NYSED Chief Privacy Officer Thu Nov 5, 2026 10:00 AM EST" in state.close_reason
    )
    families = rows["district_breach_notice_to_families"]
    short = admin.post(f"{base}/deadlines/{families.pk}/no-notice/", {"reason": "no"})
    assert short.status_code == 400 and "Say why" in short.content.decode()
    reason = "The vendor's logs show the file was encrypted and the key was not taken."
    assert admin.post(f"{base}/deadlines/{families.pk}/no-notice/", {"reason": reason}).status_code == 302
    families.refresh_from_db()
    assert families.status == "waived" and families.closed_by == other_tenant.user("admin")
    assert families.close_reason == f"No notice required: {reason}" and families.closed_at is not None
    event = AuditEvent.objects.get(event_type="incident.no_notice_decided")
    assert event.actor == other_tenant.user("admin") and event.details["reason"] == reason


def test_the_worker_reminds_before_and_escalates_after_each_deadline_once(
    roster: Any, make_incident: Any
) -> None:
    incident = _incident(roster, make_incident)
    families = next(o for o in obligations(incident) if o.kind == "district_breach_notice_to_families")
    assert families.chased_by == "" and families.subject_path.endswith(f"/incidents/{incident.pk}/")
    before = families.due_at - dt.timedelta(hours=1)
    assert run_obligation_reminders(before) >= 1
    assert run_obligation_reminders(before) == 0
    after = families.due_at + dt.timedelta(hours=1)
    assert run_obligation_reminders(after) >= 1
    assert run_obligation_reminders(after) == 0
    families.refresh_from_db()
    assert families.reminded_at is not None and families.escalated_at is not None
    assert (
        AuditEvent.objects.filter(event_type="obligation.escalated", subject_id=str(families.pk)).count() == 1
    )


def test_close_out_keeps_a_pdf_report_with_the_incident(
    client_as: Any, roster: Any, make_incident: Any
) -> None:
    incident = _incident(roster, make_incident, remediation="Keys rotated; the database is private again.")
    admin = client_as(roster.user("admin"))
    base = f"/manage/{roster.district.slug}/incidents/{incident.pk}"
    refused = admin.post(f"{base}/close/")
    assert refused.status_code == 400 and "still open" in refused.content.decode()
    admin.post(f"{base}/notify/")
    for o in obligations(incident):
        if o.status == "open":  # the vendor's own duty to families, met by the vendor
            assert o.actor == "vendor"
            close_obligation(
                o, actor=roster.user("admin"), status="done", reason="The vendor wrote to families."
            )
    rows = obligations(incident)
    assert all(o.status != "open" for o in rows), [(o.kind, o.actor, o.status) for o in rows]
    assert admin.post(f"{base}/close/").status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.report_path.startswith("incidents/")
    with storage.open_stored(incident.report_path) as handle:
        data = handle.read()
    pdf = pdfium.PdfDocument(data)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\r\n", " ")
    assert "Incident close-out report" in text and "Keys rotated" in text
    assert "2 students" in text and "Families told" in text and "Conn. Gen. Stat. 10-234dd(c)" in text
    assert "Anya" not in text and "Kemi Okafor phoned" not in text
    download = admin.get(f"{base}/report.pdf")
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    assert (
        AuditEvent.objects.filter(event_type="incident.closed").get().details["report_sha256"]
        == incident.report_sha256
    )
    assert admin.post(f"{base}/notify/").status_code == 400  # a closed incident takes no more action
    assert timezone.now() >= incident.closed_at
