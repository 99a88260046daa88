"""Staff forms for notices. Choices are scoped to the district the page is for, so another
district's agreement or resource is "not one of the choices"; the services check again."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from vetted.agreements.models import Agreement, AgreementStatus
from vetted.catalog.models import DecisionStatus, Resource
from vetted.districts.models import District

from . import wording
from .models import Notice, NoticeKind

# Kinds an admin starts here; a breach notice starts from its incident.
STARTABLE = [(NoticeKind.CONTRACT_EXECUTED.value, "Contract executed: tell families what the district signed"),
             (NoticeKind.PERMISSION_REQUEST.value, "Permission request: ask families before a resource is used")]  # fmt: skip
LANGUAGE_CODE = re.compile(r"[a-z]{2,8}")


def executed_agreements(district: District) -> Any:
    return (
        Agreement.objects.filter(district=district, status=AgreementStatus.FULLY_EXECUTED)
        .select_related("vendor")
        .order_by("-executed_date", "title")
    )


def consent_resources(district: District) -> Any:
    return (
        Resource.objects.filter(decisions__district=district,
                                decisions__status=DecisionStatus.APPROVED_WITH_CONSENT)
        .select_related("vendor")
        .order_by("name")
        .distinct()
    )  # fmt: skip


class AgreementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day = (
            f", executed {obj.executed_date:%B} {obj.executed_date.day}, {obj.executed_date:%Y}"
            if obj.executed_date
            else ""
        )
        return f"{obj.title} — {obj.vendor.legal_name}{day}"


class NewNoticeForm(forms.Form):
    kind = forms.ChoiceField(choices=STARTABLE, widget=forms.RadioSelect, label="What kind of notice")
    agreement = AgreementChoice(
        queryset=Agreement.objects.none(), required=False, label="The executed agreement (contract notice)",
        help_text="Only this district's fully executed agreements are listed.",
    )  # fmt: skip
    resource = forms.ModelChoiceField(
        queryset=Resource.objects.none(), required=False, label="The resource (permission request)",
        help_text="Only resources approved here with parental notification and permission are listed.",
    )  # fmt: skip

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = executed_agreements(district)  # type: ignore[attr-defined]
        self.fields["resource"].queryset = consent_resources(district)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if (
            kind == NoticeKind.CONTRACT_EXECUTED
            and not data.get("agreement")
            and "agreement" not in self.errors
        ):
            self.add_error("agreement", "Choose the executed agreement this notice is about.")
        if (
            kind == NoticeKind.PERMISSION_REQUEST
            and not data.get("resource")
            and "resource" not in self.errors
        ):
            self.add_error("resource", "Choose the resource families are asked about.")
        return data


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["title", "description", "purpose", "post_publicly", "include_students"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": "Title (the resource families know)",
                  "post_publicly": "Post it on the district's public notices page once sent"}  # fmt: skip
        help_texts = {"description": "Plain words a family understands: what it is.",
                      "purpose": "Why the school uses it."}  # fmt: skip


class SendForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read the preview; send it to these families now (this cannot be undone)"
    )


def _check_placeholders(value: str) -> str:
    unknown = wording.unknown_placeholders(value)
    if unknown:
        raise forms.ValidationError(
            "Not a placeholder: " + ", ".join(unknown) + ". Use only the names in the list beside the form."
        )
    return value


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=300)
    body = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 18}))

    def clean_subject(self) -> str:
        return _check_placeholders(self.cleaned_data["subject"].strip())

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n").strip("\n")
        return _check_placeholders(body) + "\n"


def clean_language_code(raw: str) -> str:
    code = (raw or "").strip().lower()
    if not LANGUAGE_CODE.fullmatch(code):
        raise forms.ValidationError(
            "Write the language's code: 2 to 8 letters, for example vi (Vietnamese) or ht (Haitian Creole)."
        )
    return code


class AddLanguageForm(forms.Form):
    code = forms.CharField(
        max_length=35, label="Language code",
        help_text="The short code of the language (ISO 639 / BCP 47), e.g. vi for Vietnamese, ht for Haitian Creole.",
    )  # fmt: skip

    def clean_code(self) -> str:
        return clean_language_code(self.cleaned_data["code"])


class PersonLanguageForm(forms.Form):
    person = forms.CharField(widget=forms.HiddenInput)
    language = forms.CharField(max_length=35, label="Language code", help_text="e.g. en, es, vi, ht")

    def clean_language(self) -> str:
        return clean_language_code(self.cleaned_data["language"])
