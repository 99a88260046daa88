"""Staff pages (/manage/<d>/incidents/): the list, recording, the incident with its clocks as a
timeline, and one POST per action. Authorize through can(), parse a form, call one service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.clocks.models import Obligation, ObligationStatus
from vetted.districts.access import get_for_user, member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.documents import storage
from vetted.kit.forms import add_service_errors, form_action
from vetted.kit.ids import parse_id

from .. import forms as f
from ..models import Attachment, Incident, VendorLink
from ..selectors import affected_students
from ..services import acting, closeout, recording, vendor_links
from ..services import clocks as incident_clocks


def _incident(request: HttpRequest, district_slug: str, incident_id: int, action: str) -> Incident:
    return get_for_user(request.user, Incident, district_slug, incident_id, action)


def time_left(due: dt.datetime, now: dt.datetime) -> str:
    delta = due - now
    late = delta.total_seconds() < 0
    seconds = int(abs(delta.total_seconds()))
    days, hours, minutes = seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60
    parts = ([f"{days} day{'s' if days != 1 else ''}"] if days else []) + (
        [f"{hours} hour{'s' if hours != 1 else ''}"] if hours or days else [f"{minutes} minutes"]
    )
    return ("overdue by " if late else "") + " ".join(parts) + ("" if late else " left")


@login_required
def incident_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "incident.view")
    rows = Incident.objects.filter(district=district).select_related("vendor")[:500]
    link_form = f.VendorLinkForm(district) if can(request.user, "incident.manage", district) else None
    return render(request, "incidents/list.html", {"district": district, "incidents": rows, "link_form": link_form,
                                                   "can_manage": link_form is not None})  # fmt: skip


def _form_page(request: HttpRequest, district: District, form: f.IncidentForm, incident: Incident | None,
               status: int = 200) -> HttpResponse:  # fmt: skip
    return render(request, "incidents/form.html", {"district": district, "form": form, "incident": incident},
                  status=status)  # fmt: skip


@login_required
def incident_new(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "incident.manage")
    zone = district.time_zone
    if request.method != "POST":
        return _form_page(request, district, f.IncidentForm(district, zone_name=zone), None)
    with timezone.override(district.tz):
        form = f.IncidentForm(district, request.POST, zone_name=zone)
        valid = form.is_valid()
    if valid:
        try:
            incident = recording.record_incident(district, actor=request.user, data=form.cleaned_data)
            messages.success(request, "Incident recorded; its deadlines are below.")
            return redirect("staff-incident", district.slug, incident.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _form_page(request, district, form, None, status=400)


def _initial(incident: Incident) -> dict[str, Any]:
    tz = incident.district.tz
    data: dict[str, Any] = {name: getattr(incident, name) for name in recording.TEXT_FIELDS}
    for name in recording.TIME_FIELDS:
        value = getattr(incident, name)
        data[name] = timezone.localtime(value, tz).replace(tzinfo=None) if value else None
    data["vendor"], data["discovered_by"] = incident.vendor, incident.discovered_by
    for name in ("resources", "elements", "schools", "classes"):
        data[name] = list(getattr(incident, name).all())
    return data


@login_required
def incident_edit(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    district, zone = incident.district, incident.district.time_zone
    if request.method != "POST":
        return _form_page(request, district, f.IncidentForm(district, initial=_initial(incident), zone_name=zone),
                          incident)  # fmt: skip
    with timezone.override(district.tz):
        form = f.IncidentForm(district, request.POST, zone_name=zone)
        valid = form.is_valid()
    if valid:
        try:
            changes = recording.update_facts(incident, actor=request.user, data=form.cleaned_data)
            messages.success(request, "Saved. " + (" ".join(changes) if changes else "No deadline changed."))
            return redirect("staff-incident", district.slug, incident.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _form_page(request, district, form, incident, status=400)


def _detail(request: HttpRequest, incident: Incident, *, forms: dict[str, Any] | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    district = incident.district
    now = timezone.now()
    rows = incident_clocks.obligations(incident)
    timeline = [{"o": o, "left": time_left(o.due_at, now) if o.status == ObligationStatus.OPEN else "",
                 "overdue": o.status == ObligationStatus.OPEN and o.due_at <= now} for o in rows]  # fmt: skip
    students = affected_students(incident)
    count = students.count()
    record_read(
        district, "incident.viewed", actor=request.user, subject=incident, details={"students": count}
    )
    context = {
        "district": district, "incident": incident, "timeline": timeline, "now": now,
        "late": incident_clocks.vendor_notice_late(incident, rows), "student_count": count,
        # Names come from the roster, which only its admins see; others read the count.
        "students": students.order_by("family_name", "given_name")[:200]
        if can(request.user, "roster.manage", district)
        else [],
        "can_manage": can(request.user, "incident.manage", incident) and incident.is_open,
        "notice": acting.family_notice(incident), "zone": district.time_zone,
        "delay_running": incident.delay_started_at is not None and incident.delay_ended_at is None,
        "list_form": f.StudentListForm(), "file_form": f.AttachmentForm(), "state_form": f.StateReportForm(),
        "no_notice_form": None, **(forms or {}),
    }  # fmt: skip
    return render(request, "incidents/detail.html", context, status=status)


@login_required
def incident_detail(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    return _detail(request, _incident(request, district_slug, incident_id, "incident.view"))


def _act(
    request: HttpRequest, incident: Incident, form_name: str, form: Any, call: Any, done: Any
) -> HttpResponse:
    """One action: a valid form's service call redirects with `done`; errors re-render the page (400)."""
    return form_action(
        request, form_name, form, call, done,
        success=lambda: redirect("staff-incident", incident.district.slug, incident.pk),
        rerender=lambda forms: _detail(request, incident, forms=forms, status=400),
    )  # fmt: skip


