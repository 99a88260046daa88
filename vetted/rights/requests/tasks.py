"""Worker job: chase vendor tasks nobody answered. Once a task is past its due time the vendor's
privacy contact gets one reminder; past its escalation time the district's admins are told, once.
Each is claimed with a compare-and-swap on its column (vetted.kit.claims), so two workers or a
restart never send either twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from vetted.audit.services import record
from vetted.districts.models import Role
from vetted.kit.claims import claim_due
from vetted.outbox.services import mail_staff_on_commit, queue

from . import words
from .models import RequestStatus, RequestTask, TaskStatus
from .services import vendor_links


def _open() -> object:
    return RequestTask.objects.filter(
        status=TaskStatus.OPEN, revoked_at__isnull=True, request__status=RequestStatus.WITH_VENDORS
    ).select_related("district", "vendor", "request")


def _remind(task: RequestTask) -> None:
    district, req = task.district, task.request
    body = "\n".join([
        f"{district.name} is still waiting for your answer to rights request {req.pk} "
        f"({req.get_kind_display()}). It was due {words.when(task.due_at, district, 'en')}.",
        "Answer through your private link:", vendor_links.link_url(task), "",
        f"The district must answer the family by {words.when(req.due_at, district, 'en')}.",
        f"Questions: {district.public_contact_email or district.name}",
    ]) + "\n"  # fmt: skip
    queue(district, kind="rights_request.vendor_reminder", to=task.sent_to, key=f"rights-task:{task.pk}:reminder",
          subject=f"[{district.name}] Reminder: rights request {req.pk}", body=body, about=task)  # fmt: skip
    record(district, "rights_request.vendor_reminded", actor="worker", subject=req,
           details={"task": task.pk, "vendor": task.vendor.legal_name, "due_at": task.due_at.isoformat()})  # fmt: skip


def _escalate(task: RequestTask) -> None:
    district, req = task.district, task.request
    path = reverse("staff-rights-request", args=[district.slug, req.pk])
    body = "\n".join([
        f"{task.vendor.legal_name} has not answered rights request {req.pk} ({req.get_kind_display()}).",
        f"Its answer was due {words.when(task.due_at, district, 'en')}; it was reminded.",
        f"The district must answer the family by {words.when(req.due_at, district, 'en')}.",
        f"Open it: {settings.SITE_URL.rstrip('/')}{path}",
    ]) + "\n"  # fmt: skip
    mail_staff_on_commit(district, [Role.ADMIN], f"Vendor not answering: rights request {req.pk}", body,
                         kind="rights_request.vendor_overdue", key=f"rights-task:{task.pk}:escalated", about=task)  # fmt: skip
    record(district, "rights_request.vendor_escalated", actor="worker", subject=req,
           details={"task": task.pk, "vendor": task.vendor.legal_name})  # fmt: skip


def run_rights_task_chasing(now: dt.datetime) -> int:
    """One reminder to the vendor once a task is overdue; one message to the admins at escalation."""
    tasks = _open()
    reminded = claim_due(tasks.filter(due_at__lte=now), "reminded_at", now, _remind)  # type: ignore[attr-defined]
    escalated = claim_due(tasks.filter(escalate_at__lte=now), "escalated_at", now, _escalate)  # type: ignore[attr-defined]
    return reminded + escalated
