"""The committee's agenda of approvals due for another look. Views authorize, parse, call, render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.districts.access import member_district
from vetted.districts.permissions import can

from .. import reviews


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@login_required
def reviews_due(request: HttpRequest, district_slug: str) -> HttpResponse:
    """Who may: whoever decides approvals (admin, technology director, reviewer): "decision.edit"."""
    district = member_district(request.user, district_slug, "decision.edit")
    agenda = reviews.agenda(district, meeting=_date(request.GET.get("meeting", "")))
    schedule = reviews.schedule_for(district)
    return render(
        request,
        "catalog/staff/reviews_due.html",
        {"district": district, "agenda": agenda, "schedule": schedule,
         "default_interval": reviews.review_due(district, dt.datetime.now(dt.UTC)),
         "can_configure": can(request.user, "district.manage", district)},
    )  # fmt: skip
