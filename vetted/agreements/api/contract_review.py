"""POST a document, get the provision-by-provision review as JSON (the same shape as the command)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vetted.districts.api import DistrictScopedMixin
from vetted.review import DocumentError
from vetted.rules import PackError

from ..services.review import review_contract

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


class ContractReviewView(DistrictScopedMixin, APIView):
    """Review an uploaded agreement or vendor terms against the district's rule packs."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["contract review"],
        request={"multipart/form-data": ReviewRequestSerializer},
        responses={
            200: ReviewResultSerializer,
            400: OpenApiResponse(description="Refused document or bad pack"),
        },
    )
    def post(self, request: Request, district_slug: str) -> Response:
        district = self.district_for("contract.review")
        form = ReviewRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        try:
            result, packs = review_contract(
                upload.read(), upload.name or "upload", district=district, packs=form.validated_data["pack"]
            )
        except DocumentError as exc:
            return Response({"file": [exc.message], "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)
        except PackError as exc:
            return Response({"pack": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({**result.to_dict(), "packs": packs})
