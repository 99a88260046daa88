"""What staff do with a received request: send it to the vendors (one task each, a secure link to
each privacy contact), extend its deadline (a logged reason, a new date, the family told), refuse it
(the family reads the reason), close it. When every vendor has answered the request is done and the
family is told the outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.clocks.models import Obligation, ObligationStatus
from vetted.clocks.services import close_about, move_obligation, remind_time
from vetted.outbox.services import queue

from .. import words
from ..models import OPEN_STATUSES, RequestKind, RequestStatus, RequestTask, RightsRequest, TaskStatus
from . import vendor_links
from .deadlines import EVENT
from .filing import _lock, family_path, kind_words, mail_family

ESCALATE_AFTER = dt.timedelta(days=2)


def _require_open(req: RightsRequest) -> None:
    if req.status not in OPEN_STATUSES:
        raise ValidationError({"request": f"This request is {req.get_status_display().lower()}."})


def _obligation(req: RightsRequest) -> Obligation | None:
    return Obligation.objects.filter(
        district=req.district, subject_type=req._meta.label_lower, subject_id=str(req.pk), event=EVENT,
        kind=req.deadline_id,
    ).first()  # fmt: skip


def task_times(sent_at: dt.datetime, due_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The vendor's answer is due halfway to the district's deadline (then one reminder); still
    unanswered ESCALATE_AFTER later, or at the district's deadline if that is sooner, the admins
    are told."""
    window = max(due_at - sent_at, dt.timedelta(0))
    task_due = sent_at + window / 2
    return task_due, max(task_due, min(task_due + ESCALATE_AFTER, due_at))


def _vendor_mail(task: RequestTask, req: RightsRequest) -> None:
    district = req.district
    what = {
        RequestKind.INSPECT: "tell us what personal information you hold about the student (a file or a statement)",
        RequestKind.CORRECT: "correct the student's information as described below",
        RequestKind.DELETE: "delete the student's personal information",
        RequestKind.EXPORT: "send a copy of the student-generated content (the student's work) to the address below",
    }[RequestKind(req.kind)]  # fmt: skip
    lines = [
        f"{district.name} received a request from a family under the student-privacy terms of your agreement.",
        f"Please {what}, and answer through this private link by {words.when(task.due_at, district, 'en')}:",
        vendor_links.link_url(task),
        "",
        "Products: " + ", ".join(r.name for r in task.resources.all()),
        f"Student: {req.student.given_name} {req.student.family_name} (roster id {req.student.sourced_id})",
    ]
    if req.kind == RequestKind.CORRECT:
        lines += [f"What is wrong: {req.correction_wrong}", f"What it should say: {req.correction_right}"]
    if req.kind == RequestKind.EXPORT:
        lines += [f"Send the copy to: {req.export_address}"]
    if req.details:
        lines += [f"The family adds: {req.details}"]
    lines += ["", "The link works once, only for this request, and expires "
              f"{words.when(task.expires_at, district, 'en')}.",
              f"Questions: {district.public_contact_email or district.name}"]  # fmt: skip
    queue(district, kind="rights_request.vendor_task", to=task.sent_to, key=f"rights-task:{task.pk}:sent",
          subject=f"[{district.name}] Rights request {req.pk}: {req.get_kind_display()}",
          body="\n".join(lines) + "\n", about=task)  # fmt: skip


