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

from .. import selectors, services
from ..forms import RequestForm
from ..models import ResourceRequest
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
    value = request.POST.get("resource", "")
    return Resource.objects.filter(pk=int(value)).first() if value.isdigit() else None


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
    form = RequestForm(request.POST or None, instance=req, initial=initial)
    picked = _picked_resource(request) if request.method == "POST" else (req.resource if req else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {**form.cleaned_data, "resource": picked}
            try:
                if req is None:
                    req = services.create_draft(district, actor=request.user, data=data)
                else:
                    req = services.update_draft(req, actor=request.user, data=data)
                if request.POST.get("action") == "submit" and req.state == "draft":
                    req = services.submit(req, actor=request.user)
                    messages.success(request, _submitted_message(req))
                else:
                    messages.success(request, "Your request is saved.")
                return redirect("request-detail", district.slug, req.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
                if req is not None and req.pk:
                    messages.info(request, "Your draft is saved; fix the problems below, then submit it.")
            except TransitionRefused as exc:
                messages.error(request, str(exc))
                return (
                    redirect("request-detail", district.slug, req.pk)
                    if req
                    else redirect("requests-mine", district.slug)
                )
        status = 400
    name, url = form["resource_name"].value() or "", form["resource_url"].value() or ""
    known = selectors.known_resources(district, name, url)
    return render(request, "resource_requests/form.html", {
        "district": district, "form": form, "req": req, "known": known, "picked": picked, "searched": bool(name or url),
        "today": timezone.localdate(timezone=district.tz),
    }, status=status)  # fmt: skip


def _submitted_message(req: ResourceRequest) -> str:
    if req.state == "decided":
        return f"“{req.resource_name}” is {req.get_outcome_display().lower()}: {req.decision_reason}."
    return f"Your request is submitted. The committee's deadline is {timezone.localtime(req.due_at, req.district.tz):%B %-d, %Y}." if req.due_at else (
        "Your request is submitted.")  # fmt: skip


@login_required
@require_GET
def known(request: HttpRequest, district_slug: str) -> HttpResponse:
    """HTMX: matching catalogue resources while the requester types the name or the link."""
    district = member_district(request.user, district_slug, "resource_request.create")
    name = request.GET.get("resource_name", "")[:200]
    url = request.GET.get("resource_url", "")[:500]
    picked = request.GET.get("resource", "")
    return render(request, "resource_requests/_known.html", {
        "district": district, "known": selectors.known_resources(district, name, url),
        "picked": Resource.objects.filter(pk=int(picked)).first() if picked.isdigit() else None,
        "searched": bool(name.strip() or url.strip()),
    })  # fmt: skip
