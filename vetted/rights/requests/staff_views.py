"""Staff pages (/manage/<d>/rights/requests/): the queue (days left, overdue first), a request with
its timeline, the entry form for paper and phone requests, one POST per action. Authorize through
can() (rights_request.view / .manage), parse a form, call one service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vetted.audit.models import AuditEvent
from vetted.audit.services import record_read
from vetted.districts.access import get_for_user, member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.documents import storage
from vetted.kit.forms import add_service_errors, form_action

from . import forms as f
from .models import OPEN_STATUSES, RequestStatus, RequestTask, RightsRequest
from .services import filing, handling

TIMELINE_WORDS = {
    "rights_request.filed": "Filed",
    "rights_request.code_sent": "Confirmation code sent to the family",
    "rights_request.received": "Received (the family confirmed with its code)",
    "rights_request.identity_confirmed": "Identity checked",
    "rights_request.sent_to_vendors": "Sent to the vendors",
    "rights_request.extended": "Deadline extended",
    "rights_request.refused": "Refused",
    "rights_request.vendor_answered": "A vendor answered",
    "rights_request.vendor_reminded": "A vendor was reminded",
    "rights_request.vendor_escalated": "Escalated to the admins: a vendor has not answered",
    "rights_request.done": "Done",
    "rights_request.viewed": "Viewed",
    "rights_request.file_read": "A vendor's file was downloaded",
    "obligation.started": "Deadline started",
}


def days_left(due: dt.datetime | None, now: dt.datetime) -> str:
    if due is None:
        return "No deadline yet"
    seconds = (due - now).total_seconds()
    days = int(abs(seconds) // 86400)
    if seconds < 0:
        return f"overdue by {days} day{'s' if days != 1 else ''}" if days else "overdue today"
    return f"{days} day{'s' if days != 1 else ''} left" if days else "due today"


def _request(request: HttpRequest, district_slug: str, request_id: int, action: str) -> RightsRequest:
    return get_for_user(request.user, RightsRequest, district_slug, request_id, action)


def queue_rows(district: District, status: str, kind: str) -> QuerySet[RightsRequest]:
    rows = RightsRequest.objects.filter(district=district)
    if status != RequestStatus.CONFIRMING:
        rows = rows.exclude(status=RequestStatus.CONFIRMING)  # not a request until the family confirms it
    if status == "all":
        pass
    elif status:
        rows = rows.filter(status=status)
    else:
        rows = rows.filter(status__in=OPEN_STATUSES)
    if kind:
        rows = rows.filter(kind=kind)
    now = timezone.now()
    # Overdue open requests first, then by the deadline (the nearest first).
    late = Case(When(status__in=OPEN_STATUSES, due_at__lt=now, then=Value(0)), default=Value(1),
                output_field=IntegerField())  # fmt: skip
    return rows.select_related("student").annotate(late=late).order_by("late", "due_at", "pk")


@login_required
def queue(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "rights_request.view")
    form = f.QueueFilter(request.GET or None)
    status = kind = ""
    if form.is_valid():
        status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
    now = timezone.now()
    rows = [{"r": r, "left": days_left(r.due_at, now) if r.is_open else "",
             "overdue": r.is_open and r.due_at is not None and r.due_at < now}
            for r in queue_rows(district, status, kind)[:500]]  # fmt: skip
    return render(request, "rights/requests/staff_queue.html", {
        "district": district, "rows": rows, "filter": form, "zone": district.time_zone,
        "can_manage": can(request.user, "rights_request.manage", district),
    })  # fmt: skip


@login_required
def new(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "rights_request.manage")
    zone = district.time_zone
    if request.method != "POST":
        form = f.EntryForm(district, zone_name=zone)
        return render(request, "rights/requests/staff_new.html", {"district": district, "form": form})
    with timezone.override(district.tz):
        form = f.EntryForm(district, request.POST, zone_name=zone)
        valid = form.is_valid()
    if valid:
        try:
            req = filing.enter_for_family(district, actor=request.user, data=form.cleaned_data)
            messages.success(request, "Request recorded. Check who asked, then send it to the vendors.")
            return redirect("staff-rights-request", district.slug, req.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "rights/requests/staff_new.html", {"district": district, "form": form}, status=400)


def timeline(req: RightsRequest) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            district=req.district, subject_type=req._meta.label_lower, subject_id=str(req.pk)
        )
        .exclude(event_type="rights_request.viewed")
        .order_by("seq")
    )


def _detail(request: HttpRequest, req: RightsRequest, *, forms: dict[str, Any] | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    district = req.district
    now = timezone.now()
    record_read(district, "rights_request.viewed", actor=request.user, subject=req,
                details={"student": req.student_id})  # fmt: skip
    events = [{"e": e, "what": TIMELINE_WORDS.get(e.event_type, e.event_type)} for e in timeline(req)]
    context = {
        "district": district, "req": req, "zone": district.time_zone, "events": events,
        "left": days_left(req.due_at, now) if req.is_open else "",
        "overdue": req.is_open and req.due_at is not None and req.due_at < now,
        "tasks": list(req.tasks.select_related("vendor").prefetch_related("resources")),
        "resources": list(req.resources.select_related("vendor").order_by("name")),
        "can_manage": can(request.user, "rights_request.manage", req),
        "identity_form": f.IdentityForm(), "extend_form": f.ExtendForm(), "refuse_form": f.RefuseForm(),
        "close_form": f.CloseForm(), **(forms or {}),
    }  # fmt: skip
    return render(request, "rights/requests/staff_detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    return _detail(request, _request(request, district_slug, request_id, "rights_request.view"))


def _act(
    request: HttpRequest, req: RightsRequest, form_name: str, form: Any, call: Any, done: str
) -> HttpResponse:
    return form_action(
        request, form_name, form, call, done,
        success=lambda: redirect("staff-rights-request", req.district.slug, req.pk),
        rerender=lambda forms: _detail(request, req, forms=forms, status=400),
    )  # fmt: skip


@login_required
@require_POST
def confirm_identity(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    req = _request(request, district_slug, request_id, "rights_request.manage")
    return _act(request, req, "identity_form", f.IdentityForm(request.POST),
                lambda d: filing.confirm_identity(req, actor=request.user, method=d["method"]),
                "Identity recorded; the request is received.")  # fmt: skip


@login_required
@require_POST
def send(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    req = _request(request, district_slug, request_id, "rights_request.manage")
    return _act(request, req, "", None, lambda d: handling.send_to_vendors(req, actor=request.user),
                "Sent: each vendor's privacy contact has its link.")  # fmt: skip


@login_required
@require_POST
def extend(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    req = _request(request, district_slug, request_id, "rights_request.manage")
    return _act(request, req, "extend_form", f.ExtendForm(request.POST),
                lambda d: handling.extend(req, actor=request.user, new_date=d["new_date"], reason=d["reason"]),
                "Deadline extended; the family is told the new date and why.")  # fmt: skip


@login_required
@require_POST
def refuse(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    req = _request(request, district_slug, request_id, "rights_request.manage")
    return _act(request, req, "refuse_form", f.RefuseForm(request.POST),
                lambda d: handling.refuse(req, actor=request.user, reason=d["reason"]),
                "Refused; the family is told why.")  # fmt: skip


@login_required
@require_POST
def close(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    req = _request(request, district_slug, request_id, "rights_request.manage")
    return _act(request, req, "close_form", f.CloseForm(request.POST),
                lambda d: handling.close(req, actor=request.user, note=d["note"]),
                "Closed; the family is told the outcome.")  # fmt: skip


def download(path: str, name: str) -> FileResponse:
    try:
        handle = storage.open_stored(path)
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing.") from None
    # Always a download, never rendered here: an HTML file must not run in Vetted's origin.
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def task_file(request: HttpRequest, district_slug: str, request_id: int, task_id: int) -> FileResponse:
    req = _request(request, district_slug, request_id, "rights_request.view")
    task = (
        RequestTask.objects.filter(district=req.district, request=req, pk=task_id)
        .exclude(file_path="")
        .first()
    )
    if task is None:
        raise Http404("No such file.")
    record_read(req.district, "rights_request.file_read", actor=request.user, subject=req,
                details={"task": task.pk, "sha256": task.file_sha256})  # fmt: skip
    return download(task.file_path, task.file_name or f"request-{req.pk}-{task.pk}")
