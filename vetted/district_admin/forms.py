from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from vetted.catalog.reviews import parse_meeting_dates
from vetted.clocks.packs import district_pack_choices
from vetted.districts.models import Role, validate_time_zone


class AddMemberForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="E-mail address", max_length=254)
    position = forms.CharField(
        label="Position", max_length=120, required=False, help_text="For example: teacher"
    )
    role = forms.ChoiceField(choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class DistrictSettingsForm(forms.Form):
    """What an admin may change about the district. State and slug are not here on purpose."""

    name = forms.CharField(label="Public name", max_length=200)
    public_contact_name = forms.CharField(label="Public contact name", max_length=200, required=False)
    public_contact_email = forms.EmailField(label="Public contact e-mail", max_length=254, required=False)
    public_contact_phone = forms.CharField(label="Public contact phone", max_length=40, required=False)
    website = forms.URLField(label="Website", max_length=200, required=False, assume_scheme="https")
    time_zone = forms.CharField(
        label="Time zone", max_length=64, validators=[validate_time_zone],
        help_text="An IANA time zone, for example America/New_York. Deadlines end at midnight here.",
    )  # fmt: skip
    policy_packs = forms.MultipleChoiceField(
        label="District policy packs", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Your own policies, layered over the state's law; they may only make duties stricter.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["policy_packs"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(p, p) for p in district_pack_choices()]


class ReviewScheduleForm(forms.Form):
    """How often approvals are looked at again, and when the committee meets (vetted.catalog.reviews)."""

    interval_days = forms.IntegerField(
        label="Review each approval again after (days)", required=False, min_value=30, max_value=1095,
        help_text="Empty: yearly (365 days), or what your adopted policy pack says. While a policy pack sets "
        "an interval, this can only make reviews sooner. Applies to approvals made from now on.",
    )  # fmt: skip
    meeting_dates = forms.CharField(
        label="Committee meeting dates", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One date per line, written YYYY-MM-DD (for example 2027-01-12). The “Reviews due” agenda "
        "lists the approvals due before the next meeting.",
    )  # fmt: skip

    def clean_meeting_dates(self) -> list[dt.date]:
        return parse_meeting_dates(self.cleaned_data.get("meeting_dates") or "")
