"""A district's single sign-on settings and the first sign-ins waiting for approval; admins only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vetted.districts.access import member_district
from vetted.kit.forms import add_service_errors
from vetted.signin import services
from vetted.signin.forms import SignOnForm
from vetted.signin.models import DistrictSignOn, SignOnApproval


def _callback_url(request: HttpRequest, sign_on: DistrictSignOn) -> str:
    return request.build_absolute_uri(
        reverse("openid_connect_callback", kwargs={"provider_id": sign_on.provider_id})
    )


@login_required
def sign_ons(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "district.manage")
    form = SignOnForm(request.POST or None, instance=DistrictSignOn(district=district))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_sign_on(form.instance, actor=request.user, secret_changed=True)
            messages.success(request, "Single sign-on added. Give the provider the address shown below it.")
            return redirect("sign-ons", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    rows = [(row, _callback_url(request, row)) for row in DistrictSignOn.objects.filter(district=district)]
    waiting = SignOnApproval.objects.filter(district=district, decided_at=None).select_related(
        "user", "sign_on"
    )
    context = {"district": district, "form": form, "rows": rows, "waiting": waiting}
    return render(request, "signin/district_sign_ons.html", context)


@login_required
def sign_on_edit(request: HttpRequest, district_slug: str, sign_on_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "district.manage")
    sign_on = get_object_or_404(DistrictSignOn, pk=sign_on_id, district=district)
    form = SignOnForm(request.POST or None, instance=sign_on)
    if request.method == "POST" and form.is_valid():
        try:
            secret_changed = bool(request.POST.get("client_secret"))
            services.save_sign_on(form.instance, actor=request.user, secret_changed=secret_changed)
            messages.success(request, "Single sign-on saved.")
            return redirect("sign-ons", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {
        "district": district,
        "form": form,
        "sign_on": sign_on,
        "callback": _callback_url(request, sign_on),
    }
    return render(request, "signin/sign_on_edit.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, district_slug: str, approval_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "district.manage")
    approval = get_object_or_404(SignOnApproval, pk=approval_id, district=district)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_approval(approval, actor=request.user, approve=approve)
        who = approval.user.display_name
        messages.success(request, f"{who} can now sign in." if approve else f"{who} was turned away.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("sign-ons", district.slug)
