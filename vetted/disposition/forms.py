"""The vendor's certificate (Exhibit D's shape: what, how, when, who, backups, attestation) and the
staff forms. No form has an agreement field that chooses anything: the agreement is the link's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from vetted.agreements.models import Agreement
from vetted.catalog.models import DataElement

from .models import Extent, Method

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("yes", "Yes: backup copies were disposed of too"), ("no", "No: say below when they will be")]


class CertificateForm(forms.Form):
    extent = forms.ChoiceField(label="What was disposed of", choices=Extent.choices, widget=forms.RadioSelect)
    categories = forms.ModelMultipleChoiceField(
        label="Categories disposed of (for a partial disposition)", queryset=DataElement.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    other_categories = forms.CharField(label="Other categories (one per line)", widget=forms.Textarea(attrs={"rows": 3}),
                                       max_length=2000, required=False)  # fmt: skip
    method = forms.ChoiceField(label="How", choices=Method.choices, widget=forms.RadioSelect)
    method_detail = forms.CharField(
        label="The method or standard used", max_length=500,
        help_text="For example: cryptographic erase following NIST SP 800-88.",
    )  # fmt: skip
    disposed_on = forms.DateField(label="Date of disposition", widget=DATE)
    backups_included = forms.ChoiceField(
        label="Were backups included?", choices=YES_NO, widget=forms.RadioSelect
    )
    backups_note = forms.CharField(label="About the backups", max_length=500, required=False,
                                   help_text="Required if backups were not included: when will they be gone?")  # fmt: skip
    signer_name = forms.CharField(label="Your name", max_length=200)
    signer_title = forms.CharField(label="Your title", max_length=200)
    signer_organisation = forms.CharField(label="Organisation", max_length=200)
    signer_email = forms.EmailField(label="Your e-mail")
    attested = forms.BooleanField(
        label="I certify that the data described above was disposed of as stated, and that I may sign for my organisation.",
        required=True,
    )  # fmt: skip

    def __init__(self, agreement: Agreement, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = agreement.data_elements.order_by("position")
        self.today = today or timezone.localdate(timezone=agreement.district.tz)

    def clean_disposed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["disposed_on"]
        if day > self.today:
            raise forms.ValidationError("The date cannot be in the future.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        others = [line.strip() for line in (data.get("other_categories") or "").splitlines() if line.strip()]
        chosen = [e.name for e in data.get("categories") or []]
        if data.get("extent") == Extent.PARTIAL and not (chosen or others):
            self.add_error("categories", "List the categories disposed of, or choose a complete disposition.")
        if data.get("backups_included") == "no" and not (data.get("backups_note") or "").strip():
            self.add_error("backups_note", "Say when the backup copies will be gone.")
        return data

    def certificate_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        others = [line.strip() for line in (d.get("other_categories") or "").splitlines() if line.strip()]
        return {
            "extent": d["extent"], "method": d["method"], "method_detail": d["method_detail"],
            "categories": [e.name for e in d.get("categories") or []] + others if d["extent"] == Extent.PARTIAL else [],
            "disposed_on": d["disposed_on"], "backups_included": d["backups_included"] == "yes",
            "backups_note": d.get("backups_note", ""), "signer_name": d["signer_name"],
            "signer_title": d["signer_title"], "signer_organisation": d["signer_organisation"],
            "signer_email": d["signer_email"], "attested": d["attested"],
        }  # fmt: skip


class SendLinkForm(forms.Form):
    to = forms.EmailField(label="Vendor's privacy contact e-mail", max_length=254)


class PaperForm(forms.Form):
    file = forms.FileField(label="The signed certificate (PDF)")
    disposed_on = forms.DateField(label="Date of disposition it states", widget=DATE, required=False)
    signer_name = forms.CharField(label="Signed by", max_length=200, required=False)
    note = forms.CharField(label="Note", max_length=1000, required=False)


class AcceptForm(forms.Form):
    note = forms.CharField(label="Note (optional)", max_length=500, required=False)
