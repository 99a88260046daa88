"""The family's side of rights requests, in the portal (/d/<d>/family/children/<id>/requests/): ask
for something about a child's apps, confirm it with a fresh code, follow it, read the answers and
download a vendor's file. Only for a child the member may act for (identity.child_for)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from vetted.audit.services import record_read
from vetted.districts.models import District
from vetted.kit.ids import parse_id

from .. import identity
from ..selectors import resources_used_by
from ..services import codes
from ..views import _access, _lang, _needs_member, _render
from . import words
from .models import RequestKind, RequestStatus, RequestTask, RightsRequest, TaskStatus
from .services import filing
from .staff_views import download

KINDS = [k.value for k in RequestKind]


def _words(lang_code: str, student: str) -> dict[str, str]:
    table = words.table(lang_code)
    return {k: v.replace("{student}", student) for k, v in table.items()}


def _child(member: identity.FamilyMember, student_id: str) -> identity.ChildAccess:
    access = _access(member, student_id)
    if not access.may_act:
        raise PermissionDenied("The rights are the student's now.")
    return access


def _own(member: identity.FamilyMember, access: identity.ChildAccess, request_id: str) -> RightsRequest:
    """One of the member's own requests about this child (another guardian's stay theirs)."""
    pk = parse_id(request_id)
    req = (
        RightsRequest.objects.select_related("district", "student", "requester")
        .filter(district=member.district, student=access.student, requester=member.person, pk=pk)
        .first()
        if pk is not None
        else None
    )
    if req is None:
        raise Http404("Not found.")
    return req


def status_words(req: RightsRequest, table: dict[str, str]) -> str:
    return table[f"status_{req.status}"]


@_needs_member
def new(
    request: HttpRequest, district: District, member: identity.FamilyMember, student_id: str
) -> HttpResponse:
    lang = _lang(request, member)
    access = _child(member, student_id)
    student = access.student
    name = student.first_name
    table = _words(lang.code, name)
    decisions = list(resources_used_by(district, student))
    resources = [d.resource for d in decisions]
    errors: dict[str, str] = {}
    chosen_kind = ""
    chosen: set[int] = set()
    values: dict[str, str] = {}
    pre = parse_id(request.GET.get("resource", ""))
    if pre is not None:
        chosen = {pre}
    if request.method == "POST":
        chosen_kind = str(request.POST.get("kind", ""))
        chosen = {i for i in (parse_id(v) for v in request.POST.getlist("resources")) if i is not None}
        values = {k: str(request.POST.get(k, ""))[:2000] for k in
                  ("correction_wrong", "correction_right", "export_address", "details")}  # fmt: skip
        picked = [r for r in resources if r.pk in chosen]
        if chosen_kind not in KINDS:
            errors["kind"] = table["error_kind"]
        if not picked or len(picked) != len(chosen):
            errors["resources"] = table["error_resources"]
        if not errors:
            try:
                req = filing.file_from_portal(
                    member, student, kind=chosen_kind, resources=picked, data=values
                )
                return HttpResponseRedirect(
                    reverse("family-request-confirm", args=[district.slug, student.pk, req.pk])
                )
            except ValidationError as exc:
                names = {"correction_wrong": "error_wrong", "correction_right": "error_right",
                         "export_address": "error_address", "resources": "error_resources", "kind": "error_kind"}  # fmt: skip
                for field in exc.error_dict if hasattr(exc, "error_dict") else ["kind"]:
                    errors[field] = table[names.get(field, "error_kind")]
    return _render(request, "requests/family_new.html", district, lang, status=400 if errors else 200,
                   member=member, student=student, name=name, rw=table, resources=resources, kinds=KINDS,
                   chosen_kind=chosen_kind, chosen=chosen, values=values, errors=errors)  # fmt: skip


@_needs_member
def confirm(
    request: HttpRequest, district: District, member: identity.FamilyMember, student_id: str, request_id: str
) -> HttpResponse:
    lang = _lang(request, member)
    access = _child(member, student_id)
    req = _own(member, access, request_id)
    if req.status != RequestStatus.CONFIRMING:
        return HttpResponseRedirect(
            reverse("family-request", args=[district.slug, access.student.pk, req.pk])
        )
    table = _words(lang.code, access.student.first_name)
    error = notice = ""
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "resend":
            if filing.within_limit(request, "rights_confirm_send", key=f"{district.pk}:{req.pk}"):
                filing.resend_code(member, req)
            notice = table["confirm_resent"]
        elif not filing.within_limit(request, "rights_confirm_check"):
            error, status = table["confirm_too_many"], 429
        elif filing.confirm_from_portal(member, req, str(request.POST.get("code", ""))[:20]):
            url = reverse("family-request", args=[district.slug, access.student.pk, req.pk])
            return HttpResponseRedirect(url + "?sent=1")
        else:
            error, status = table["confirm_wrong"], 400
    return _render(request, "requests/family_confirm.html", district, lang, status=status, member=member,
                   student=access.student, req=req, rw=table, error=error, notice=notice)  # fmt: skip


@_needs_member
def detail(
    request: HttpRequest, district: District, member: identity.FamilyMember, student_id: str, request_id: str
) -> HttpResponse:
    lang = _lang(request, member)
    access = _child(member, student_id)
    req = _own(member, access, request_id)
    name = access.student.first_name
    table = _words(lang.code, name)
    answers = []
    for task in req.tasks.select_related("vendor").order_by("pk"):
        vendor = task.vendor.legal_name
        if task.outcome == "done":
            text = words.word(lang.code, "outcome_done", vendor=vendor)
        elif task.outcome == "refused":
            text = words.word(lang.code, "outcome_refused", vendor=vendor, reason=task.reason)
        elif task.status == TaskStatus.CANCELLED:
            text = words.word(lang.code, "outcome_cancelled", vendor=vendor)
        else:
            text = words.word(lang.code, "outcome_waiting", vendor=vendor)
        answers.append(
            {"task": task, "text": text, "download": words.word(lang.code, "download", vendor=vendor)}
        )
    record_read(district, "family.request_viewed", actor=codes.ACTOR,
                details={"member": member.person.pk, "student": access.student.pk, "request": req.pk})  # fmt: skip
    return _render(
        request, "requests/family_detail.html", district, lang, member=member, student=access.student, req=req,
        rw=table, status_text=status_words(req, table), answers=answers, sent=request.GET.get("sent") == "1",
        heading=words.word(lang.code, "request_heading", kind=table[f"name_{req.kind}"]),
        due=words.word(lang.code, "due", date=words.when(req.due_at, district, lang.code)) if req.due_at else "",
        asked=words.word(lang.code, "asked_on", date=words.day(req.created_at, district, lang.code)),
        refused=words.word(lang.code, "refused_reason", reason=req.refusal_reason) if req.refusal_reason else "",
        note=words.word(lang.code, "school_note", note=req.outcome_note) if req.outcome_note else "",
        extended=words.word(lang.code, "extended", reason=req.extension_reason) if req.extension_reason else "",
        back=words.word(lang.code, "back_child", student=name),
        resource_names=[r.name for r in req.resources.order_by("name")],
    )  # fmt: skip


@_needs_member
def task_file(
    request: HttpRequest, district: District, member: identity.FamilyMember, student_id: str, request_id: str,
    task_id: str,
) -> Any:  # fmt: skip
    access = _child(member, student_id)
    req = _own(member, access, request_id)
    pk = parse_id(task_id)
    task = (
        RequestTask.objects.filter(district=district, request=req, pk=pk, outcome="done")
        .exclude(file_path="")
        .first()
        if pk is not None
        else None
    )
    if task is None:
        raise Http404("Not found.")
    record_read(district, "family.request_file_read", actor=codes.ACTOR,
                details={"member": member.person.pk, "request": req.pk, "task": task.pk, "sha256": task.file_sha256})  # fmt: skip
    response: FileResponse = download(task.file_path, task.file_name or f"request-{req.pk}-{task.pk}")
    return response


def family_requests(member: identity.FamilyMember, student_id: int) -> list[RightsRequest]:
    """The member's own requests about a child, newest first (unconfirmed ones too: the member may
    still confirm them)."""
    return list(
        RightsRequest.objects.filter(
            district=member.district, student_id=student_id, requester=member.person
        ).order_by("-pk")[:50]
    )
