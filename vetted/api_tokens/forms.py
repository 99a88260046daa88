from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator


class NewTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, for example: nightly registry export."
    )
    days = forms.IntegerField(label="Expires after (days)", min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The longest life is a setting, read per form so a test or a deployment can change it.
        longest = settings.VETTED_API_TOKEN_MAX_DAYS
        days = self.fields["days"]
        days.validators.append(MaxValueValidator(longest))
        days.widget.attrs["max"] = str(longest)
        days.initial = settings.VETTED_API_TOKEN_DAYS
        days.help_text = f"At most {longest} days."
