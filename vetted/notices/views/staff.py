"""Staff pages for notices (/manage/<d>/notices/): admins start, edit and send them; the technology
director, reviewers and auditors read them and their delivery totals (never a family's row)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.districts.access import member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors
from vetted.kit.ids import parse_id

from .. import selectors
from ..forms import NewNoticeForm, NoticeForm, SendForm, executed_agreements
from ..models import Notice, NoticeKind, NoticeStatus
from ..services import drafts
from ..services.send import send_notice


def _notice(district: District, notice_id: int) -> Notice:
    return get_object_or_404(
        Notice.objects.select_related("district", "agreement__vendor", "resource__vendor", "sent_by"),
        district=district, pk=notice_id,
    )  # fmt: skip


@login_required
def notice_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.view")
    agreement_id = parse_id(request.GET.get("agreement", ""))
    page = Paginator(selectors.staff_notices(district, agreement_id=agreement_id), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notices/staff/list.html", {
        "district": district, "page": page, "agreement_id": agreement_id,
        "can_manage": can(request.user, "notice.manage", district),
    })  # fmt: skip


@login_required
def notice_new(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.manage")
    initial: dict[str, Any] = {}
    agreement_id = parse_id(request.GET.get("agreement", ""))
    if agreement_id is not None and executed_agreements(district).filter(pk=agreement_id).exists():
        initial = {"kind": NoticeKind.CONTRACT_EXECUTED, "agreement": agreement_id}
    form = NewNoticeForm(request.POST or None, district=district, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        try:
            notice = drafts.create_notice(
                district, kind=kind, actor=request.user,
                agreement=data["agreement"] if kind == NoticeKind.CONTRACT_EXECUTED else None,
                resource=data["resource"] if kind == NoticeKind.PERMISSION_REQUEST else None,
            )  # fmt: skip
            messages.success(
                request, "Draft started from the agreement's or resource's public words; check them."
            )
            return redirect("staff-notice-edit", district.slug, notice.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "notices/staff/new.html", {"district": district, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
def notice_edit(request: HttpRequest, district_slug: str, notice_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.manage")
    notice = _notice(district, notice_id)
    if notice.status != NoticeStatus.DRAFT:
        messages.error(request, "This notice was already sent; what was sent cannot be changed.")
        return redirect("staff-notice", district.slug, notice.pk)
    form = NoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in drafts.EDITABLE}
        notice.refresh_from_db()  # the form wrote onto the instance; the service compares with the row
        try:
            drafts.update_notice(notice, actor=request.user, data=data)
            messages.success(request, "Draft saved. Preview it before sending.")
            return redirect("staff-notice-preview", district.slug, notice.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "notices/staff/edit.html", {"district": district, "notice": notice, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


def _preview_page(request: HttpRequest, district: District, notice: Notice, form: SendForm | None = None,
                  status: int = 200) -> HttpResponse:  # fmt: skip
    return render(request, "notices/staff/preview.html", {
        "district": district, "notice": notice, "preview": drafts.preview(notice), "form": form or SendForm(),
        "can_manage": can(request.user, "notice.manage", district),
    }, status=status)  # fmt: skip


@login_required
def notice_preview(request: HttpRequest, district_slug: str, notice_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.view")
    notice = _notice(district, notice_id)
    if notice.status != NoticeStatus.DRAFT:
        return redirect("staff-notice", district.slug, notice.pk)
    return _preview_page(request, district, notice)


@login_required
@require_POST
def notice_send(request: HttpRequest, district_slug: str, notice_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.manage")
    notice = _notice(district, notice_id)
    form = SendForm(request.POST)
    if notice.status != NoticeStatus.DRAFT:
        messages.error(request, "This notice was already sent; it is sent only once.")
        return redirect("staff-notice", district.slug, notice.pk)
    if form.is_valid():
        try:
            notice = send_notice(notice, actor=request.user)
            counts = notice.counts
            messages.success(request, f"Sent: {counts.get('emails', 0)} e-mails queued and "
                                      f"{counts.get('letters', 0)} letters to print.")  # fmt: skip
            return redirect("staff-notice", district.slug, notice.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _preview_page(request, district, notice, form, status=400)


@login_required
def notice_detail(request: HttpRequest, district_slug: str, notice_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.view")
    notice = _notice(district, notice_id)
    can_manage = can(request.user, "notice.manage", district)
    context: dict[str, Any] = {"district": district, "notice": notice, "can_manage": can_manage,
                               "texts": notice.texts.order_by("language")}  # fmt: skip
    if notice.status == NoticeStatus.SENT:
        context["delivery"] = selectors.delivery(notice)
        if can_manage and request.GET.get("families") == "1":
            page = Paginator(selectors.recipient_rows(notice), 100).get_page(request.GET.get("page"))
            status = selectors.message_status(notice, [r.pk for r in page.object_list])
            context["families"] = page
            context["family_rows"] = [(r, status.get(r.pk, "")) for r in page.object_list]
            record_read(district, "notice.recipients_viewed", actor=request.user, subject=notice,
                        details={"page": page.number})  # fmt: skip
    return render(request, "notices/staff/detail.html", context)