@transaction.atomic
def send_to_vendors(req: RightsRequest, *, actor: Any) -> list[RequestTask]:
    """One task per vendor of the request's resources, each with its link e-mailed to the vendor's
    privacy contact. Refused, naming them, if a vendor has no privacy contact."""
    req = _lock(req)
    if req.status != RequestStatus.RECEIVED:
        raise ValidationError({"request": "Only a received request (identity checked) goes to the vendors."})
    resources = list(req.resources.select_related("vendor").order_by("name"))
    if not resources:
        raise ValidationError({"request": "The request names no app or website."})
    by_vendor: dict[int, list[Any]] = {}
    for r in resources:
        by_vendor.setdefault(r.vendor_id, []).append(r)
    missing = sorted({r.vendor.legal_name for r in resources if not r.vendor.privacy_contact_email})
    if missing:
        raise ValidationError({"request": "No privacy contact e-mail for: " + ", ".join(missing)
                                          + ". Add one on the vendor's page first."})  # fmt: skip
    now = timezone.now()
    assert req.due_at is not None
    due, escalate = task_times(now, req.due_at)
    tasks = []
    for items in by_vendor.values():
        vendor = items[0].vendor
        task = RequestTask.objects.create(
            district=req.district, request=req, vendor=vendor, sent_to=vendor.privacy_contact_email,
            expires_at=vendor_links.expiry(now, req.due_at), sent_at=now, due_at=due, escalate_at=escalate,
        )  # fmt: skip
        task.resources.set(items)
        _vendor_mail(task, req)
        tasks.append(task)
    req.status = RequestStatus.WITH_VENDORS
    req.save(update_fields=["status"])
    record(req.district, "rights_request.sent_to_vendors", actor=actor, subject=req,
           details={"tasks": [{"task": t.pk, "vendor": t.vendor.legal_name, "to": t.sent_to,
                               "due_at": t.due_at.isoformat(), "expires_at": t.expires_at.isoformat()}
                              for t in tasks]})  # fmt: skip
    return tasks


@transaction.atomic
def extend(req: RightsRequest, *, actor: Any, new_date: dt.date, reason: str) -> RightsRequest:
    """A later deadline: the end of `new_date` in the district's zone, with a logged reason; the
    family is told the new date and the reason."""
    req = _lock(req)
    _require_open(req)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Say why more time is needed (the family reads it)."})
    new_due = dt.datetime.combine(new_date, dt.time(23, 59, 59), tzinfo=req.district.tz)
    if req.due_at is None or new_due <= req.due_at:
        raise ValidationError({"new_date": "Choose a day after the current deadline."})
    old = req.due_at
    req.due_at, req.extension_reason, req.extended_at = new_due, reason[:2000], timezone.now()
    req.save(update_fields=["due_at", "extension_reason", "extended_at"])
    obligation = _obligation(req)
    if obligation is not None and obligation.status == ObligationStatus.OPEN and req.received_at is not None:
        move_obligation(obligation, due_at=new_due, remind_at=remind_time(req.received_at, new_due), actor=actor,
                        details={"rights_request": req.pk, "why": reason})  # fmt: skip
    for task in req.tasks.filter(status=TaskStatus.OPEN):
        RequestTask.objects.filter(pk=task.pk).update(
            escalate_at=max(task.escalate_at, min(task.due_at + ESCALATE_AFTER, new_due)),
            expires_at=max(task.expires_at, vendor_links.expiry(task.sent_at, new_due)),
        )  # fmt: skip
    record(req.district, "rights_request.extended", actor=actor, subject=req,
           details={"old_due_at": old.isoformat(), "new_due_at": new_due.isoformat(), "reason": reason})  # fmt: skip
    lang = req.language
    mail_family(req, "extended", words.word(lang, "mail_extended_subject"), key=f"extended:{new_due.date()}", lines=[
        words.word(lang, "mail_extended_body", district=req.district.name, student=req.student.first_name,
                   kind=kind_words(req), date=words.when(new_due, req.district, lang), reason=reason),
        "", words.word(lang, "mail_see", link=settings.SITE_URL.rstrip("/") + family_path(req)),
    ])  # fmt: skip
    return req


def _cancel_open_tasks(req: RightsRequest, now: dt.datetime) -> list[int]:
    ids = list(req.tasks.filter(status=TaskStatus.OPEN).values_list("pk", flat=True))
    RequestTask.objects.filter(pk__in=ids).update(status=TaskStatus.CANCELLED, revoked_at=now)
    return ids


