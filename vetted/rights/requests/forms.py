"""Staff and vendor forms for rights requests. Times are typed in the district's zone (the view
activates it; the label names it); every choice is limited to the district's own roster and
resources."""

from __future__ import annotations

from typing import Any

from django import forms

from vetted.catalog.models import Resource
from vetted.districts.models import District
from vetted.rosters.models import Person

from ..identity import GUARDIAN_ROLES
from .models import Relationship, RequestKind, RequestStatus, TaskOutcome

STAFF_CHANNELS = [("paper", "On paper"), ("phone", "By phone"), ("email", "By e-mail")]
LANGUAGES = [("en", "English"), ("es", "Spanish")]


class StudentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.family_name}, {obj.given_name} ({obj.sourced_id})"


class StudentMultiple(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.vendor.legal_name})"


class EntryForm(forms.Form):
    student = StudentChoice(queryset=Person.objects.none())
    requester = StudentChoice(label="Who asked, from the roster (optional)", queryset=Person.objects.none(),
                              required=False)  # fmt: skip
    requester_name = forms.CharField(
        label="Their name (if not in the roster)", max_length=200, required=False
    )
    requester_email = forms.EmailField(label="Their e-mail address, to tell them the outcome (optional)",
                                       max_length=320, required=False)  # fmt: skip
    relationship = forms.ChoiceField(choices=Relationship.choices)
    language = forms.ChoiceField(label="Their language", choices=LANGUAGES)
    channel = forms.ChoiceField(label="How it came", choices=STAFF_CHANNELS)
    received_at = forms.DateTimeField(
        label="When it reached the district (empty: now)", required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip
    kind = forms.ChoiceField(label="What they ask", choices=RequestKind.choices, widget=forms.RadioSelect)
    correction_wrong = forms.CharField(label="Correct: what is wrong", widget=forms.Textarea, max_length=2000,
                                       required=False)  # fmt: skip
    correction_right = forms.CharField(label="Correct: what it should say", widget=forms.Textarea,
                                       max_length=2000, required=False)  # fmt: skip
    export_address = forms.CharField(label="Export: the e-mail address to send the work to", max_length=320,
                                     required=False)  # fmt: skip
    details = forms.CharField(label="Anything else they said", widget=forms.Textarea, max_length=2000,
                              required=False)  # fmt: skip
    resources = StudentMultiple(label="Apps and websites (none chosen: every one the student uses)",
                                queryset=Resource.objects.none(), required=False,
                                widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, district: District, *args: Any, zone_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(district=district, enabled=True).order_by(
            "family_name", "given_name", "pk"
        )
        self.fields["student"].queryset = people.filter(role="student")  # type: ignore[attr-defined]
        self.fields["requester"].queryset = people.filter(role__in=GUARDIAN_ROLES)  # type: ignore[attr-defined]
        self.fields["resources"].queryset = (  # type: ignore[attr-defined]
            Resource.objects.filter(decisions__district=district)
            .select_related("vendor")
            .distinct()
            .order_by("name")
        )
        if zone_name:
            self.fields["received_at"].label = f"When it reached the district ({zone_name}; empty: now)"


class IdentityForm(forms.Form):
    method = forms.CharField(label="How identity was checked", widget=forms.Textarea, max_length=1000)


class ExtendForm(forms.Form):
    new_date = forms.DateField(label="New deadline (the end of this day)",
                               widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    reason = forms.CharField(label="Why more time is needed (the family reads it)", widget=forms.Textarea,
                             max_length=2000)  # fmt: skip


class RefuseForm(forms.Form):
    reason = forms.CharField(label="Reason (the family reads it)", widget=forms.Textarea, max_length=2000)


class CloseForm(forms.Form):
    note = forms.CharField(
        label="What was done (the family reads it)", widget=forms.Textarea, max_length=2000
    )


class QueueFilter(forms.Form):
    status = forms.ChoiceField(choices=[("", "Open (all)"), ("all", "Every status"),
                                        *RequestStatus.choices], required=False)  # fmt: skip
    kind = forms.ChoiceField(choices=[("", "Every kind"), *RequestKind.choices], required=False)


class VendorAnswerForm(forms.Form):
    outcome = forms.ChoiceField(label="Your answer", choices=[
        (TaskOutcome.DONE, "Done: we did what is asked"), (TaskOutcome.REFUSED, "Refused: we cannot do it")],
        widget=forms.RadioSelect)  # fmt: skip
    statement = forms.CharField(label="What you did, or what you hold (if no file)", widget=forms.Textarea,
                                max_length=5000, required=False)  # fmt: skip
    file = forms.FileField(
        label="The export or the record (PDF, Word, HTML, Markdown or text)", required=False
    )
    reason = forms.CharField(label="If refused: why (the family reads it)", widget=forms.Textarea,
                             max_length=2000, required=False)  # fmt: skip
