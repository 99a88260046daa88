"""Forms for the request pages. Messages are written for a teacher, not a programmer."""

from __future__ import annotations

from typing import Any

from django import forms

from vetted.catalog.forms import GRADE_FIELD_CHOICES
from vetted.catalog.grades import BAND_ORDER_MESSAGE, band_is_inverted
from vetted.catalog.models import DataElement, Subject
from vetted.districts.models import User

from .models import TEXT_MAX, ParentalPermission, ResourceRequest, ReviewPolicy, Under13
from .selectors import reviewers_of
from .services.drafting import SUBMIT_REQUIRED, missing_for_submit
from .states import Outcome

URL_ERROR = {"invalid": "Enter a full web address, starting with https://"}
TOO_LONG = "Keep this under %(limit_value)d characters (it has %(show_value)d)."


def _grade(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=GRADE_FIELD_CHOICES, coerce=int, empty_value=None,
                                  required=False)  # fmt: skip


def _area(label: str, help_text: str = "", required: bool = False) -> forms.CharField:
    # No browser maxlength: a long paste is never cut silently. The limit is stated in the help, a
    # counter shows it as the person types (data-limit), and the server says how much is too much.
    limit = f"Up to {TEXT_MAX:,} characters."
    return forms.CharField(
        label=label, help_text=f"{help_text} {limit}".strip(), required=required, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "data-limit": TEXT_MAX}),
        error_messages={"max_length": TOO_LONG},
    )  # fmt: skip


def _no_silent_cut(form: forms.BaseForm) -> None:
    """Drop the maxlength Django puts on inputs: the server reports an over-long value instead."""
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class ElementChoiceField(forms.ModelMultipleChoiceField):
    """The catalogue's data taxonomy as a checklist, each kind of data in plain words."""

    def label_from_instance(self, obj: Any) -> str:
        notes = [obj.description] if obj.description else []
        if obj.is_directory:
            notes.append("directory information")
        if obj.sensitivity == "high":
            notes.append("sensitive")
        return f"{obj.name}" + (f" ({'; '.join(notes)})" if notes else "")