@login_required
@require_POST
def incident_students(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    form = f.StudentListForm(request.POST, request.FILES)
    return _act(request, incident, "list_form", form,
                lambda d: recording.add_students_from_list(incident, d["file"], actor=request.user),
                "The list was added.")  # fmt: skip


@login_required
@require_POST
def incident_attach(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    form = f.AttachmentForm(request.POST, request.FILES)
    return _act(request, incident, "file_form", form,
                lambda d: recording.add_attachment(incident, d["file"], actor=request.user), "File attached.")  # fmt: skip


@login_required
def incident_file(request: HttpRequest, district_slug: str, incident_id: int, file_id: int) -> FileResponse:
    incident = _incident(request, district_slug, incident_id, "incident.view")
    attachment = Attachment.objects.filter(incident=incident, district=incident.district, pk=file_id).first()
    if attachment is None:
        raise Http404("No such file.")
    record_read(incident.district, "incident.file_read", actor=request.user, subject=incident,
                details={"name": attachment.original_name, "sha256": attachment.sha256})  # fmt: skip
    return _download(attachment.stored_path, attachment.original_name)


def _download(path: str, name: str, content_type: str = "application/octet-stream") -> FileResponse:
    try:
        handle = storage.open_stored(path)
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing.") from None
    # Always a download, never rendered here: an HTML or SVG file must not run in Vetted's origin.
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def incident_notify(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    return _act(request, incident, "", None, lambda d: acting.send_family_notice(incident, actor=request.user),
                lambda n: f"Breach notice sent: {n.counts.get('emails', 0)} e-mails queued, "
                          f"{n.counts.get('letters', 0)} letters to print.")  # fmt: skip


@login_required
@require_POST
def incident_post(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    return _act(request, incident, "", None, lambda d: acting.post_publicly(incident, actor=request.user),
                "Posted on the district's public incidents page.")  # fmt: skip


@login_required
@require_POST
def incident_state_report(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    with timezone.override(incident.district.tz):
        form = f.StateReportForm(request.POST)
        form.is_valid()
    return _act(request, incident, "state_form", form,
                lambda d: acting.record_state_report(incident, actor=request.user, **d), "Report recorded.")  # fmt: skip


@login_required
@require_POST
def incident_no_notice(
    request: HttpRequest, district_slug: str, incident_id: int, obligation_id: int
) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    obligation = Obligation.objects.filter(
        district=incident.district, subject_type=incident_clocks.SUBJECT_TYPE, subject_id=str(incident.pk),
        pk=obligation_id, status=ObligationStatus.OPEN,
    ).first()  # fmt: skip
    if obligation is None:
        raise Http404("No such open deadline on this incident.")
    form = f.NoNoticeForm(request.POST)
    return _act(request, incident, "no_notice_form", form,
                lambda d: acting.decide_no_notice(incident, obligation, actor=request.user, reason=d["reason"]),
                "Decision recorded: no notice required.")  # fmt: skip


@login_required
@require_POST
def incident_close(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    incident = _incident(request, district_slug, incident_id, "incident.manage")
    return _act(request, incident, "", None, lambda d: closeout.close_incident(incident, actor=request.user),
                "Incident closed; its report is kept with it.")  # fmt: skip


@login_required
def incident_report(request: HttpRequest, district_slug: str, incident_id: int) -> FileResponse:
    incident = _incident(request, district_slug, incident_id, "incident.view")
    if not incident.report_path:
        raise Http404("This incident has no report yet.")
    record_read(incident.district, "incident.report_read", actor=request.user, subject=incident,
                details={"sha256": incident.report_sha256})  # fmt: skip
    return _download(incident.report_path, f"incident-{incident.pk}-close-out.pdf", "application/pdf")


@login_required
@require_POST
def vendor_link_create(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "incident.manage")
    form = f.VendorLinkForm(district, request.POST)
    if not form.is_valid():
        rows = Incident.objects.filter(district=district).select_related("vendor")[:500]
        return render(request, "incidents/list.html", {"district": district, "incidents": rows, "link_form": form,
                                                       "can_manage": True}, status=400)  # fmt: skip
    link = vendor_links.create_link(district, form.cleaned_data["vendor"], actor=request.user)
    return render(request, "incidents/link_made.html",
                  {"district": district, "link": link, "url": vendor_links.link_url(link)})  # fmt: skip


@login_required
@require_POST
def vendor_link_revoke(request: HttpRequest, district_slug: str, link_id: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "incident.manage")
    pk = parse_id(link_id)
    link = (
        VendorLink.objects.filter(district=district, pk=pk).select_related("vendor").first() if pk else None
    )
    if link is None:
        raise Http404("No such link.")
    if not can(request.user, "incident.manage", district):
        raise PermissionDenied
    vendor_links.revoke_link(link, actor=request.user)
    messages.success(request, f"The link for {link.vendor.legal_name} no longer works.")
    return redirect("staff-incidents", district.slug)