@transaction.atomic
def refuse(req: RightsRequest, *, actor: Any, reason: str) -> RightsRequest:
    """Refused, with the reason in words the family reads; open vendor links stop working."""
    req = _lock(req)
    if req.status not in (*OPEN_STATUSES, RequestStatus.CONFIRMING):
        raise ValidationError({"reason": f"This request is already {req.get_status_display().lower()}."})
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Give the reason in words the family understands (at least a sentence)."}
        )
    now = timezone.now()
    cancelled = _cancel_open_tasks(req, now)
    req.status, req.refusal_reason, req.closed_at = RequestStatus.REFUSED, reason[:2000], now
    req.save(update_fields=["status", "refusal_reason", "closed_at"])
    close_about(req, kinds=[req.deadline_id], status=ObligationStatus.DONE, actor=actor,
                reason=f"Refused: {reason}"[:1000])  # fmt: skip
    record(req.district, "rights_request.refused", actor=actor, subject=req,
           details={"reason": reason, "cancelled_tasks": cancelled})  # fmt: skip
    lang = req.language
    mail_family(req, "refused", words.word(lang, "mail_refused_subject"), [
        words.word(lang, "mail_refused_body", district=req.district.name, student=req.student.first_name,
                   kind=kind_words(req), reason=reason),
        "", words.word(lang, "mail_see", link=settings.SITE_URL.rstrip("/") + family_path(req)),
    ])  # fmt: skip
    return req


def outcome_lines(req: RightsRequest) -> list[str]:
    lang = req.language
    lines = []
    for task in req.tasks.select_related("vendor").order_by("pk"):
        vendor = task.vendor.legal_name
        if task.outcome == "done":
            lines.append("- " + words.word(lang, "outcome_done", vendor=vendor))
            if task.statement:
                lines.append(f"  {task.statement}")
        elif task.outcome == "refused":
            lines.append("- " + words.word(lang, "outcome_refused", vendor=vendor, reason=task.reason))
        elif task.status == TaskStatus.CANCELLED:
            lines.append("- " + words.word(lang, "outcome_cancelled", vendor=vendor))
        else:
            lines.append("- " + words.word(lang, "outcome_waiting", vendor=vendor))
    if req.outcome_note:
        lines.append(words.word(lang, "school_note", note=req.outcome_note))
    return lines


def _finish(req: RightsRequest, *, actor: Any, why: str) -> None:
    """Done: the obligation met, the family told the outcome (in the caller's transaction)."""
    req.status, req.closed_at = RequestStatus.DONE, timezone.now()
    req.save(update_fields=["status", "closed_at", "outcome_note"])
    close_about(req, kinds=[req.deadline_id], status=ObligationStatus.DONE, actor=actor, reason=why[:1000])
    record(req.district, "rights_request.done", actor=actor, subject=req,
           details={"why": why, "outcomes": {str(t.pk): t.outcome or t.status for t in req.tasks.all()}})  # fmt: skip
    lang = req.language
    mail_family(req, "outcome", words.word(lang, "mail_outcome_subject"), [
        words.word(lang, "mail_outcome_body", district=req.district.name, student=req.student.first_name,
                   kind=kind_words(req)),
        *outcome_lines(req), "",
        words.word(lang, "mail_see", link=settings.SITE_URL.rstrip("/") + family_path(req)),
    ])  # fmt: skip


@transaction.atomic
def close(req: RightsRequest, *, actor: Any, note: str) -> RightsRequest:
    """Staff close it (e.g. answered outside the vendors' links): open links stop working, the
    family reads the note."""
    req = _lock(req)
    if req.status not in (RequestStatus.RECEIVED, RequestStatus.WITH_VENDORS):
        raise ValidationError({"note": "Only a received request, or one with the vendors, can be closed."})
    note = (note or "").strip()
    if len(note) < 10:
        raise ValidationError({"note": "Say what was done, in words the family understands."})
    cancelled = _cancel_open_tasks(req, timezone.now())
    req.outcome_note = note[:2000]
    _finish(
        req,
        actor=actor,
        why=f"Closed by staff: {note}" + (f" (tasks {cancelled} cancelled)" if cancelled else ""),
    )
    return req


def finish_if_answered(req: RightsRequest, *, actor: Any) -> bool:
    """Called in the answer's transaction: when no task is open any more, the request is done."""
    req = _lock(req)
    if req.status != RequestStatus.WITH_VENDORS or req.tasks.filter(status=TaskStatus.OPEN).exists():
        return False
    _finish(req, actor=actor, why="Every vendor answered.")
    return True