class RequestForm(forms.ModelForm):
    """The district's form. Drafts may be incomplete; `submit` checks completeness."""

    grade_min = _grade("From grade")
    grade_max = _grade("To grade")
    description = _area("Description of the resource", "What is it, and what does it do?")
    planned_use = _area("How you plan to use it")
    information_shared = _area(
        "What information, if any, will be shared",
        "For example: student names, school e-mail addresses, student work.",
    )
    who_has_access = _area(
        "Who will have access to it", "For example: my grade 5 class and their co-teacher."
    )
    data_elements = ElementChoiceField(
        label="Which student information will it collect or receive? Tick each kind",
        queryset=DataElement.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        help_text="The registry lists exactly what you tick here once the committee approves it. "
        "“Directory information” is what a school may share without asking (name, grade, photo) "
        "unless a family opts out; “sensitive” marks data that could harm a child if exposed.",
    )
    collects_no_student_data = forms.BooleanField(
        label="It collects no student information at all",
        required=False,
        help_text="Tick only if you have checked. Leave everything empty if you do not know: "
        "the registry then says “not yet recorded”.",
    )
    subjects = forms.ModelMultipleChoiceField(
        label="Subjects", queryset=Subject.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, to_field_name="slug",
    )  # fmt: skip
    under_13 = forms.ChoiceField(
        label="Will children under 13 use it?",
        choices=Under13.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Under 13, the company must follow COPPA (the federal children's privacy law).",
    )

    class Meta:
        model = ResourceRequest
        fields = [
            "requester_position", "grade_min", "grade_max", "resource_name", "vendor_name", "resource_url",
            "description", "planned_use", "information_shared", "who_has_access", "student_accounts",
            "app_download", "app_requires_parental_permission", "terms_url", "privacy_policy_url",
            "data_sharing_agreement", "data_elements", "collects_no_student_data", "subjects", "under_13",
        ]  # fmt: skip
        labels = {
            "requester_position": "Your position",
            "resource_name": "Name of the resource",
            "vendor_name": "Company that provides it",
            "resource_url": "Link to the resource",
            "student_accounts": "Students will need to sign up for an account",
            "app_download": "Students will need to download an application",
            "app_requires_parental_permission": "Does the application itself require parental permission "
            "before a student uses it?",
            "terms_url": "Link to its terms of service",
            "privacy_policy_url": "Link to its privacy policy",
            "data_sharing_agreement": "The company asks the district to sign a contract or data-sharing agreement",
        }
        help_texts = {
            "requester_position": "For example: teacher. Taken from your account; change it if needed.",
            "resource_url": "Starting with https://",
            "terms_url": "If it has terms of service, the technology director must approve them.",
        }
        error_messages = {
            "resource_url": URL_ERROR,
            "terms_url": URL_ERROR,
            "privacy_policy_url": URL_ERROR,
            "resource_name": {"required": "Give the name of the resource, even for a draft."},
        }
        widgets = {
            "app_requires_parental_permission": forms.RadioSelect,
            "resource_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(
        self, *args: Any, district: Any = None, submitting: bool = False, resource: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.district, self.submitting, self.resource = district, submitting, resource
        for name in ("resource_name", "vendor_name", "requester_position"):
            field = self.fields[name]
            field.error_messages.setdefault("max_length", TOO_LONG)
        # A draft may leave it unanswered: that is "I don't know" (the model's default).
        self.fields["app_requires_parental_permission"].required = False
        _no_silent_cut(self)
        # Marked as needed to submit (a draft may leave them empty): the same list `submit` checks.
        for name in SUBMIT_REQUIRED:
            if name in self.fields:
                self.fields[name].required_to_submit = True  # type: ignore[attr-defined]
                self.fields[name].widget.attrs["aria-required"] = "true"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if band_is_inverted(cleaned.get("grade_min"), cleaned.get("grade_max")):
            self.add_error("grade_max", BAND_ORDER_MESSAGE)
        if not cleaned.get("app_requires_parental_permission"):
            cleaned["app_requires_parental_permission"] = ParentalPermission.UNKNOWN
        if not cleaned.get("under_13"):
            cleaned["under_13"] = Under13.UNKNOWN
        if cleaned.get("collects_no_student_data") and cleaned.get("data_elements"):
            self.add_error(
                "collects_no_student_data",
                "You ticked kinds of student information above: untick them, or untick this box.",
            )
        if self.submitting and self.district is not None:
            # Every problem in one round: what a submit needs is checked with the format errors.
            missing = missing_for_submit(self.district, {**cleaned, "resource": self.resource})
            for name, message in missing.items():
                if name not in self.errors:  # a field already reported once is not reported twice
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    def _post_clean(self) -> None:
        # The service validates the model (and reports per field); skip ModelForm's own pass.
        pass


class VoteForm(forms.Form):
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect)
    reason = _area("Reason", "Required when not approved. The requester reads it; it is not published.")
    public_reason = forms.CharField(
        label="Public reason (optional)", required=False, max_length=2000,
        help_text="What the public registry says of this decision. Left empty, a refusal says only "
        "that it was not approved after the district's review. Up to 2,000 characters.",
        widget=forms.Textarea(attrs={"rows": 2, "data-limit": 2000}),
        error_messages={"max_length": TOO_LONG},
    )  # fmt: skip
    override_reason = forms.CharField(
        label="Approve before the policy is met: the reason (admins only)", required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "data-limit": 2000}),
        help_text="Only when the district's policy still needs something listed above. The audit "
        "trail keeps the reason with what was missing. Up to 2,000 characters.",
        error_messages={"max_length": TOO_LONG},
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("outcome") == Outcome.NOT_APPROVED and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason: the requester will read it.")
        return cleaned


class FlagAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Answer to this red flag", max_length=2000,
        help_text="Why it does not stop the approval, or what was done about it. Up to 2,000 characters.",
        widget=forms.Textarea(attrs={"rows": 2, "data-limit": 2000}),
        error_messages={"max_length": TOO_LONG, "required": "Write the answer."},
    )  # fmt: skip


class CommentForm(forms.Form):
    body = _area("Comment", required=True)


class QuestionForm(forms.Form):
    question = _area("Question for the requester", required=True)


class AnswerForm(forms.Form):
    answer = _area("Your answer", required=True)


class TermsForm(forms.Form):
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000,
                           widget=forms.TextInput(attrs={"maxlength": 2000}))  # fmt: skip


class TermsRefusalForm(forms.Form):
    reason = _area(
        "Why the terms are refused",
        "Required. The request is decided not approved with this reason; the requester reads it. "
        "It is not published.",
        required=True,
    )
    public_reason = forms.CharField(
        label="Reason for the public registry (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Written for families. Left empty, the registry says only that it was not approved.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why (optional)", required=False, max_length=2000,
                             widget=forms.TextInput(attrs={"maxlength": 2000}))  # fmt: skip


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(
        label="Reviewer", queryset=User.objects.none(), empty_label="Choose a reviewer"
    )

    def __init__(self, *args: Any, district: Any, exclude: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [m.user_id for m in reviewers_of(district) if m.user_id not in exclude]
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=ids).order_by("full_name", "email")


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ReviewPolicy
        fields = ["quorum", "review_business_days", "reminder_business_days", "auto_assign",
                  "require_executed_agreement"]  # fmt: skip
        labels = {"quorum": "Reviewers who must agree (quorum)", "review_business_days": "Review deadline (business days)",
                  "reminder_business_days": "Remind reviewers this many business days before",
                  "auto_assign": "Assign reviewers automatically by rotation"}  # fmt: skip
