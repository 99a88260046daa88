"""Staff pages for directory information (/manage/<d>/directory/): the request log with filters, a
new request, one request with its decision, the disclosure file (CSV), and the district's settings.
Authorize through can() (directory.view / directory.manage), parse a form, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.districts.access import get_for_user, member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.kit.csv_export import csv_response
from vetted.kit.forms import add_service_errors
from vetted.kit.localtime import to_local
from vetted.rosters.models import Person

from ..identity import today_in
from ..models_directory import DirectoryDisclosure, DirectoryRequest
from . import forms as f
from . import items, selectors, services

PAGE_SIZE = 200


def _request(request: HttpRequest, district_slug: str, request_id: int, action: str) -> DirectoryRequest:
    return get_for_user(request.user, DirectoryRequest, district_slug, request_id, action)


def _labels(codes: list[str]) -> list[str]:
    return [items.label(c) for c in items.ordered(codes)]


@login_required
def request_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "directory.view")
    form = f.FilterForm(request.GET or None)
    rows = selectors.requests_for(district)
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["status"]:
                rows = rows.filter(status=data["status"])
            if data["q"]:
                rows = rows.filter(
                    Q(requester_name__icontains=data["q"]) | Q(requester_organisation__icontains=data["q"])
                )
            if data["received_from"]:
                rows = rows.filter(received_on__gte=data["received_from"])
            if data["received_to"]:
                rows = rows.filter(received_on__lte=data["received_to"])
        else:
            rows, status = rows.none(), 400
    summary, citation = services.notice_duty(district)
    context = {
        "district": district, "form": form, "requests": rows[:PAGE_SIZE], "settings": selectors.settings_for(district),
        "designated": _labels(selectors.designated(district)), "duty": summary, "citation": citation,
        "can_manage": can(request.user, "directory.manage", district),
    }  # fmt: skip
    return render(request, "rights/directory/list.html", context, status=status)


def _new_page(
    request: HttpRequest, district: District, form: f.RequestForm, status: int = 200
) -> HttpResponse:
    return render(request, "rights/directory/new.html", {"district": district, "form": form}, status=status)


@login_required
def request_new(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "directory.manage")
    if request.method != "POST":
        return _new_page(
            request, district, f.RequestForm(district, initial={"received_on": today_in(district)})
        )
    form = f.RequestForm(district, request.POST)
    if form.is_valid():
        data = {**form.cleaned_data, "students": form.cleaned_data["student_ids"]}
        try:
            row = services.log_request(district, actor=request.user, data=data)
            messages.success(request, "Request logged. Decide it below.")
            return redirect("staff-directory-request", district.slug, row.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _new_page(request, district, form, status=400)


def _detail(request: HttpRequest, row: DirectoryRequest, decide_form: f.DecideForm | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    district = row.district
    can_manage = can(request.user, "directory.manage", district)
    # Names are roster data, which only the roster's admins see; others read the counts.
    names: list[Person] = []
    if row.status == DirectoryRequest.Status.DISCLOSED and can(request.user, "roster.manage", district):
        disclosed = DirectoryDisclosure.objects.filter(district=district, request=row).values("student_id")
        names = list(Person.objects.filter(district=district, pk__in=disclosed)
                     .order_by("family_name", "given_name", "pk")[:PAGE_SIZE])  # fmt: skip
    record_read(district, "directory.request_viewed", actor=request.user, subject=row,
                details={"named_students": len(names)})  # fmt: skip
    context = {
        "district": district, "req": row, "items": _labels(row.items), "schools": list(row.schools.all()),
        "grades": [label for value, label in f.GRADES if value in (row.grades or [])],
        "named_count": row.students.count(), "names": names, "can_manage": can_manage,
        "decide_form": decide_form or (f.DecideForm() if can_manage else None),
        "held": [items.label(c) for c in items.ordered(row.items) if c in items.HELD],
        "not_held": [items.label(c) for c in items.ordered(row.items) if c not in items.HELD],
        "zone": district.time_zone,
    }  # fmt: skip
    return render(request, "rights/directory/detail.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    return _detail(request, _request(request, district_slug, request_id, "directory.view"))


@login_required
@require_POST
def request_decide(request: HttpRequest, district_slug: str, request_id: int) -> HttpResponse:
    row = _request(request, district_slug, request_id, "directory.manage")
    form = f.DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.decide_request(
                row, actor=request.user, serves_school_purpose=data["serves_school_purpose"] == "yes",
                school_purpose_reason=data["school_purpose_reason"], decision=data["decision"],
                refusal_reason=data["refusal_reason"],
            )  # fmt: skip
            if row.status == DirectoryRequest.Status.DISCLOSED:
                n, out = row.disclosed_count, row.excluded_count
                messages.success(request, f"Disclosed for {n} student{'s' if n != 1 else ''}; {out} left out "
                                          "because their families opted out.")  # fmt: skip
            else:
                messages.success(request, "Refused; the reason is recorded.")
            return redirect("staff-directory-request", row.district.slug, row.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _detail(request, row, form, status=400)


@login_required
def request_csv(request: HttpRequest, district_slug: str, request_id: int) -> StreamingHttpResponse:
    row = _request(request, district_slug, request_id, "directory.manage")
    if row.status != DirectoryRequest.Status.DISCLOSED:
        raise Http404("Nothing was disclosed for this request.")
    record_read(row.district, "directory.disclosure_file_read", actor=request.user, subject=row,
                details={"students": row.disclosed_count, "items": list(row.items)})  # fmt: skip
    day = to_local(row.decided_at, row.district).date() if row.decided_at else today_in(row.district)
    response = csv_response(f"directory-request-{row.pk}-{day.isoformat()}.csv", _labels(row.items),
                            selectors.disclosure_rows(row))  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def directory_settings(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "directory.manage")
    current = selectors.settings_for(district)
    summary, citation = services.notice_duty(district)
    if request.method == "POST":
        form = f.SettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_settings(district, actor=request.user, chosen=data["items"],
                                       notice_given_on=data["notice_given_on"], notice_where=data["notice_where"])  # fmt: skip
                messages.success(request, "Directory-information settings saved.")
                return redirect("staff-directory-settings", district.slug)
            except ValidationError as exc:
                add_service_errors(form, exc)
        status = 400
    else:
        form = f.SettingsForm(initial={"items": items.ordered(current.items), "notice_given_on": current.notice_given_on,
                                       "notice_where": current.notice_where})  # fmt: skip
        status = 200
    context: dict[str, Any] = {"district": district, "form": form, "duty": summary, "citation": citation,
                               "cfr": items.CITATION}  # fmt: skip
    return render(request, "rights/directory/settings.html", context, status=status)
