"""Staff forms for contract review."""

from __future__ import annotations

from django import forms


class AmendmentForm(forms.Form):
    format = forms.ChoiceField(choices=[("docx", "Word (.docx)"), ("pdf", "PDF")])
