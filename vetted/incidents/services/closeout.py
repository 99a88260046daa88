"""Close-out: a PDF report (reportlab) with the timeline, each obligation and when it was met or
decided, the notices sent and to how many families, the vendor's remediation. Stored through the
documents store with its SHA-256, kept with the incident, audited. No student is named in it."""

from __future__ import annotations

import io
from html import escape
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.clocks.models import ObligationStatus
from vetted.documents import storage
from vetted.kit.localtime import format_local

from ..models import Incident, IncidentStatus
from ..selectors import affected_students
from . import acting, clocks
from .recording import AREA, lock


def blocks(incident: Incident) -> list[tuple[str, str]]:
    """The report as (kind, text) blocks: title, heading, para, line."""
    district = incident.district
    tz = district.tz

    def when(value: Any) -> str:
        return format_local(value, tz) if value else "not recorded"

    out: list[tuple[str, str]] = [
        ("title", f"Incident close-out report — {district.name}"),
        (
            "para",
            f"Incident {incident.pk}: {incident.title}. Vendor: {incident.vendor.legal_name}. "
            f"Times are in {district.time_zone}.",
        ),  # fmt: skip
        ("heading", "Timeline"),
        ("line", f"Vendor discovered it: {when(incident.vendor_discovered_at)}"),
        ("line", f"District became aware: {when(incident.district_aware_at)}"),
        ("line", f"Vendor's notice reached the district: {when(incident.vendor_notice_at)}"),
    ]
    if incident.awareness_gap_reason:
        out.append(("line", f"Why the district became aware later: {incident.awareness_gap_reason}"))
    if incident.delay_started_at:
        out.append(("line", f"Law-enforcement delay ({incident.delay_agency}): {when(incident.delay_started_at)} "
                            f"to {when(incident.delay_ended_at)}"))  # fmt: skip
    out.append(("line", f"Posted publicly: {when(incident.posted_at)}"))
    out += [("heading", "What happened"), ("para", incident.what_happened),
            ("heading", "Data involved"),
            ("para", acting.information_involved(incident)),
            ("heading", "Affected"),
            ("para", f"{affected_students(incident).count()} students.")]  # fmt: skip
    rows = clocks.obligations(incident)
    out.append(("heading", "Obligations"))
    for o in rows:
        if o.status == ObligationStatus.OPEN:
            state = "still open"
        else:
            late = " (late)" if o.closed_at and o.closed_at > o.due_at else ""
            state = f"{o.get_status_display().lower()} {when(o.closed_at)}{late}: {o.close_reason}"
        out.append(("para", f"{o.title}{' (' + o.condition.replace('_', ' ') + ')' if o.condition else ''} — "
                            f"{o.actor} tells {o.recipient} by {when(o.due_at)} [{o.citation}; {o.decided_by}] — "
                            f"{state}"))  # fmt: skip
    if clocks.vendor_notice_late(incident, rows):
        out.append(
            ("para", "The vendor's notice reached the district after its deadline: a breach of contract.")
        )
    out.append(("heading", "Notices"))
    notice = acting.family_notice(incident)
    if notice is not None and notice.sent_at is not None:
        c = notice.counts
        out.append(("para", f"Families told {when(notice.sent_at)}: {c.get('students', 0)} students, "
                            f"{c.get('emails', 0)} e-mails and {c.get('letters', 0)} letters."))  # fmt: skip
    else:
        out.append(("para", "No breach notice was sent to families through Vetted."))
    for report in incident.state_reports.all():
        out.append(("para", f"Reported to {report.agency} {when(report.sent_at)}"
                            + (f" (ref. {report.reference})" if report.reference else "") + "."))  # fmt: skip
    out += [
        ("heading", "The vendor's remediation"),
        ("para", incident.remediation or "Not recorded."),
        ("heading", "What the district is doing"),
        ("para", incident.what_we_are_doing or "Not recorded."),
    ]
    return out


def render_pdf(incident: Incident) -> bytes:
    from reportlab.lib.pagesizes import letter  # noqa: PLC0415 — reportlab loads only for a PDF
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    line = body.clone("Line", spaceBefore=0, spaceAfter=0)
    style = {"title": styles["Title"], "heading": styles["Heading2"], "line": line}
    story: list[Any] = []
    for kind, text in blocks(incident):
        if kind == "heading":
            story.append(Spacer(1, 6))
        story.append(Paragraph(escape(text).replace("\n", "<br/>"), style.get(kind, body)))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter, title=f"Incident {incident.pk} close-out",
                      author=incident.district.name).build(story)  # fmt: skip
    return buffer.getvalue()


@transaction.atomic
def close_incident(incident: Incident, *, actor: Any) -> Incident:
    """Close the incident and keep its report. Open obligations must be met or decided first."""
    incident = lock(incident)
    if incident.status == IncidentStatus.CLOSED:
        raise ValidationError({"close": "This incident is already closed."})
    open_rows = [o for o in clocks.obligations(incident) if o.status == ObligationStatus.OPEN]
    if open_rows:
        names = ", ".join(o.title.lower() for o in open_rows)
        raise ValidationError({"close": f"Meet or decide every obligation first; still open: {names}."})
    incident.status, incident.closed_at = IncidentStatus.CLOSED, timezone.now()
    data = render_pdf(incident)
    stored = storage.store(AREA, data, suffix="pdf")
    try:
        incident.report_path, incident.report_sha256 = stored.relative_path, stored.sha256
        incident.save(update_fields=["status", "closed_at", "report_path", "report_sha256"])
        record(incident.district, "incident.closed", actor=actor, subject=incident,
               details={"report_sha256": stored.sha256, "report_size": stored.size})  # fmt: skip
    except BaseException:
        storage.delete(stored.relative_path)
        raise
    return incident
