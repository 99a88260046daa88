"""API for the review of agreement documents: the result, re-running it, accepting or overriding a
finding on the checklist, and the amendment request (DOCX or PDF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vetted.agreements.api.serializers import AgreementSerializer, CheckSerializer
from vetted.agreements.models import Agreement, AgreementDocument, CheckStatus, ProvisionCheck
from vetted.agreements.services import checklist
from vetted.districts.api import DistrictScopedMixin

from ..models.review import DocumentReview
from ..services import review as services
from .contract_review import DocumentInfoSerializer, ProvisionFindingSerializer

BAD = OpenApiResponse(description="Field errors")
OVERRIDE_STATUSES = [c for c in CheckStatus.choices if c[0] != CheckStatus.UNREVIEWED]


class StoredResultSerializer(serializers.Serializer):
    document = DocumentInfoSerializer()
    provisions = ProvisionFindingSerializer(many=True)


class DocumentReviewSerializer(serializers.ModelSerializer):
    result = StoredResultSerializer(allow_null=True, help_text="Present once the review is done")

    class Meta:
        model = DocumentReview
        fields = [
            "id", "document", "status", "packs", "result", "error_code", "error_message", "attempts",
            "queued_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class OverrideSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OVERRIDE_STATUSES)
    reason = serializers.CharField(max_length=1000, help_text="Why the automatic finding is wrong")
    location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class _Scoped(DistrictScopedMixin):
    def agreement(self, action: str, agreement_id: int) -> Agreement:
        district = self.district_for(action)
        return get_object_or_404(
            Agreement.objects.select_related("vendor"), district=district, pk=agreement_id
        )

    def document(self, action: str, agreement_id: int, document_id: int) -> AgreementDocument:
        agreement = self.agreement(action, agreement_id)
        return get_object_or_404(AgreementDocument, agreement=agreement, pk=document_id)

    def check(self, agreement_id: int, check_id: int) -> ProvisionCheck:
        agreement = self.agreement("agreement.edit", agreement_id)
        return get_object_or_404(ProvisionCheck, agreement=agreement, pk=check_id)


@extend_schema(tags=["contract review"])
class DocumentReviewView(_Scoped, APIView):
    """The automatic review of one agreement document: its status, findings or refusal reason."""

    @extend_schema(responses={200: DocumentReviewSerializer})
    def get(self, request: Request, district_slug: str, agreement_id: int, document_id: int) -> Response:
        document = self.document("agreement.view", agreement_id, document_id)
        review = get_object_or_404(DocumentReview, document=document)
        return Response(DocumentReviewSerializer(review).data)


@extend_schema(tags=["contract review"])
class DocumentReviewRerunView(_Scoped, APIView):
    """Queue the review again (district admins). The worker runs it; GET the review to see it."""

    @extend_schema(request=None, responses={202: DocumentReviewSerializer})
    def post(self, request: Request, district_slug: str, agreement_id: int, document_id: int) -> Response:
        document = self.document("contract.rerun_review", agreement_id, document_id)
        review = services.rerun_review(document, actor=request.user)
        return Response(DocumentReviewSerializer(review).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["contract review"])
class CheckAcceptView(_Scoped, APIView):
    """Accept the automatic finding on a checklist item: same status, now decided by a person."""

    @extend_schema(request=None, responses={200: CheckSerializer, 400: BAD})
    def post(self, request: Request, district_slug: str, agreement_id: int, check_id: int) -> Response:
        check = checklist.accept_finding(self.check(agreement_id, check_id), actor=request.user)
        return Response(CheckSerializer(check).data)


@extend_schema(tags=["contract review"])
class CheckOverrideView(_Scoped, APIView):
    """Replace the automatic finding with another status; the reason goes to the audit trail."""

    @extend_schema(request=OverrideSerializer, responses={200: CheckSerializer, 400: BAD})
    def post(self, request: Request, district_slug: str, agreement_id: int, check_id: int) -> Response:
        check = self.check(agreement_id, check_id)
        form = OverrideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        check = checklist.override_finding(check, actor=request.user, **form.validated_data)
        return Response(CheckSerializer(check).data)


class AcceptGapSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


@extend_schema(tags=["contract review"])
class CheckAcceptGapView(_Scoped, APIView):
    """Accept a required provision the agreement does not meet, with the reason (audited, named person)."""

    @extend_schema(request=AcceptGapSerializer, responses={200: CheckSerializer, 400: BAD})
    def post(self, request: Request, district_slug: str, agreement_id: int, check_id: int) -> Response:
        check = self.check(agreement_id, check_id)
        form = AcceptGapSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        check = checklist.accept_gap(check, actor=request.user, reason=form.validated_data["reason"])
        return Response(CheckSerializer(check).data)


class _IgnoreFormatParameter(DefaultContentNegotiation):
    """`?format=` names the file to build here, not a DRF renderer; errors are always JSON."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


@extend_schema(tags=["contract review"])
class AmendmentRequestView(_Scoped, APIView):
    """The amendment letter to the vendor for every provision marked missing, insufficient or in
    conflict, in the contract's own defined terms, signed by the caller. Reading it changes nothing:
    POST amendment-request/sent/ records that it was sent."""

    content_negotiation_class = _IgnoreFormatParameter

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["docx", "pdf"], default="docx")],
        responses={
            (200, services.FORMATS["docx"][0]): OpenApiTypes.BINARY,
            (200, services.FORMATS["pdf"][0]): OpenApiTypes.BINARY,
            400: BAD,
        },
    )
    def get(self, request: Request, district_slug: str, agreement_id: int) -> HttpResponse:
        agreement = self.agreement("agreement.edit", agreement_id)
        fmt = request.query_params.get("format", "docx")
        file = services.build_amendment(agreement, actor=request.user, fmt=fmt)
        response = HttpResponse(file.content, content_type=file.content_type)
        response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class AmendmentSentSerializer(serializers.Serializer):
    sent_on = serializers.DateField(required=False, allow_null=True, default=None,
                                    help_text="The day it went to the vendor; today when left out")  # fmt: skip
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


@extend_schema(tags=["contract review"])
class AmendmentSentView(_Scoped, APIView):
    """Record that the amendment letter went to the vendor: stamps `amendment_requested_on`, audited."""

    @extend_schema(request=AmendmentSentSerializer, responses={200: AgreementSerializer, 400: BAD})
    def post(self, request: Request, district_slug: str, agreement_id: int) -> Response:
        agreement = self.agreement("agreement.edit", agreement_id)
        form = AmendmentSentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        agreement = services.record_amendment_sent(agreement, actor=request.user, **form.validated_data)
        return Response(AgreementSerializer(agreement).data)
