"""API shapes for requests. The district and the requester never come from the body."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from vetted.catalog.grades import BAND_ORDER_MESSAGE, GRADE_CHOICES, band_is_inverted
from vetted.catalog.models import DataElement, Resource, Subject

from .. import gate
from ..models import TEXT_MAX, Assignment, Comment, ResourceRequest
from ..selectors import waiting_on
from ..services import policy_for
from ..states import TERMINAL, Outcome


class AssignmentSerializer(serializers.ModelSerializer):
    reviewer = serializers.EmailField(source="reviewer.email")
    reviewer_name = serializers.CharField(source="reviewer.display_name")

    class Meta:
        model = Assignment
        fields = [
            "reviewer",
            "reviewer_name",
            "assigned_at",
            "vote",
            "vote_reason",
            "public_reason",
            "voted_at",
        ]


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.EmailField(source="author.email")

    class Meta:
        model = Comment
        fields = ["id", "author", "kind", "body", "created_at"]


# Named apart from the catalogue's Resource: drf-spectacular would call that one's request body
# "ResourceRequest" too.
@extend_schema_serializer(component_name="StaffResourceRequest")
class ResourceRequestSerializer(serializers.ModelSerializer):
    grade_min = serializers.ChoiceField(choices=GRADE_CHOICES, allow_null=True, required=False)
    grade_max = serializers.ChoiceField(choices=GRADE_CHOICES, allow_null=True, required=False)
    resource = serializers.PrimaryKeyRelatedField(
        queryset=Resource.objects.all(), allow_null=True, required=False,
        help_text="A catalogue resource this request is about, if known.",
    )  # fmt: skip
    data_elements = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=DataElement.objects.all(), required=False,
        help_text="Codes of the kinds of student data it collects (the catalogue's taxonomy).",
    )  # fmt: skip
    subjects = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Subject.objects.all(), required=False
    )
    requester = serializers.EmailField(source="requester.email", read_only=True)
    terms_review_required = serializers.BooleanField(read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    waiting_on = serializers.SerializerMethodField()
    policy_needs = serializers.SerializerMethodField()
    # Declared so the schema says what a request shows before it is decided: a blank outcome.
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = ResourceRequest
        fields = [
            "id", "state", "requester", "requester_name", "requester_position", "grade_min", "grade_max",
            "resource_name", "vendor_name", "resource_url", "description", "planned_use", "information_shared",
            "who_has_access", "student_accounts", "app_download", "app_requires_parental_permission", "terms_url",
            "privacy_policy_url", "data_sharing_agreement", "data_elements", "collects_no_student_data", "subjects",
            "under_13", "resource", "terms_review_required",
            "terms_approved_at", "terms_refused_at", "outcome", "decision_reason", "public_reason", "decided_at",
            "created_at", "submitted_at",
            "due_at", "assignments", "comments", "waiting_on", "policy_needs", "policy_override_reason",
            "policy_override_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "state", "requester_name", "terms_approved_at", "terms_refused_at", "outcome", "decision_reason",
            "public_reason", "decided_at",
            "created_at", "submitted_at", "due_at", "policy_override_reason", "policy_override_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_waiting_on(self, obj: ResourceRequest) -> list[str]:
        return waiting_on(obj, policy_for(obj.district).quorum)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_policy_needs(self, obj: ResourceRequest) -> list[str]:
        """What the district's policy still needs before an approval (empty once decided)."""
        return [] if obj.state in TERMINAL else [n.text for n in gate.request_needs(obj)]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low = attrs.get("grade_min", getattr(self.instance, "grade_min", None))
        high = attrs.get("grade_max", getattr(self.instance, "grade_max", None))
        if band_is_inverted(low, high):
            raise serializers.ValidationError({"grade_max": BAND_ORDER_MESSAGE})
        return attrs


def _text(required: bool = True, max_length: int = TEXT_MAX) -> serializers.CharField:
    return serializers.CharField(required=required, allow_blank=not required, max_length=max_length)


class AssignInput(serializers.Serializer):
    reviewer = serializers.IntegerField(help_text="User id of a reviewer, admin or director of the district.")


class CommentInput(serializers.Serializer):
    body = _text()


class QuestionInput(serializers.Serializer):
    question = _text()


class AnswerInput(serializers.Serializer):
    answer = _text()


class NoteInput(serializers.Serializer):
    note = _text(required=False, max_length=2000)


class RefuseTermsInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=TEXT_MAX, help_text="Why the terms are refused; the requester reads it. Never published."
    )
    public_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text="Optional reason for the public registry, written for families.",
    )  # fmt: skip


class WithdrawInput(serializers.Serializer):
    reason = _text(required=False, max_length=2000)


class VoteInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = _text(required=False)
    public_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text="What the public registry may say of the decision, written for families.",
    )  # fmt: skip
    override_reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="",
        help_text="Admins only: approve although the district's policy still needs something "
        "(`policy_needs`); kept in the audit trail.",
    )  # fmt: skip


class KnownSerializer(serializers.Serializer):
    resource_id = serializers.IntegerField(source="resource.pk")
    name = serializers.CharField(source="resource.name")
    vendor = serializers.CharField(source="resource.vendor.legal_name")
    status_here = serializers.CharField(source="decision_here.status", allow_null=True, default=None)
    reason_here = serializers.CharField(source="decision_here.reason", allow_null=True, default=None)
    grades_here = serializers.CharField(source="decision_here.grade_band", allow_null=True, default=None)
    approved_in = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_approved_in(self, obj: Any) -> list[str]:
        return [d.slug for d in obj.approved_in]
