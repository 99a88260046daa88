"""Worker job: chase a missing certificate of disposition. The vendor's privacy contact is reminded
once, when the reminder time comes (a quarter of the window before the due time, at least a day);
the district's admins are told once, when it is overdue (the obligation becomes "overdue"). Each is
claimed by compare-and-swap (vetted.kit.claims), so a restart or a second worker never sends twice."""

from __future__ import annotations

import datetime as dt

from vetted.audit.services import record
from vetted.districts.models import Role
from vetted.kit.claims import claim_due
from vetted.kit.localtime import format_local
from vetted.outbox.services import mail_staff_on_commit, queue

from .models import WAITING, DispositionObligation, DispositionStatus
from .services.links import link_for_reminder, reminder_body


def _remind(ob: DispositionObligation) -> None:
    overdue = ob.reminded_at is not None and ob.due_at <= ob.reminded_at  # reminded_at: the claim's `now`
    if not ob.contact_email:
        record(ob.district, "disposition.reminded", actor="worker", subject=ob,
               details={"to": "", "sent": False, "why": "no privacy contact e-mail on file"})  # fmt: skip
        mail_staff_on_commit(
            ob.district, [Role.ADMIN], f"No vendor contact to remind: {ob.agreement.title}",
            f"The certificate of data disposition for “{ob.agreement.title}” is due "
            f"{format_local(ob.due_at, ob.district.tz)} and Vetted has no privacy contact e-mail for "
            f"{ob.agreement.vendor.legal_name}. Send the link yourself:\n{ob.staff_url()}",
            kind="disposition.no_contact", key=f"disposition:{ob.pk}:no-contact", about=ob,
        )  # fmt: skip
        return
    link, new = link_for_reminder(ob)
    queue(ob.district, kind="disposition.reminder", to=ob.contact_email, key=f"disposition:{ob.pk}:reminder",
          subject=f"Reminder: certify the disposition of {ob.district.name}'s student data ({ob.agreement.title})",
          body=reminder_body(ob, link, overdue=overdue), about=ob)  # fmt: skip
    record(ob.district, "disposition.reminded", actor="worker", subject=ob,
           details={"to": ob.contact_email, "link": link.pk, "new_link": new, "overdue": overdue})  # fmt: skip


def _escalate(ob: DispositionObligation) -> None:
    DispositionObligation.objects.filter(pk=ob.pk, status=DispositionStatus.OPEN).update(
        status=DispositionStatus.OVERDUE
    )
    record(ob.district, "disposition.escalated", actor="worker", subject=ob,
           details={"due_at": ob.due_at.isoformat(), "agreement": ob.agreement_id})  # fmt: skip
    mail_staff_on_commit(
        ob.district, [Role.ADMIN], f"OVERDUE: certificate of data disposition — {ob.agreement.title}",
        f"{ob.agreement.vendor.legal_name} has not certified that it disposed of the student data held under "
        f"“{ob.agreement.title}”. It was due {format_local(ob.due_at, ob.district.tz)} "
        f"({ob.district.time_zone}).\nSend a new link, or record a certificate received on paper:\n{ob.staff_url()}",
        kind="disposition.overdue", key=f"disposition:{ob.pk}:overdue", about=ob,
    )  # fmt: skip


def run_disposition_chasing(now: dt.datetime) -> int:
    waiting = DispositionObligation.objects.filter(status__in=WAITING).select_related(
        "district", "agreement__vendor"
    )
    reminded = claim_due(waiting.filter(remind_at__lte=now), "reminded_at", now, _remind)
    escalated = claim_due(waiting.filter(due_at__lte=now), "escalated_at", now, _escalate)
    return reminded + escalated
