"""Staff forms. Services do the checks that need the database; forms check shapes."""

from __future__ import annotations

from typing import Any

from django import forms

from vetted.catalog.models import DataElement, Resource

from .models import Agreement, AgreementKind, CheckStatus, OfferEnd

DATE = forms.DateInput(attrs={"type": "date"})


class AgreementForm(forms.ModelForm):
    resources = forms.ModelMultipleChoiceField(
        queryset=Resource.objects.select_related("vendor").order_by("name"), required=False,
        help_text="Resources of this vendor that the agreement covers.",
    )  # fmt: skip
    data_elements = forms.ModelMultipleChoiceField(
        queryset=DataElement.objects.order_by("position"), required=False,
        widget=forms.CheckboxSelectMultiple, label="Exhibit B: data the vendor may receive",
    )  # fmt: skip

    class Meta:
        model = Agreement
        fields = [
            "vendor", "title", "kind", "resources", "effective_date", "executed_date", "expiry_date",
            "district_signatory_name", "district_signatory_title", "vendor_signatory_name",
            "vendor_signatory_title", "data_elements", "security_framework", "security_framework_other",
            "general_offer", "public",
        ]  # fmt: skip
        widgets = {"effective_date": DATE, "executed_date": DATE, "expiry_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        if not (self.instance.pk and self.instance.kind == AgreementKind.SUBSCRIPTION):
            # A subscription comes from adopting a general offer, not from this form.
            kind.choices = [c for c in AgreementKind.choices if c[0] != AgreementKind.SUBSCRIPTION]  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["vendor"].disabled = True


class DocumentForm(forms.Form):
    file = forms.FileField(help_text="PDF or Word (.docx).")
    label = forms.CharField(max_length=200, required=False, help_text="For example: signed copy")
    public_copy = forms.BooleanField(required=False, label="Public copy (shown on the public list)")
    signed_copy = forms.BooleanField(
        required=False, label="Signed copy (both parties' signatures; executing the agreement needs it)"
    )


class CheckForm(forms.Form):
    status = forms.ChoiceField(choices=CheckStatus.choices)
    location = forms.CharField(max_length=120, required=False, label="Page or section")
    note = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(forms.Form):
    """Replace an automatic finding: another status, and why."""

    status = forms.ChoiceField(
        choices=[c for c in CheckStatus.choices if c[0] != CheckStatus.UNREVIEWED], label="Correct status"
    )
    reason = forms.CharField(
        max_length=1000, label="Why the automatic finding is wrong", widget=forms.Textarea(attrs={"rows": 2})
    )
    location = forms.CharField(
        max_length=120, required=False, label="Page or section", help_text="Needed to mark it present."
    )


class NoncomplianceForm(forms.Form):
    amendment_requested_on = forms.DateField(label="Vendor asked to amend on", widget=DATE)
    note = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(forms.Form):
    reason = forms.CharField(max_length=1000, required=False)


class AdoptForm(forms.Form):
    effective_date = forms.DateField(required=False, widget=DATE, help_text="Empty: today.")
    expiry_date = forms.DateField(required=False, widget=DATE, help_text="Empty: the original's expiry date.")
    signatory_name = forms.CharField(
        max_length=200, label="District signatory", help_text="Who signed Exhibit E for the district."
    )
    signatory_title = forms.CharField(max_length=200, required=False, label="Signatory's title")
    signed_copy = forms.FileField(
        label="Exhibit E signed by the district",
        help_text="PDF or Word. Kept with the subscription as its signed copy; it is not published.",
    )


class EndOfferForm(forms.Form):
    reason = forms.ChoiceField(choices=OfferEnd.choices)
    note = forms.CharField(max_length=500, required=False)


class AmendmentForm(forms.Form):
    format = forms.ChoiceField(choices=[("docx", "Word (.docx)"), ("pdf", "PDF")])


class AmendmentSentForm(forms.Form):
    sent_on = forms.DateField(
        label="Sent on", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today.",
    )  # fmt: skip
    note = forms.CharField(label="How it was sent (optional)", required=False, max_length=500)
