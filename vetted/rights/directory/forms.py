"""Directory-information forms. Every choice is limited to the district's own schools and students
and to the categories it designated; dates are the district's calendar days."""

from __future__ import annotations

from typing import Any

from django import forms

from vetted.districts.models import District
from vetted.kit.ids import parse_id
from vetted.rosters.models import Org, Person

from ..models_directory import DirectoryRequest
from . import items
from .selectors import designated

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GRADES = [(-1, "Pre-K"), (0, "Kindergarten"), *[(g, f"Grade {g}") for g in range(1, 13)]]
YES_NO = [("yes", "Yes: it serves a school purpose"), ("no", "No")]
DECISIONS = [("disclose", "Disclose (students who opted out are left out)"), ("refuse", "Refuse")]


class IdChoices(forms.ModelMultipleChoiceField):
    """Ids checked with parse_id before any query: an id past SQLite's integer range is a field
    error, not an OverflowError."""

    def clean(self, value: Any) -> Any:
        for one in value if isinstance(value, (list, tuple)) else []:
            if parse_id(str(one)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": one}
                )
        return super().clean(value)


class RequestForm(forms.Form):
    requester_name = forms.CharField(label="Who asks (name)", max_length=200)
    requester_organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    requester_contact = forms.CharField(label="How to reach them (e-mail, phone or address)", max_length=300)
    purpose = forms.CharField(label="What it is for, in their words", widget=forms.Textarea, max_length=3000)
    items = forms.MultipleChoiceField(
        label="Items asked for", widget=forms.CheckboxSelectMultiple, choices=()
    )
    whole_district = forms.BooleanField(label="Every student of the district", required=False)
    schools = IdChoices(label="Schools", queryset=Org.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)  # fmt: skip
    grades = forms.TypedMultipleChoiceField(label="Grades", choices=GRADES, coerce=int, required=False,
                                            widget=forms.CheckboxSelectMultiple)  # fmt: skip
    student_ids = forms.CharField(
        label="Named students (roster sourcedIds, one per line)", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000, required=False,
    )  # fmt: skip
    received_on = forms.DateField(label="Received on", widget=DATE)

    def __init__(self, district: District, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district = district
        fields: Any = self.fields
        fields["items"].choices = [(c, items.label(c)) for c in designated(district)]
        fields["schools"].queryset = Org.objects.filter(district=district, type="school").order_by("name")
        fields[
            "schools"
        ].help_text = "With schools, grades or named students, a student must match every one."

    def clean_student_ids(self) -> list[Person]:
        wanted = [line.strip() for line in self.cleaned_data["student_ids"].replace(",", "\n").splitlines()]
        wanted = list(dict.fromkeys(w for w in wanted if w))
        if len(wanted) > 5000:
            raise forms.ValidationError("At most 5,000 named students; use schools or grades for more.")
        found = {p.sourced_id: p for p in Person.objects.filter(district=self.district, role="student",
                                                                 sourced_id__in=wanted)}  # fmt: skip
        unknown = [w for w in wanted if w not in found]
        if unknown:
            shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
            raise forms.ValidationError(f"Not a student in the roster: {shown}")
        return [found[w] for w in wanted]


class DecideForm(forms.Form):
    serves_school_purpose = forms.ChoiceField(label="Does it serve a school purpose?", choices=YES_NO,
                                              widget=forms.RadioSelect)  # fmt: skip
    school_purpose_reason = forms.CharField(label="Why (or why not)", widget=forms.Textarea(attrs={"rows": 3}),
                                            max_length=2000)  # fmt: skip
    decision = forms.ChoiceField(label="Decision", choices=DECISIONS, widget=forms.RadioSelect)
    refusal_reason = forms.CharField(label="Why it is refused (when refusing)", widget=forms.Textarea(attrs={"rows": 3}),
                                     max_length=2000, required=False)  # fmt: skip


class SettingsForm(forms.Form):
    items = forms.MultipleChoiceField(label="Categories the district designates as directory information",
                                      widget=forms.CheckboxSelectMultiple, choices=())  # fmt: skip
    notice_given_on = forms.DateField(label="The public notice was given on", widget=DATE, required=False,
                                      help_text="The annual notice of these categories and of families' right to "
                                                "refuse. Nothing is disclosed until it is recorded.")  # fmt: skip
    notice_where = forms.CharField(label="Where it was given (web page, handbook, letter)", max_length=300,
                                   required=False)  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items.choices()  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any"), *DirectoryRequest.Status.choices])  # fmt: skip
    q = forms.CharField(label="Requester or organisation", max_length=100, required=False)
    received_from = forms.DateField(label="Received from", widget=DATE, required=False)
    received_to = forms.DateField(label="Received until", widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "The end comes before the start.")
        return data
