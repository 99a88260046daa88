"""/api/v1/districts/<slug>/resource-requests/<id>/documents/: the vendor's terms on a request, with red flags."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vetted.districts.api import DistrictScopedMixin
from vetted.kit.api import django_errors_to_dict

from .. import selectors
from ..models import AttachmentKind, RequestAttachment, ResourceRequest
from ..services.attachments import add_attachment
from ..views.attachments import may_attach


class RedFlagSerializer(serializers.Serializer):
    provision_id = serializers.CharField()
    kind = serializers.ChoiceField(choices=["says", "silent"])
    message = serializers.CharField()
    quote = serializers.CharField(allow_blank=True)
    page = serializers.IntegerField(allow_null=True)
    section = serializers.CharField(allow_null=True)


class AttachmentSerializer(serializers.ModelSerializer):
    red_flags = RedFlagSerializer(many=True, read_only=True)

    class Meta:
        model = RequestAttachment
        fields = [
            "id", "kind", "original_name", "size", "sha256", "uploaded_at", "status", "refusal", "red_flags",
        ]  # fmt: skip
        read_only_fields = fields


class AttachmentUpload(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices, default=AttachmentKind.TERMS)
    file = serializers.FileField()


class RequestDocumentsView(DistrictScopedMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    def _request(self, pk: int) -> ResourceRequest:
        req = selectors.visible_request(self.request.user, self.district_for("district.view"), pk)
        if req is None:
            raise exceptions.NotFound()
        return req

    @extend_schema(tags=["requests"], responses={200: AttachmentSerializer(many=True)})
    def get(self, request: Request, district_slug: str, pk: int) -> Response:
        return Response(AttachmentSerializer(self._request(pk).attachments.all(), many=True).data)

    @extend_schema(
        tags=["requests"],
        request={"multipart/form-data": AttachmentUpload},
        responses={
            201: OpenApiResponse(
                AttachmentSerializer,
                description="Stored and queued: status is reading until the worker reads it",
            ),
            400: OpenApiResponse(description="Refused document"),
            404: None,
        },
    )
    def post(self, request: Request, district_slug: str, pk: int) -> Response:
        req = self._request(pk)
        if not may_attach(request.user, req):
            raise exceptions.NotFound()
        form = AttachmentUpload(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            attachment = add_attachment(
                req, form.validated_data["file"], actor=request.user, kind=form.validated_data["kind"]
            )
        except ValidationError as exc:
            raise exceptions.ValidationError(django_errors_to_dict(exc)) from exc
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
