"""The roster's admin pages: upload an export, follow the import, read its report. Admins only;
reading a report is an audit event (it can name rows of the roster)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from vetted.audit.services import record
from vetted.catalog.models import ResourceDecision
from vetted.catalog.reviews import APPROVALS
from vetted.districts.access import member_district

from . import progress, services
from .models import Person, RosterImport


class UploadForm(forms.Form):
    file = forms.FileField(
        label="OneRoster export (.zip)",
        help_text="The zip your student information system exports: manifest.csv with the OneRoster 1.1 or "
        "1.2 CSV files. Passwords in it are never kept.",
    )
    confirm_removals = forms.BooleanField(
        label="This export removes many students on purpose", required=False,
        help_text="Without this, an import that would remove more than a fifth of the students, or of one "
        "class, stops and keeps the roster as it is.",
    )  # fmt: skip


@login_required
def roster(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "roster.manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.queue_upload(district, form.cleaned_data["file"], actor=request.user,
                                        confirm_removals=form.cleaned_data["confirm_removals"])  # fmt: skip
            messages.success(request, f"“{job.source_name}” is uploaded; the import starts in a moment.")
            return redirect("roster-import", district.slug, job.pk)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error("file", error)
    imports = Paginator(RosterImport.objects.filter(district=district), 20).get_page(request.GET.get("page"))
    counts = {
        role: Person.objects.filter(district=district, role=role).count() for role in ("student", "teacher")
    }
    counts["guardians"] = Person.objects.filter(
        district=district, role__in=["parent", "guardian", "relative"]
    ).count()
    approved = (ResourceDecision.objects.filter(district=district, status__in=APPROVALS, staff_only=False)
                .select_related("resource").order_by("resource__name"))  # fmt: skip
    return render(request, "rosters/roster.html", {"district": district, "form": form, "imports": imports,
                                                   "counts": counts, "approved": approved},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def import_report(request: HttpRequest, district_slug: str, import_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "roster.manage")
    job = get_object_or_404(RosterImport, pk=import_id, district=district)
    live = job.status in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING)
    if not live and not request.headers.get("HX-Request"):
        with transaction.atomic():
            record(district, "roster.report_viewed", actor=request.user, subject=job)
    context = {"district": district, "job": job, "live": live, "progress": progress.read(job.pk) if live else {},
               "fatal": [p for p in job.problems if p.get("fatal")],
               "warnings": [p for p in job.problems if not p.get("fatal")]}  # fmt: skip
    template = "rosters/_status.html" if request.headers.get("HX-Request") else "rosters/report.html"
    return render(request, template, context)
