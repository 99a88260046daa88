"""API shapes for the catalogue. Public serializers carry only public fields."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..grades import BAND_ORDER_MESSAGE, GRADE_CHOICES, band_is_inverted
from ..models import (
    CatalogChange,
    CatalogChangeAnswer,
    DataElement,
    DecisionStatus,
    Resource,
    ResourceDecision,
    Subject,
    Vendor,
)


class DataElementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataElement
        fields = ["code", "name", "category", "description", "is_directory", "sensitivity"]


class SubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subject
        fields = ["slug", "name"]


class RegistryEntrySerializer(serializers.Serializer):
    """One row of a district's public registry."""

    resource_id = serializers.IntegerField()
    name = serializers.CharField(source="resource.name")
    vendor = serializers.CharField(source="resource.vendor.legal_name")
    status = serializers.ChoiceField(choices=DecisionStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    plain_status = serializers.CharField()
    needs_parental_permission = serializers.BooleanField()
    grade_min = serializers.IntegerField(allow_null=True)
    grade_max = serializers.IntegerField(allow_null=True)
    grades = serializers.CharField(source="grade_band")
    conditions = serializers.CharField()
    reason = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    url = serializers.URLField(source="resource.url")
    description = serializers.CharField(source="resource.description")
    privacy_policy_url = serializers.URLField(
        source="resource.privacy_policy_url", allow_blank=True
    )  # blank: none recorded
    terms_url = serializers.URLField(source="resource.terms_url", allow_blank=True)  # blank: none recorded
    student_accounts_required = serializers.BooleanField(source="resource.student_accounts_required")
    mobile_app = serializers.BooleanField(source="resource.mobile_app")
    under_13_users = serializers.BooleanField(
        source="resource.under_13_users", allow_null=True, help_text="null: not yet recorded"
    )
    staff_only = serializers.BooleanField(help_text="For staff, not for students")
    subjects = SubjectSerializer(source="resource.subjects", many=True)
    data_collection = serializers.ChoiceField(
        source="resource.data_collection",
        choices=[("listed", "listed"), ("none", "collects none"), ("unknown", "not yet recorded")],
        help_text="listed: see data_elements; none: recorded as collecting no student information; "
        "unknown: not yet recorded (an empty data_elements then says nothing)",
    )
    data_elements = DataElementSerializer(source="resource.data_elements", many=True)
    elements_off = DataElementSerializer(
        many=True, help_text="Collected by the resource, but turned off by this district"
    )
    agreement_url = serializers.SerializerMethodField(help_text="The district's public agreement, if any")

    def get_agreement_url(self, decision: ResourceDecision) -> str | None:
        path = self.context.get("agreement_urls", {}).get(decision.resource_id)
        request = self.context.get("request")
        return request.build_absolute_uri(path) if path and request else path


class VendorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = [
            "id", "legal_name", "website", "privacy_contact_name", "privacy_contact_email",
            "security_contact_email", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]


class ResourceSerializer(serializers.ModelSerializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    subjects = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Subject.objects.all(), required=False
    )
    data_elements = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=DataElement.objects.all(), required=False
    )
    grade_min = serializers.ChoiceField(choices=GRADE_CHOICES, allow_null=True, required=False)
    grade_max = serializers.ChoiceField(choices=GRADE_CHOICES, allow_null=True, required=False)

    class Meta:
        model = Resource
        fields = [
            "id", "name", "vendor", "url", "description", "subjects", "grade_min", "grade_max",
            "student_accounts_required", "mobile_app", "under_13_users", "privacy_policy_url", "terms_url",
            "data_elements", "data_elements_recorded", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []  # uniqueness is checked by the model's full_clean in the service

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low = attrs.get("grade_min", getattr(self.instance, "grade_min", None))
        high = attrs.get("grade_max", getattr(self.instance, "grade_max", None))
        if band_is_inverted(low, high):
            raise serializers.ValidationError({"grade_max": BAND_ORDER_MESSAGE})
        return attrs


class DecisionSerializer(serializers.ModelSerializer):
    """Staff view of a decision, including internal notes."""

    resource = serializers.PrimaryKeyRelatedField(queryset=Resource.objects.all())
    resource_name = serializers.CharField(source="resource.name", read_only=True)
    grade_min = serializers.ChoiceField(choices=GRADE_CHOICES, allow_null=True, required=False)
    grade_max = serializers.ChoiceField(choices=GRADE_CHOICES, allow_null=True, required=False)
    decided_by = serializers.EmailField(source="decided_by.email", read_only=True, allow_null=True)
    elements_off = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=DataElement.objects.all(), required=False,
        help_text="Data the district has turned off (shown publicly as off)",
    )  # fmt: skip
    override_reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=2000,
        help_text="Admins only: approve although the district's policy still needs something; "
        "the 400 answer lists what. Kept in the audit trail.",
    )  # fmt: skip

    class Meta:
        model = ResourceDecision
        fields = [
            "resource", "resource_name", "status", "grade_min", "grade_max", "conditions", "reason",
            "internal_notes", "staff_only", "elements_off", "override_reason", "decided_by", "decided_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["decided_by", "decided_at", "updated_at"]
        extra_kwargs = {"status": {"required": True}}  # the model's default is not a decision
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low, high = attrs.get("grade_min"), attrs.get("grade_max")
        if band_is_inverted(low, high):
            raise serializers.ValidationError({"grade_max": BAND_ORDER_MESSAGE})
        return attrs


class CatalogChangeAnswerSerializer(serializers.ModelSerializer):
    district: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = CatalogChangeAnswer
        fields = ["district", "accepted", "answered_at", "reason"]
        read_only_fields = fields


class CatalogChangeSerializer(serializers.ModelSerializer):
    """A proposed change to a shared vendor or resource that other districts publish (ADR 0001)."""

    district: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The district that proposed the change"
    )
    proposed_by = serializers.EmailField(source="proposed_by.email", read_only=True, allow_null=True)
    changes = serializers.DictField(read_only=True, help_text="Field name -> proposed value")
    answers = CatalogChangeAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = CatalogChange
        fields = [
            "id", "district", "proposed_by", "vendor", "resource", "changes", "status", "created_at",
            "closed_at", "answers",
        ]  # fmt: skip
        read_only_fields = fields


class ChangeAnswerSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
