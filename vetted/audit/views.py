"""Browse and export the audit trail (admins and auditors of the district)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from vetted.districts.access import member_district
from vetted.districts.models import District
from vetted.kit.csv_export import csv_response
from vetted.kit.localtime import csv_time

from .models import AuditEvent
from .presentation import readable
from .services import record_read, verify_district


def _events(request: HttpRequest, district_slug: str) -> tuple[District, QuerySet[AuditEvent], str]:
    district = member_district(request.user, district_slug, "audit.view")
    events = AuditEvent.objects.filter(district=district).order_by("-seq")
    event_type = request.GET.get("type", "").strip()[:80]
    if event_type:
        events = events.filter(event_type__startswith=event_type)
    return district, events, event_type


@login_required
def event_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district, events, event_type = _events(request, district_slug)
    page = Paginator(events.select_related("actor"), 50).get_page(request.GET.get("page"))
    verified = verify_district(district) if request.GET.get("verify") else None
    rows = [(ev, readable(ev)) for ev in page.object_list]
    return render(
        request,
        "audit/event_list.html",
        {"district": district, "page": page, "rows": rows, "event_type": event_type, "verified": verified},
    )


@login_required
def event_csv(request: HttpRequest, district_slug: str) -> StreamingHttpResponse:
    district, events, _ = _events(request, district_slug)
    rows = (
        [ev.seq, csv_time(ev.created_at, district.tz, seconds=True), ev.created_at.isoformat(), ev.event_type,
         ev.actor_label, ev.subject_label, ev.subject_id, json.dumps(ev.details, sort_keys=True), ev.hash]
        for ev in events.order_by("seq").iterator(chunk_size=1000)
    )  # fmt: skip
    # The local time a person reads, and the UTC instant the hash covers.
    header = [
        "seq",
        f"time ({district.time_zone})",
        "time (UTC, as hashed)",
        "event",
        "actor",
        "subject",
        "subject id",
        "details",
        "hash",
    ]
    record_read(district, "audit.exported", actor=request.user, subject=district,
                details={"type": request.GET.get("type", "").strip()[:80]})  # fmt: skip
    return csv_response(f"{district.slug}-audit-trail.csv", header, rows)
