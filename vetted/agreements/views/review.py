"""Staff pages: a reviewed document with its evidence highlighted, re-running a review, accepting or
overriding an automatic finding, the amendment letter download and recording that it was sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from vetted.agreements.forms import OverrideForm
from vetted.agreements.models import AgreementDocument, ProvisionCheck
from vetted.agreements.services import checklist
from vetted.agreements.views.staff import _agreement, render_detail
from vetted.districts.access import member_district
from vetted.districts.models import District
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors
from vetted.review import highlight

from ..forms import AmendmentForm, AmendmentSentForm
from ..models.review import DocumentReview
from ..services import review as services


def _document(district: District, agreement_id: int, document_id: int) -> AgreementDocument:
    return get_object_or_404(
        AgreementDocument.objects.select_related("agreement__vendor"),
        pk=document_id, agreement_id=agreement_id, agreement__district=district,
    )  # fmt: skip


@login_required
def review_page(
    request: HttpRequest, district_slug: str, agreement_id: int, document_id: int
) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.view")
    document = _document(district, agreement_id, document_id)
    review = DocumentReview.objects.filter(document=document).first()
    pages: list[highlight.Page] = []
    findings: list[highlight.Finding] = []
    documents_in_file, document_titles = 1, list[str]()
    if review is not None and review.result is not None:
        pages, findings = highlight.build(review.sentences or [], review.result)
        documents_in_file, document_titles = highlight.documents_in_file(review.result)
    counts = {
        state: sum(f.state == state for f in findings)
        for state in ("found", "absent", "conflict", "placeholder")
    }
    return render(
        request, "agreements/review/review.html",
        {"district": district, "agreement": document.agreement, "document": document, "review": review,
         "pages": pages, "findings": [f for f in findings if f.required],
         "not_required": [f for f in findings if not f.required], "counts": counts, "total": len(findings),
         "documents_in_file": documents_in_file, "document_titles": document_titles,
         "can_rerun": can(request.user, "contract.rerun_review", district)},
    )  # fmt: skip


@login_required
@require_POST
def review_rerun(
    request: HttpRequest, district_slug: str, agreement_id: int, document_id: int
) -> HttpResponse:
    district = member_district(request.user, district_slug, "contract.rerun_review")
    document = _document(district, agreement_id, document_id)
    services.rerun_review(document, actor=request.user)
    messages.success(request, "The review is queued again; this page shows it once the worker has run it.")
    return redirect("staff-document-review", district.slug, agreement_id, document.pk)


def _check(request: HttpRequest, district_slug: str, agreement_id: int, check_id: int) -> ProvisionCheck:
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    return get_object_or_404(
        ProvisionCheck.objects.select_related("agreement"), agreement=agreement, pk=check_id
    )


def _checklist_url(check: ProvisionCheck, district_slug: str) -> str:
    return (
        reverse("staff-agreement-checklist", args=[district_slug, check.agreement_id]) + f"#check-{check.pk}"
    )


@login_required
@require_POST
def check_accept(request: HttpRequest, district_slug: str, agreement_id: int, check_id: int) -> HttpResponse:
    check = _check(request, district_slug, agreement_id, check_id)
    try:
        check = checklist.accept_finding(check, actor=request.user)
        messages.success(request, f"“{check.title}”: the automatic finding is accepted.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_checklist_url(check, district_slug))


@login_required
@require_POST
def check_accept_gap(
    request: HttpRequest, district_slug: str, agreement_id: int, check_id: int
) -> HttpResponse:
    """Accept a required provision the agreement does not meet, with the reason (audited)."""
    check = _check(request, district_slug, agreement_id, check_id)
    try:
        check = checklist.accept_gap(check, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, f"“{check.title}”: accepted without it, for the reason you gave.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_checklist_url(check, district_slug))


@login_required
def check_override(
    request: HttpRequest, district_slug: str, agreement_id: int, check_id: int
) -> HttpResponse:
    check = _check(request, district_slug, agreement_id, check_id)
    form = OverrideForm(request.POST or None, prefix=f"o{check.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            check = checklist.override_finding(check, actor=request.user, **form.cleaned_data)
            messages.success(request, f"“{check.title}” is now marked {check.get_status_display().lower()}.")
            return redirect(_checklist_url(check, district_slug))
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request, "agreements/review/override.html",
        {"district": check.agreement.district, "agreement": check.agreement, "check": check, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
@require_GET
def amendment_request(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    """Download the amendment letter (Word or PDF). Reads only; "Record that it was sent" is a POST."""
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    form = AmendmentForm(request.GET)
    try:
        if not form.is_valid():
            raise ValidationError("Choose Word or PDF.")
        file = services.build_amendment(agreement, actor=request.user, fmt=form.cleaned_data["format"])
    except ValidationError as exc:
        return render_detail(request, district, agreement, transition_error=exc.messages)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def amendment_sent(request: HttpRequest, district_slug: str, agreement_id: int) -> HttpResponse:
    """Record that the amendment letter went to the vendor (today, or the date given)."""
    district = member_district(request.user, district_slug, "agreement.edit")
    agreement = _agreement(district, agreement_id)
    form = AmendmentSentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        agreement = services.record_amendment_sent(agreement, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return render_detail(request, district, agreement, transition_error=exc.messages)
    sent = agreement.amendment_requested_on
    assert sent is not None  # just stamped
    messages.success(
        request,
        f"Recorded: the amendment request went to {agreement.vendor.legal_name} on {sent:%B} {sent.day}, {sent.year}.",
    )
    return redirect("staff-agreement", district.slug, agreement.pk)
