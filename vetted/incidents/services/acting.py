"""Acting on an incident: the breach notice to the affected families (through vetted.notices), the
public notice on /d/<slug>/incidents/, notices to state agencies, and "no notice required" as a
recorded decision. Each action meets (or decides) the obligation it answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.clocks.models import Obligation, ObligationStatus
from vetted.clocks.services import close_about, close_obligation
from vetted.kit.localtime import format_local
from vetted.notices.models import Notice, NoticeKind, NoticeStatus
from vetted.notices.services.send import send_notice

from ..models import Incident, StateReport
from ..selectors import affected_students
from . import clocks
from .recording import lock, require_open

SUBJECT = "incidents.incident"


def family_notice(incident: Incident) -> Notice | None:
    return (
        Notice.objects.filter(district=incident.district, kind=NoticeKind.BREACH, about_type=SUBJECT,
                              about_id=str(incident.pk)).order_by("-pk").first()
    )  # fmt: skip


def information_involved(incident: Incident) -> str:
    names = list(incident.elements.order_by("position").values_list("name", flat=True))
    return ", ".join(names) if names else "Not yet known; we will tell you when the vendor tells us."


@transaction.atomic
def send_family_notice(incident: Incident, *, actor: Any) -> Notice:
    """One breach notice to the families of every affected student, in their languages; meets the
    district's family-notice duties. Refused while a law-enforcement delay is running."""
    incident = lock(incident)
    require_open(incident)
    if incident.delay_started_at is not None and incident.delay_ended_at is None:
        raise ValidationError(
            {"notice": "A law-enforcement delay is running: record its end before telling families."}
        )
    sent = family_notice(incident)
    if sent is not None and sent.status == NoticeStatus.SENT:
        raise ValidationError({"notice": "The families were already told."})
    students = affected_students(incident)
    if not students.exists():
        raise ValidationError(
            {"notice": "No affected student is recorded: add the schools, classes or students first."}
        )
    missing = [name for name in ("what_happened", "what_we_are_doing", "what_you_can_do")
               if not getattr(incident, name).strip()]  # fmt: skip
    if missing:
        raise ValidationError(
            {
                "notice": "Write the public words first: "
                + ", ".join(m.replace("_", " ") for m in missing)
                + "."
            }
        )
    notice = Notice.objects.create(
        district=incident.district, kind=NoticeKind.BREACH, about_type=SUBJECT, about_id=str(incident.pk),
        title=incident.title, description=incident.what_happened,
        facts={"what_happened": incident.what_happened, "information_involved": information_involved(incident),
               "what_we_are_doing": incident.what_we_are_doing, "what_you_can_do": incident.what_you_can_do},
        created_by=actor,
    )  # fmt: skip
    notice = send_notice(notice, actor=actor, students=students)
    counts = notice.counts
    close_about(incident, kinds=clocks.FAMILY_KINDS, status=ObligationStatus.DONE, actor=actor,
                reason=f"Breach notice {notice.pk} sent: {counts.get('emails', 0)} e-mails and "
                       f"{counts.get('letters', 0)} letters for {counts.get('students', 0)} students.")  # fmt: skip
    record(incident.district, "incident.families_notified", actor=actor, subject=incident,
           details={"notice": notice.pk, **counts})  # fmt: skip
    return notice


@transaction.atomic
def post_publicly(incident: Incident, *, actor: Any) -> Incident:
    """The public notice: title, what happened, what we are doing, what families can do, the vendor,
    the kinds of data and dates. Never a name, a count of a class, or the internal notes."""
    incident = lock(incident)
    if incident.posted_at is not None:
        raise ValidationError({"post": "This incident is already posted."})
    if not incident.what_happened.strip():
        raise ValidationError({"post": "Write what happened (public words) first."})
    incident.posted_at, incident.posted_by = timezone.now(), actor
    incident.save(update_fields=["posted_at", "posted_by"])
    record(
        incident.district, "incident.posted", actor=actor, subject=incident, details={"title": incident.title}
    )
    return incident


@transaction.atomic
def record_state_report(
    incident: Incident, *, actor: Any, agency: str, sent_at: dt.datetime, reference: str = ""
) -> StateReport:
    incident = lock(incident)
    agency = (agency or "").strip()
    if not agency:
        raise ValidationError({"agency": "Name the agency."})
    if sent_at > timezone.now() + dt.timedelta(minutes=10):
        raise ValidationError({"sent_at": "This time is in the future."})
    report = StateReport.objects.create(district=incident.district, incident=incident, agency=agency[:200],
                                        sent_at=sent_at, reference=(reference or "").strip()[:200],
                                        recorded_by=actor)  # fmt: skip
    when = format_local(sent_at, incident.district.tz)
    close_about(incident, kinds=clocks.STATE_KINDS, status=ObligationStatus.DONE, actor=actor,
                reason=f"Reported to {report.agency} {when}" + (f" (ref. {report.reference})" if report.reference else "") + ".")  # fmt: skip
    record(incident.district, "incident.state_reported", actor=actor, subject=incident,
           details={"agency": report.agency, "sent_at": sent_at.isoformat(), "reference": report.reference})  # fmt: skip
    return report


@transaction.atomic
def decide_no_notice(incident: Incident, obligation: Obligation, *, actor: Any, reason: str) -> Obligation:
    """ "No notice required" is a decision: who, when (now) and why, never a blank."""
    incident = lock(incident)
    if obligation.subject_type != SUBJECT or obligation.subject_id != str(incident.pk):
        raise ValidationError({"reason": "That deadline is not this incident's."})
    if obligation.actor != "district":
        raise ValidationError({"reason": "Only the district's own duties can be decided here."})
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Say why no notice is required (at least a sentence)."})
    done = close_obligation(obligation, actor=actor, status=ObligationStatus.WAIVED,
                            reason=f"No notice required: {reason}")  # fmt: skip
    record(incident.district, "incident.no_notice_decided", actor=actor, subject=incident,
           details={"obligation": obligation.pk, "kind": obligation.kind, "reason": reason})  # fmt: skip
    return done
