"""Staff obligations page (overdue first), closing obligations, closure days, the calendar link and
the secret calendar feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vetted.districts.access import member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors

from . import ical, selectors
from . import services as svc
from .forms import CloseObligationForm, ClosureDayForm
from .models import CalendarFeed, ClosureDay, Obligation, ObligationStatus


def _page(request: HttpRequest, district: District, *, close_form: tuple[int, CloseObligationForm] | None = None,
          closure_form: ClosureDayForm | None = None) -> HttpResponse:  # fmt: skip
    status = request.GET.get("status", "")
    now = timezone.now()
    page = Paginator(selectors.obligations_by_urgency(district, now, status), 50).get_page(
        request.GET.get("page")
    )
    feed = CalendarFeed.objects.filter(user_id=request.user.pk or 0, district=district).first()
    feed_url = request.build_absolute_uri(reverse("ical-feed", args=[feed.token])) if feed else ""
    return render(
        request, "clocks/obligations.html",
        {"district": district, "page": page, "status": status, "statuses": ObligationStatus.choices,
         "can_manage": can(request.user, "obligation.manage", district), "now": now,
         "close_form": close_form, "closure_form": closure_form or ClosureDayForm(),
         "closures": ClosureDay.objects.filter(district=district, date__gte=now.date()),
         "feed_url": feed_url},
        status=400 if (close_form or closure_form) else 200,
    )  # fmt: skip


@login_required
def obligation_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "obligation.view")
    return _page(request, district)


@login_required
@require_POST
def obligation_close(request: HttpRequest, district_slug: str, obligation_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "obligation.manage")
    obligation = get_object_or_404(Obligation, district=district, pk=obligation_id)
    form = CloseObligationForm(request.POST)
    if form.is_valid():
        try:
            svc.close_obligation(obligation, actor=request.user, **form.cleaned_data)
            messages.success(request, f"“{obligation.title}” marked {form.cleaned_data['status']}.")
            return redirect("staff-obligations", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _page(request, district, close_form=(obligation.pk, form))


@login_required
@require_POST
def closure_add(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "obligation.manage")
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        try:
            svc.add_closure_day(district, actor=request.user, **form.cleaned_data)
            messages.success(
                request, "Closure day added; business-day deadlines spanning it moved a day later."
            )
            return redirect("staff-obligations", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _page(request, district, closure_form=form)


@login_required
@require_POST
def closure_remove(request: HttpRequest, district_slug: str, closure_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "obligation.manage")
    day = get_object_or_404(ClosureDay, district=district, pk=closure_id)
    svc.remove_closure_day(day, actor=request.user)
    messages.success(request, "Closure day removed; business-day deadlines spanning it moved back.")
    return redirect("staff-obligations", district.slug)


@login_required
@require_POST
def feed_regenerate(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "obligation.view")
    svc.regenerate_feed(district, request.user)
    messages.success(request, "Your private calendar link is ready; any earlier link no longer works.")
    return redirect("staff-obligations", district.slug)


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The obligations of one district for the link's owner, as long as they are still a member."""
    feed = CalendarFeed.objects.select_related("user", "district").filter(token=token).first()
    if feed is None or not can(feed.user, "obligation.view", feed.district):
        raise Http404("Unknown calendar link.")
    rows = Obligation.objects.filter(district=feed.district).order_by("due_at")[:2000]
    body = ical.calendar(
        f"{feed.district.name} — privacy obligations", rows, host=request.get_host().split(":")[0],
        now=timezone.now(), time_zone=feed.district.time_zone,
    )  # fmt: skip
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
