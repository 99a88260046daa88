"""Queues: the reviewer's (by due date), the admin's (everything, filtered, CSV), and the policy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from vetted.audit.services import record, record_read
from vetted.districts.access import member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.kit.csv_export import csv_response
from vetted.kit.ids import parse_id
from vetted.kit.localtime import csv_time

from .. import selectors
from ..forms import PolicyForm
from ..models import ReviewPolicy
from ..states import State


@login_required
def queue(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "resource_request.review")
    return render(request, "resource_requests/queue.html", {
        "district": district, "requests": selectors.review_queue(request.user, district), "now": timezone.now(),
    })  # fmt: skip


def _filters(request: HttpRequest, district: District) -> tuple[dict[str, object], dict[str, str]]:
    state = request.GET.get("state", "")
    state = state if state in State.values and state != State.DRAFT else ""
    reviewer_text = request.GET.get("reviewer", "")
    reviewer = parse_id(reviewer_text)
    overdue = request.GET.get("overdue") == "1"
    shown = {"state": state, "reviewer": str(reviewer or ""), "overdue": "1" if overdue else ""}
    return {"state": state, "reviewer": reviewer, "overdue": overdue}, shown


@login_required
def all_requests(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "resource_request.view_all")
    filters, shown = _filters(request, district)
    page = Paginator(selectors.all_requests(district, **filters), 50).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "resource_requests/all_requests.html", {
        "district": district, "page": page, "shown": shown, "query": query.urlencode(), "now": timezone.now(),
        "states": [(v, label) for v, label in State.choices if v != State.DRAFT],
        "reviewers": selectors.reviewers_of(district),
        "can_configure": can(request.user, "resource_request.configure", district),
    })  # fmt: skip


CSV_HEADER = [
    "id", "resource", "vendor", "link", "requester", "position", "grades", "state", "outcome", "reason",
    "reviewers", "terms approved", "submitted", "due", "decided", "overdue",
]  # fmt: skip


@login_required
def all_requests_csv(request: HttpRequest, district_slug: str) -> StreamingHttpResponse:
    district = member_district(request.user, district_slug, "resource_request.view_all")
    filters, shown = _filters(request, district)
    now, tz = timezone.now(), district.tz  # times in the district's zone, named: "2026-12-05 23:59 EST"
    rows = (
        [r.pk, r.resource_name, r.vendor_name, r.resource_url, r.requester_name, r.requester_position, r.grade_band,
         r.get_state_display(), r.get_outcome_display(), r.decision_reason,
         "; ".join(a.reviewer.email for a in r.assignments.all()),
         r.terms_approved_at.astimezone(tz).date().isoformat() if r.terms_approved_at else "",
         csv_time(r.submitted_at, tz), csv_time(r.due_at, tz), csv_time(r.decided_at, tz),
         "yes" if selectors.is_overdue(r, now) else ""]
        for r in selectors.all_requests(district, **filters).iterator(chunk_size=500)  # type: ignore[arg-type]
    )  # fmt: skip
    record_read(district, "resource_request.exported", actor=request.user, subject=district,
                details={"filters": {k: v for k, v in shown.items() if v}})  # fmt: skip
    return csv_response(f"{district.slug}-requests.csv", CSV_HEADER, rows)


@login_required
def policy(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "resource_request.configure")
    current = ReviewPolicy.objects.filter(district=district).first() or ReviewPolicy(district=district)
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            record(district, "resource_request.policy_changed", actor=request.user, subject=district,
                   details={f: getattr(saved, f) for f in form.fields})  # fmt: skip
        messages.success(request, "Review settings saved. They apply to requests submitted from now on.")
        return redirect("requests-all", district.slug)
    return render(request, "resource_requests/policy.html", {"district": district, "form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip
