"""Staff forms. Validation messages are written for a non-technical reader."""

from __future__ import annotations

from typing import Any

from django import forms

from .grades import BAND_ORDER_MESSAGE, GRADE_CHOICES, band_is_inverted
from .models import DataElement, DecisionStatus, Resource, Subject, Vendor

GRADE_FIELD_CHOICES = [("", "—")] + [(str(v), label) for v, label in GRADE_CHOICES]


def _grade_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=GRADE_FIELD_CHOICES, coerce=int, empty_value=None, required=False
    )


def _check_band(cleaned: dict[str, Any], form: forms.BaseForm) -> None:
    if band_is_inverted(cleaned.get("grade_min"), cleaned.get("grade_max")):
        form.add_error("grade_max", BAND_ORDER_MESSAGE)


class VendorForm(forms.ModelForm):
    class Meta:
        model = Vendor
        fields = [
            "legal_name",
            "website",
            "privacy_contact_name",
            "privacy_contact_email",
            "security_contact_email",
        ]
        labels = {"legal_name": "Vendor's legal name", "website": "Vendor website"}
        error_messages = {
            "legal_name": {"unique": "A vendor with this name is already in the catalogue."},
            "website": {"invalid": "Enter a full web address, starting with https://"},
        }


class ResourceForm(forms.ModelForm):
    grade_min = _grade_field("Lowest grade")
    grade_max = _grade_field("Highest grade")
    subjects = forms.ModelMultipleChoiceField(
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
    )
    data_elements = forms.ModelMultipleChoiceField(
        label="Data it collects",
        queryset=DataElement.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )

    class Meta:
        model = Resource
        fields = [
            "name", "vendor", "url", "description", "grade_min", "grade_max", "subjects",
            "student_accounts_required", "mobile_app", "under_13_users", "privacy_policy_url", "terms_url",
            "data_elements", "data_elements_recorded",
        ]  # fmt: skip
        labels = {
            "under_13_users": "Used by children under 13",
            "data_elements_recorded": "This list of data is complete (none ticked: it collects no student information)",
        }
        help_texts = {
            "under_13_users": "Leave “Unknown” until someone has checked: the public page then says so.",
            "data_elements_recorded": "Until this is ticked, the public page says the data is not yet recorded.",
        }
        error_messages = {
            "url": {"invalid": "Enter a full web address, starting with https://"},
            "privacy_policy_url": {"invalid": "Enter a full web address, starting with https://"},
            "terms_url": {"invalid": "Enter a full web address, starting with https://"},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_band(cleaned, self)
        return cleaned


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=DecisionStatus.choices)
    grade_min = _grade_field("Approved from grade")
    grade_max = _grade_field("Approved up to grade")
    conditions = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="Shown publicly, e.g. 'teacher accounts only'.",
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="Shown publicly. Required when not approved.",
    )
    internal_notes = forms.CharField(
        widget=forms.Textarea, required=False, max_length=5000, help_text="Staff only; never shown publicly."
    )
    staff_only = forms.BooleanField(
        label="For staff only, not for students",
        required=False,
        help_text="The public page says “Staff only” instead of a grade band.",
    )
    elements_off = forms.ModelMultipleChoiceField(
        label="Data the district has turned off",
        queryset=DataElement.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        help_text="Features switched off in this district (e.g. location). Shown publicly as turned off.",
    )
    override_reason = forms.CharField(
        label="Approve before the policy is met: the reason (admins only)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text="Only when the district's policy still needs something listed above. The audit trail "
        "keeps the reason with what was missing.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_band(cleaned, self)
        if (
            cleaned.get("status") in (DecisionStatus.NOT_APPROVED, DecisionStatus.RETIRED)
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", "Give a reason: staff and families will read it.")
        return cleaned


class ChangeAnswerForm(forms.Form):
    """A district's answer to a proposed change to a shared row its registry shows."""

    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("refuse", "Refuse")])
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
