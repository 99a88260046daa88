"""The requester's pages: my requests, the form (drafts and submission), the "already known?" panel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vetted.catalog.models import Resource
from vetted.districts.access import member_district
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors
from vetted.kit.ids import parse_id

from .. import selectors, services
from ..forms import RequestForm
from ..models import TEXT_MAX, ResourceRequest
from ..states import TransitionRefused, allowed
from .common import get_request, render_detail


@login_required
def my_requests(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug)
    return render(request, "resource_requests/my_requests.html", {
        "district": district, "requests": selectors.my_requests(request.user, district),
        "can_create": can(request.user, "resource_request.create", district), "now": timezone.now(),
    })  # fmt: skip


@login_required
def detail(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    _, req = get_request(request, district_slug, pk)
    return render_detail(request, req)


def _picked_resource(request: HttpRequest) -> Resource | None:
    pk = parse_id(request.POST.get("resource"))
    return Resource.objects.filter(pk=pk).first() if pk is not None else None


@login_required
def request_form(request: HttpRequest, district_slug: str, pk: int | None = None) -> HttpResponse:
    """New request or edit of one's own draft. "Save draft" keeps it; "Submit" sends it on."""
    district = member_district(request.user, district_slug, "resource_request.create")
    req: ResourceRequest | None = None
    if pk is not None:
        _, req = get_request(request, district_slug, pk)
        if not can(request.user, "resource_request.edit", req):
            raise Http404("No such request.")
        if not allowed("edit", req.state):
            messages.error(request, str(TransitionRefused("edit", req.state)))
            return redirect("request-detail", district.slug, req.pk)
    initial = {"requester_position": getattr(request.user, "position", "")} if req is None else None
    picked = _picked_resource(request) if request.method == "POST" else (req.resource if req else None)
    submitting = request.POST.get("action") == "submit"
    form = RequestForm(request.POST or None, instance=req, initial=initial, district=district,
                       submitting=submitting, resource=picked)  # fmt: skip
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {**form.cleaned_data, "resource": picked}
            try:
                if submitting and (req is None or req.state == "draft"):
                    # One step: if the submit is refused, nothing is saved (no quiet draft).
                    req = services.save_and_submit(district, req, actor=request.user, data=data)
                    messages.success(request, _submitted_message(req))
                else:
                    if req is None:
                        req = services.create_draft(district, actor=request.user, data=data)
                    else:
                        req = services.update_draft(req, actor=request.user, data=data)
                    messages.success(request, DRAFT_SAVED)
                return redirect("request-detail", district.slug, req.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except TransitionRefused as exc:
                messages.error(request, str(exc))
                return (
                    redirect("request-detail", district.slug, req.pk)
                    if req
                    else redirect("requests-mine", district.slug)
                )
        status = 400
    name, url = form["resource_name"].value() or "", form["resource_url"].value() or ""
    grades = _grades(form)
    known = selectors.known_resources(district, name, url, grades=grades)
    answering = services.approval_answering(district, {
        "resource_name": name, "resource_url": url, "vendor_name": form["vendor_name"].value() or "",
        "resource": picked, "grade_min": grades[0], "grade_max": grades[1],
    }) if name else None  # fmt: skip
    return render(request, "resource_requests/form.html", {
        "district": district, "form": form, "req": req, "known": known, "picked": picked, "searched": bool(name or url),
        "today": timezone.localdate(timezone=district.tz), "answering": answering, "submitting": submitting,
        "text_limit": TEXT_MAX,
    }, status=status)  # fmt: skip


DRAFT_SAVED = "Draft saved — not sent yet. The committee sees it only after you submit it."


def _grade_value(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def _grades(
    form: RequestForm | None = None, query: dict[str, str] | None = None
) -> tuple[int | None, int | None]:
    """The grades asked, as typed (a form being edited, or the panel's query string)."""
    if form is not None:
        return _grade_value(form["grade_min"].value()), _grade_value(form["grade_max"].value())
    query = query or {}
    return _grade_value(query.get("grade_min")), _grade_value(query.get("grade_max"))


def _submitted_message(req: ResourceRequest) -> str:
    if req.state == "decided":
        return f"“{req.resource_name}” is {req.get_outcome_display().lower()}: {req.decision_reason}."
    return f"Sent to the committee. Its deadline is {timezone.localtime(req.due_at, req.district.tz):%B %-d, %Y}." if req.due_at else (
        "Sent to the committee.")  # fmt: skip


@login_required
@require_GET
def known(request: HttpRequest, district_slug: str) -> HttpResponse:
    """HTMX: matching catalogue resources while the requester types the name or the link."""
    district = member_district(request.user, district_slug, "resource_request.create")
    name = request.GET.get("resource_name", "")[:200]
    url = request.GET.get("resource_url", "")[:500]
    picked = parse_id(request.GET.get("resource"))
    grades = _grades(query={k: request.GET.get(k, "")[:3] for k in ("grade_min", "grade_max")})
    return render(request, "resource_requests/_known.html", {
        "district": district, "known": selectors.known_resources(district, name, url, grades=grades),
        "picked": Resource.objects.filter(pk=picked).first() if picked is not None else None,
        "searched": bool(name.strip() or url.strip()),
    })  # fmt: skip
