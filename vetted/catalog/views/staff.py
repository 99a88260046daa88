"""Staff pages for the catalogue and decisions. Views authorize, parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vetted.districts.access import member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors

from .. import approval_gate, governance, selectors, services
from ..forms import ChangeAnswerForm, DecisionForm, ResourceForm, VendorForm
from ..models import CatalogChange, Resource, ResourceDecision, Vendor
from ..reviews import APPROVALS


@login_required
def dashboard(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug)
    counts = dict(
        ResourceDecision.objects.filter(district=district)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return render(
        request,
        "catalog/staff/dashboard.html",
        {"district": district, "counts": counts, "can_edit": can(request.user, "catalog.edit", district),
         "can_audit": can(request.user, "audit.view", district),
         "can_manage_people": can(request.user, "membership.manage", district)},
    )  # fmt: skip


@login_required
def vendor_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "catalog.view")
    q = request.GET.get("q", "").strip()[:200]
    vendors = Vendor.objects.annotate(n_resources=Count("resources")).order_by("legal_name")
    if q:
        vendors = vendors.filter(legal_name__icontains=q)
    page = Paginator(vendors, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/staff/vendor_list.html",
        {"district": district, "page": page, "q": q, "can_edit": can(request.user, "catalog.edit", district)},
    )


@login_required
def vendor_edit(request: HttpRequest, district_slug: str, vendor_id: int | None = None) -> HttpResponse:
    district = member_district(request.user, district_slug, "catalog.edit")
    vendor = get_object_or_404(Vendor, pk=vendor_id) if vendor_id else None
    form = VendorForm(request.POST or None, instance=vendor)
    if request.method == "POST" and form.is_valid():
        try:
            if vendor is None:
                vendor = services.create_vendor(district, actor=request.user, data=form.cleaned_data)
                messages.success(request, f"Vendor “{vendor}” added.")
            else:
                outcome = services.update_vendor(district, vendor, actor=request.user, data=form.cleaned_data)
                if isinstance(outcome, CatalogChange):
                    return _proposed(request, district, outcome)
                messages.success(request, f"Vendor “{vendor}” saved.")
            return redirect("staff-vendors", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "catalog/staff/vendor_form.html",
        {"district": district, "form": form, "vendor": vendor, "shared_with": _shared_with(vendor, district)},
    )


def _shared_with(subject: Vendor | Resource | None, district: District) -> list[District]:
    """Other districts whose registry shows this row: an edit becomes a proposal to them (ADR 0001)."""
    return [d for d in governance.affected_districts(subject) if d != district] if subject else []


def _proposed(request: HttpRequest, district: District, change: CatalogChange) -> HttpResponse:
    asked = ", ".join(a.district.name for a in change.answers.select_related("district"))
    messages.info(
        request,
        f"Other districts publish “{change.subject}” ({asked}), so nothing changed yet: your change was "
        f"sent to them as change #{change.pk}. It takes effect when every one of them accepts it.",
    )
    return redirect("staff-catalog-changes", district.slug)


@login_required
def resource_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "catalog.view")
    q = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.resources_for_staff(q), 50).get_page(request.GET.get("page"))
    decisions = {
        d.resource_id: d
        for d in ResourceDecision.objects.filter(
            district=district, resource__in=[r.pk for r in page.object_list]
        )
    }
    rows = [(r, decisions.get(r.pk)) for r in page.object_list]
    return render(
        request,
        "catalog/staff/resource_list.html",
        {"district": district, "page": page, "rows": rows, "q": q,
         "can_edit": can(request.user, "catalog.edit", district)},
    )  # fmt: skip


@login_required
def resource_edit(request: HttpRequest, district_slug: str, resource_id: int | None = None) -> HttpResponse:
    district = member_district(request.user, district_slug, "catalog.edit")
    resource = get_object_or_404(Resource, pk=resource_id) if resource_id else None
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("subjects", "data_elements")}
        try:
            if resource is None:
                resource = services.create_resource(
                    district, actor=request.user, data=data,
                    subjects=form.cleaned_data["subjects"], data_elements=form.cleaned_data["data_elements"],
                )  # fmt: skip
                messages.success(
                    request, f"Resource “{resource}” added. Record the district's decision below."
                )
                return redirect("staff-decision", district.slug, resource.pk)
            outcome = services.update_resource(
                district, resource, actor=request.user, data=data,
                subjects=form.cleaned_data["subjects"], data_elements=form.cleaned_data["data_elements"],
            )  # fmt: skip
            if isinstance(outcome, CatalogChange):
                return _proposed(request, district, outcome)
            messages.success(request, f"Resource “{resource}” saved.")
            return redirect("staff-resources", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "catalog/staff/resource_form.html",
        {
            "district": district,
            "form": form,
            "resource": resource,
            "shared_with": _shared_with(resource, district),
        },
    )


DECISION_FIELDS = ("status", "grade_min", "grade_max", "conditions", "reason", "internal_notes", "staff_only")


@login_required
def decision_edit(request: HttpRequest, district_slug: str, resource_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "decision.edit")
    resource = get_object_or_404(Resource.objects.select_related("vendor"), pk=resource_id)
    decision = ResourceDecision.objects.filter(district=district, resource=resource).first()
    initial = (
        {f: getattr(decision, f) for f in DECISION_FIELDS}
        | {"elements_off": list(decision.elements_off.all())}
        if decision
        else {"status": "pending"}
    )
    form = DecisionForm(request.POST or None, initial=initial)
    # The policy gates a change to an approval; an approval already given is edited freely.
    policy_needs = (
        [] if decision and decision.status in APPROVALS else approval_gate.needs(district, resource)
    )
    if not (policy_needs and can(request.user, "decision.override_policy", district)):
        form.fields.pop("override_reason")
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(district, resource, actor=request.user, **form.cleaned_data)
            messages.success(request, f"Decision on “{resource}” saved; the public registry shows it now.")
            return redirect("staff-resources", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "catalog/staff/decision_form.html",
        {"district": district, "form": form, "resource": resource, "decision": decision,
         "policy_needs": policy_needs},
    )  # fmt: skip


@login_required
def catalog_changes(request: HttpRequest, district_slug: str) -> HttpResponse:
    """Proposed changes to shared rows: those this district made and those it is asked to answer."""
    district = member_district(request.user, district_slug, "catalog.view")
    page = Paginator(governance.changes_for(district), 25).get_page(request.GET.get("page"))
    rows = []
    for change in page.object_list:
        answers = list(change.answers.all())
        ours = next((a for a in answers if a.district_id == district.pk), None)
        rows.append((change, _shown(change.changes), answers, ours))
    return render(
        request,
        "catalog/staff/change_list.html",
        {"district": district, "page": page, "rows": rows, "form": ChangeAnswerForm(),
         "can_answer": can(request.user, "catalog.edit", district)},
    )  # fmt: skip


def _shown(changes: dict[str, Any]) -> list[tuple[str, str]]:
    """A proposal's values in words: lists joined, the vendor by name, blanks said."""
    shown = []
    for field, value in changes.items():
        if field == "vendor":
            value = Vendor.objects.filter(pk=value).values_list("legal_name", flat=True).first() or value
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "(none)"
        shown.append((field.replace("_", " "), "(empty)" if value in (None, "") else str(value)))
    return shown


@login_required
@require_POST
def catalog_change_answer(request: HttpRequest, district_slug: str, change_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "catalog.edit")
    change = governance.changes_for(district).filter(pk=change_id).first()
    if change is None:
        raise Http404("No such change.")
    form = ChangeAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept or refuse.")
        return redirect("staff-catalog-changes", district.slug)
    accept = form.cleaned_data["answer"] == "accept"
    try:
        governance.answer_change(
            district, change, actor=request.user, accept=accept, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("staff-catalog-changes", district.slug)
    messages.success(request, f"Your district {'accepted' if accept else 'refused'} change #{change.pk}.")
    return redirect("staff-catalog-changes", district.slug)
