"""Staff forms for obligations and closure days."""

from __future__ import annotations

from django import forms

from .models import ObligationStatus

DATE = forms.DateInput(attrs={"type": "date"})


class CloseObligationForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in ObligationStatus.choices if c[0] != ObligationStatus.OPEN])
    reason = forms.CharField(max_length=1000, required=False, help_text="Required to waive.")


class ClosureDayForm(forms.Form):
    date = forms.DateField(widget=DATE)
    reason = forms.CharField(max_length=200, required=False)
