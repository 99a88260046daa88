"""Staff pages: the provision checklist of one agreement, and adopting other districts' general offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from vetted.districts.access import member_district
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors
from vetted.kit.ids import parse_id

from ..forms import AdoptForm, CheckForm, OverrideForm
from ..models import ProvisionCheck
from ..services import checklist, offers
from .staff import _agreement


@login_required
def checklist_page(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    """Mark each required provision; accept or override what the automatic review found."""
    action = "agreement.edit" if request.method == "POST" else "agreement.view"
    district = member_district(request.user, district_slug, action)
    agreement = _agreement(district, agreement_id)
    checks = list(agreement.checks.all())
    bound = None
    if request.method == "POST":
        check = get_object_or_404(
            ProvisionCheck, agreement=agreement, pk=parse_id(request.POST.get("check")) or 0
        )
        bound = (check.pk, CheckForm(request.POST, prefix=f"c{check.pk}"))
        form = bound[1]
        if form.is_valid():
            try:
                checklist.mark_check(check, actor=request.user, **form.cleaned_data)
                messages.success(request, f"“{check.title}” marked {form.cleaned_data['status']}.")
                return redirect("staff-agreement-checklist", district.slug, agreement.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
    rows = [
        (c, bound[1] if bound and bound[0] == c.pk else
         CheckForm(prefix=f"c{c.pk}", initial={"status": c.status, "location": c.location, "note": c.note}),
         OverrideForm(prefix=f"o{c.pk}", initial={"location": c.location}))
        for c in checks
    ]  # fmt: skip
    return render(
        request, "agreements/staff/checklist.html",
        {"district": district, "agreement": agreement, "rows": rows, "summary": checklist.summary(agreement),
         "can_edit": can(request.user, "agreement.edit", district)},
        status=400 if bound else 200,
    )  # fmt: skip


@login_required
def offer_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.view")
    return render(
        request, "agreements/staff/offers.html",
        {"district": district, "offers": offers.adoptable_offers(district), "form": AdoptForm(),
         "can_edit": can(request.user, "agreement.edit", district)},
    )  # fmt: skip


@login_required
def offer_adopt(request: HttpRequest, district_slug: str, offer_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.edit")
    # Another district's agreement: only an offer this district may adopt is visible at all (404
    # with one message otherwise, so neither its title nor its district's state leaks).
    offer = offers.adoptable_offer(district, offer_id)
    form = AdoptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sub = offers.adopt_offer(district, offer, actor=request.user, **form.cleaned_data)
            messages.success(request, f"Adopted: “{sub.title}” is executed for {district.name}.")
            return redirect("staff-agreement", district.slug, sub.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request, "agreements/staff/adopt.html", {"district": district, "offer": offer, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip
