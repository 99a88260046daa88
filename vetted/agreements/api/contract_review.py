"""POST a document: it is checked, stored and queued (202 with a link); the worker reads it in a
limited child. GET the link for its status and, once done, the provision-by-provision review (the
same shape as the command). Nothing untrusted is parsed in the web process."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vetted.districts.api import DistrictScopedMixin
from vetted.documents.models import Purpose, ReadJob, ReadStatus
from vetted.kit.uploads import too_large_message
from vetted.review import DocumentError
from vetted.rules import PackError

from ..services.review import UnknownPack, queue_contract_review

FINDING_STATUSES = ["satisfied", "missing", "insufficient", "conflict", "not_required"]


class ReviewRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, DOCX, HTML, Markdown or plain text")
    pack = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        default=list,
        help_text="Rule pack ids; by default the district's own stack",
    )


class EvidenceSerializer(serializers.Serializer):
    quote = serializers.CharField()
    page = serializers.IntegerField(allow_null=True)
    section = serializers.CharField(allow_null=True)


class ProvisionFindingSerializer(serializers.Serializer):
    id = serializers.CharField()
    found = serializers.BooleanField()
    confidence = serializers.FloatField()
    param = serializers.JSONField(allow_null=True)
    evidence = EvidenceSerializer(many=True)
    status = serializers.ChoiceField(choices=FINDING_STATUSES)
    required_by = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()


class DocumentInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    sha256 = serializers.CharField()
    pages = serializers.IntegerField()
    characters = serializers.IntegerField()


class ReviewResultSerializer(serializers.Serializer):
    document = DocumentInfoSerializer()
    provisions = ProvisionFindingSerializer(many=True)
    packs = serializers.ListField(child=serializers.CharField())


class QueuedReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReadStatus.choices)
    url = serializers.CharField(help_text="GET it until status is done or failed")


class ContractReviewStatusSerializer(QueuedReviewSerializer):
    result = ReviewResultSerializer(allow_null=True, help_text="Present once the review is done")
    error_code = serializers.CharField(allow_blank=True)
    error_message = serializers.CharField(allow_blank=True)


def _queued(job: ReadJob, slug: str) -> dict[str, object]:
    url = reverse("api-contract-review-detail", args=[slug, job.pk])
    return {"id": job.pk, "status": job.status, "url": url}


class ContractReviewView(DistrictScopedMixin, APIView):
    """Queue the review of an uploaded agreement or vendor terms against the district's rule packs."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["contract review"],
        request={"multipart/form-data": ReviewRequestSerializer},
        responses={
            202: QueuedReviewSerializer,
            400: OpenApiResponse(description="Refused document or unknown pack"),
        },
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district = self.district_for("contract.review")
        form = ReviewRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        limit = settings.VETTED_MAX_UPLOAD_BYTES
        if (upload.size or 0) > limit:
            return Response({"file": [too_large_message(upload.size)], "code": "too_large"},
                            status=status.HTTP_400_BAD_REQUEST)  # fmt: skip
        try:
            job = queue_contract_review(
                district, upload.read(limit + 1), upload.name or "upload",
                packs=form.validated_data["pack"], actor=request.user,
            )  # fmt: skip
        except UnknownPack as exc:
            return Response({"pack": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        except PackError as exc:
            return Response({"pack": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        except DocumentError as exc:
            return Response({"file": [exc.message], "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)
        return Response(_queued(job, district.slug), status=status.HTTP_202_ACCEPTED)


class ContractReviewDetailView(DistrictScopedMixin, APIView):
    """One queued contract review: its status and, once done, the findings or the refusal reason."""

    @extend_schema(tags=["contract review"], responses={200: ContractReviewStatusSerializer, 404: None})
    def get(self, request: Request, district_slug: str, pk: int) -> Response:
        district = self.district_for("contract.review")
        job = get_object_or_404(ReadJob, pk=pk, district=district, purpose=Purpose.CONTRACT_REVIEW)
        return Response({**_queued(job, district.slug), "result": job.result if job.status == ReadStatus.DONE
                         else None, "error_code": job.error_code, "error_message": job.error_message})  # fmt: skip
