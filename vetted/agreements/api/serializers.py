"""API shapes for agreements, documents, checklist, obligations and the clock."""

from __future__ import annotations

from rest_framework import serializers

from vetted.catalog.models import DataElement, Resource, Vendor

from ..models import Agreement, AgreementDocument, CheckStatus, OfferEnd, ProvisionCheck
from ..transitions import TRANSITIONS


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementDocument
        fields = [
            "id",
            "label",
            "original_name",
            "file_type",
            "size",
            "sha256",
            "public_copy",
            "signed_copy",
            "uploaded_at",
        ]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
        max_length=200, required=False, allow_blank=True, default=""
    )
    public_copy = serializers.BooleanField(required=False, default=False)
    signed_copy = serializers.BooleanField(required=False, default=False)


class AgreementSerializer(serializers.ModelSerializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    resources = serializers.PrimaryKeyRelatedField(queryset=Resource.objects.all(), many=True, required=False)
    data_elements = serializers.SlugRelatedField(
        slug_field="code", queryset=DataElement.objects.all(), many=True, required=False
    )
    documents = DocumentSerializer(many=True, read_only=True)
    # Declared so the schema says what an offer still open shows: a blank reason.
    offer_end_reason = serializers.ChoiceField(choices=OfferEnd.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id", "title", "vendor", "resources", "kind", "status", "effective_date", "executed_date",
            "expiry_date", "district_signatory_name", "district_signatory_title", "vendor_signatory_name",
            "vendor_signatory_title", "data_elements", "security_framework", "security_framework_other",
            "general_offer", "offer_ended_at", "offer_end_reason", "public", "parent", "supersedes",
            "amendment_requested_on", "noncompliance_note", "documents", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "status", "offer_ended_at", "offer_end_reason", "parent", "supersedes",
            "amendment_requested_on", "noncompliance_note", "created_at", "updated_at",
        ]  # fmt: skip


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[t.name for t in TRANSITIONS.values() if t.by_person])
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class CheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProvisionCheck
        fields = [
            "id", "provision_id", "title", "citation", "required_by", "status", "location", "note", "source",
            "confidence", "evidence", "reviewed_at", "accepted_reason", "accepted_at",
        ]  # fmt: skip
        read_only_fields = fields


class CheckMarkSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CheckStatus.choices)
    location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class NoncomplianceSerializer(serializers.Serializer):
    amendment_requested_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EndOfferSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=OfferEnd.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OfferSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.slug")
    district_name = serializers.CharField(source="district.name")
    vendor_name = serializers.CharField(source="vendor.legal_name")

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "district",
            "district_name",
            "vendor",
            "vendor_name",
            "effective_date",
            "expiry_date",
        ]
        read_only_fields = fields


class AdoptSerializer(serializers.Serializer):
    effective_date = serializers.DateField(required=False, allow_null=True, default=None)
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None)
    signatory_name = serializers.CharField(max_length=200, help_text="Who signed Exhibit E for the district.")
    signatory_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    signed_copy = serializers.FileField(
        help_text="The Exhibit E the district signed (PDF or Word), sent as multipart/form-data; "
        "kept as the subscription's own signed copy, never published."
    )
