"""Staff pages for agreements. Views authorize, parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.clocks.selectors import about as obligations_about
from vetted.districts.access import member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors

from .. import selectors
from ..forms import (
    AgreementForm,
    AmendmentSentForm,
    DocumentForm,
    EndOfferForm,
    NoncomplianceForm,
    TransitionForm,
)
from ..models import Agreement, AgreementDocument, AgreementStatus
from ..services import agreements as svc
from ..services import checklist, documents, offers
from ..transitions import available


def _agreement(district: District, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.select_related("vendor", "parent", "parent__district", "supersedes"),
        district=district, pk=agreement_id,
    )  # fmt: skip


@login_required
def agreement_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.view")
    q, status = request.GET.get("q", "").strip()[:200], request.GET.get("status", "")
    page = Paginator(selectors.staff_agreements(district, q, status), 50).get_page(request.GET.get("page"))
    return render(
        request, "agreements/staff/list.html",
        {"district": district, "page": page, "q": q, "status": status, "statuses": AgreementStatus.choices,
         "can_edit": can(request.user, "agreement.edit", district)},
    )  # fmt: skip


@login_required
def agreement_edit(request: HttpRequest, district_slug: str, agreement_id: int | None = None) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id) if agreement_id else None
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        resources, elements, vendor = data.pop("resources"), data.pop("data_elements"), data.pop("vendor")
        try:
            if agreement is None:
                agreement = svc.create_agreement(
                    district, actor=request.user, vendor=vendor, data=data, resources=resources,
                    data_elements=elements,
                )  # fmt: skip
                messages.success(request, f"Agreement “{agreement.title}” recorded as a draft.")
            else:
                svc.update_agreement(
                    agreement, actor=request.user, data=data, resources=resources, data_elements=elements
                )
                messages.success(request, "Agreement saved.")
            return redirect("staff-agreement", district.slug, agreement.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request, "agreements/staff/form.html", {"district": district, "form": form, "agreement": agreement}
    )


def render_detail(
    request: HttpRequest, district: District, agreement: Agreement, **forms: Any
) -> HttpResponse:
    can_edit = can(request.user, "agreement.edit", district)
    context = {
        "district": district,
        "agreement": agreement,
        "can_edit": can_edit,
        "can_send_notice": can(request.user, "notice.manage", district),  # the notices app's action
        "checks": list(agreement.checks.select_related("reviewed_by")),
        "summary": checklist.summary(agreement),
        "gaps": checklist.gaps(agreement),
        "documents": agreement.documents.select_related("review").defer("review__result", "review__sentences"),
        "obligations": obligations_about(agreement),
        "subscriptions": agreement.subscriptions.select_related("district"),
        "renewals": agreement.renewals.all(),
        "transitions": available(agreement.status) if can_edit else [],
        "document_form": forms.get("document_form") or DocumentForm(),
        "noncompliance_form": forms.get("noncompliance_form")
        or NoncomplianceForm(initial={"amendment_requested_on": agreement.amendment_requested_on,
                                      "note": agreement.noncompliance_note}),
        "end_offer_form": EndOfferForm(),
        "amendment_sent_form": AmendmentSentForm(),
        "transition_error": forms.get("transition_error"),
    }  # fmt: skip
    status = 400 if any(k.endswith("_form") or k.endswith("_error") for k in forms) else 200
    return render(request, "agreements/staff/detail.html", context, status=status)


@login_required
def agreement_detail(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.view")
    return render_detail(request, district, _agreement(district, agreement_id))


@login_required
@require_POST
def agreement_transition(
    request: HttpRequest, district_slug: str, agreement_id: int, name: str
) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    form = TransitionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        agreement = svc.transition(agreement, name, actor=request.user, reason=reason)
    except ValidationError as exc:
        return render_detail(request, district, agreement, transition_error=exc.messages)
    messages.success(request, f"The agreement is now “{agreement.get_status_display()}”.")
    return redirect("staff-agreement", district.slug, agreement.pk)


@login_required
@require_POST
def document_upload(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            doc = documents.add_document(
                agreement, form.cleaned_data["file"], actor=request.user,
                label=form.cleaned_data["label"], public_copy=form.cleaned_data["public_copy"],
                signed_copy=form.cleaned_data["signed_copy"],
            )  # fmt: skip
            messages.success(request, f"“{doc.original_name}” stored (SHA-256 {doc.sha256[:12]}…).")
            return redirect("staff-agreement", district.slug, agreement.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render_detail(request, district, agreement, document_form=form)


@login_required
def document_download(
    request: HttpRequest, district_slug: str, agreement_id: int, document_id: int
) -> FileResponse:
    district = member_district(request.user, district_slug, "agreement.view")
    document = get_object_or_404(
        AgreementDocument, pk=document_id, agreement_id=agreement_id, agreement__district=district
    )
    response = serve_document(document)
    record_read(district, "agreement.document_downloaded", actor=request.user, subject=document.agreement,
                details={"document": document.pk, "name": document.original_name})  # fmt: skip
    return response


def serve_document(document: AgreementDocument) -> FileResponse:
    try:
        handle = documents.open_document(document)
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    response = FileResponse(handle, as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def noncompliance(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    form = NoncomplianceForm(request.POST)
    if form.is_valid():
        try:
            svc.record_noncompliance(agreement, actor=request.user, **form.cleaned_data)
            messages.success(
                request, "Recorded as non-compliant, with the date the vendor was asked to amend it."
            )
            return redirect("staff-agreement", district.slug, agreement.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render_detail(request, district, agreement, noncompliance_form=form)


@login_required
@require_POST
def renew(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    try:
        renewal = svc.renew(agreement, actor=request.user)
    except ValidationError as exc:
        return render_detail(request, district, agreement, transition_error=exc.messages)
    messages.success(request, "Renewal started as a draft; it replaces the old agreement once executed.")
    return redirect("staff-agreement", district.slug, renewal.pk)


@login_required
@require_POST
def end_offer(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    form = EndOfferForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Choose withdrawn or expired.")
        offers.end_offer(agreement, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return render_detail(request, district, agreement, transition_error=" ".join(exc.messages))
    messages.success(request, "The end of the general offer is recorded; every subscriber is told.")
    return redirect("staff-agreement", district.slug, agreement.pk)
