"""The district's people (who has access, with which role) and its settings; admins manage both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vetted.catalog import reviews
from vetted.districts.access import member_district
from vetted.districts.models import Membership, Role
from vetted.kit.forms import add_service_errors

from . import invitations, services
from .forms import AddMemberForm, DistrictSettingsForm, ReviewScheduleForm, RoleForm
from .models import Invitation


@login_required
def people(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "membership.manage")
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invite(district, actor=request.user, **form.cleaned_data)
            # The same words for every address: whether it already has an account is not said.
            messages.success(
                request, f"An invitation was sent to {invitation.email}. They join once they accept it."
            )
            return redirect("people", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    members = Membership.objects.filter(district=district).select_related("user").order_by("user__full_name")
    waiting = Invitation.objects.filter(
        district=district, accepted_at=None, declined_at=None, withdrawn_at=None, erased_at=None
    ).select_related("invited_by")
    context = {
        "district": district, "form": form, "members": members, "roles": Role.choices, "invitations": waiting,
        "now": timezone.now(),
    }  # fmt: skip
    return render(request, "district_admin/people.html", context, status=400 if form.errors else 200)


def _on_invitation(
    request: HttpRequest, district_slug: str, invitation_id: int, verb: Callable[..., Any], done: str
) -> HttpResponse:
    """An admin's action on one of the district's invitations; `done` names the address ({email})."""
    district = member_district(request.user, district_slug, "membership.manage")
    invitation = get_object_or_404(Invitation, pk=invitation_id, district=district)
    try:
        verb(invitation, actor=request.user)
        messages.success(request, done.format(email=invitation.email))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people", district.slug)


@login_required
@require_POST
def resend_invitation(request: HttpRequest, district_slug: str, invitation_id: int) -> HttpResponse:
    return _on_invitation(request, district_slug, invitation_id, invitations.resend,
                          "A new invitation was sent to {email}; the old link no longer works.")  # fmt: skip


@login_required
@require_POST
def withdraw_invitation(request: HttpRequest, district_slug: str, invitation_id: int) -> HttpResponse:
    return _on_invitation(request, district_slug, invitation_id, invitations.withdraw,
                          "The invitation to {email} was withdrawn; its link no longer works.")  # fmt: skip


@login_required
@require_POST
def change_role(request: HttpRequest, district_slug: str, membership_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "membership.manage")
    membership = get_object_or_404(Membership, pk=membership_id, district=district)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"role": "Choose one of the listed roles."})
        services.change_role(membership, actor=request.user, role=form.cleaned_data["role"])
        messages.success(request, f"{membership.user.display_name}'s role was changed.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people", district.slug)


@login_required
@require_POST
def remove(request: HttpRequest, district_slug: str, membership_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "membership.manage")
    membership = get_object_or_404(Membership, pk=membership_id, district=district)
    try:
        services.remove_member(membership, actor=request.user)
        messages.success(request, f"{membership.user.display_name} no longer has access to {district.name}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people", district.slug)


@login_required
def district_settings(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "district.manage")
    initial = {f: getattr(district, f) for f in services.SETTINGS_FIELDS}
    schedule = reviews.schedule_for(district)
    reviewing = request.method == "POST" and request.POST.get("form") == "reviews"
    review_form = ReviewScheduleForm(
        request.POST if reviewing else None,
        initial={
            "interval_days": schedule.interval_days,
            "meeting_dates": "\n".join(schedule.meeting_dates or []),
        },
    )
    if reviewing:
        if review_form.is_valid():
            try:
                reviews.update_schedule(district, actor=request.user, **review_form.cleaned_data)
                messages.success(request, "How approvals are reviewed again was saved.")
                return redirect("district-settings", district.slug)
            except ValidationError as exc:
                add_service_errors(review_form, exc)
        form = DistrictSettingsForm(initial=initial)
    else:
        form = DistrictSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and not reviewing and form.is_valid():
        try:
            services.update_district(district, actor=request.user, **form.cleaned_data)
            messages.success(request, "The district's settings were saved.")
            return redirect("district-settings", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "district_admin/settings.html",
        {"district": district, "form": form, "review_form": review_form},
        status=status,
    )
