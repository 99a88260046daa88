"""Forms: times are typed in the district's own zone (the view activates it, the label names it);
every choice is limited to the district's own roster and the vendor's own products."""

from __future__ import annotations

from typing import Any

from django import forms

from vetted.catalog.models import DataElement, Resource, Vendor
from vetted.districts.models import District
from vetted.rosters.models import Org, SchoolClass

from .models import Discoverer

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _time(label: str, *, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, widget=LOCAL, input_formats=TIME_FORMATS)


def district_vendors(district: District) -> Any:
    """Vendors whose products the district has decided on (the vendors it deals with)."""
    return Vendor.objects.filter(resources__decisions__district=district).distinct()


class IncidentForm(forms.Form):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.none())
    resources = forms.ModelMultipleChoiceField(queryset=Resource.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple)  # fmt: skip
    discovered_by = forms.ChoiceField(label="Who found it", choices=Discoverer.choices)
    title = forms.CharField(label="Public title", max_length=200)
    what_happened = forms.CharField(
        label="What happened (public words)", widget=forms.Textarea, max_length=5000
    )
    what_we_are_doing = forms.CharField(label="What we are doing (public words)", widget=forms.Textarea,
                                        max_length=5000, required=False)  # fmt: skip
    what_you_can_do = forms.CharField(label="What families can do (public words)", widget=forms.Textarea,
                                      max_length=5000, required=False)  # fmt: skip
    remediation = forms.CharField(label="The vendor's remediation", widget=forms.Textarea, max_length=5000,
                                  required=False)  # fmt: skip
    internal_notes = forms.CharField(label="Internal notes (staff only, never public)", widget=forms.Textarea,
                                     max_length=10000, required=False)  # fmt: skip
    vendor_discovered_at = _time("When the vendor discovered it")
    district_aware_at = _time("When the district became aware", required=True)
    awareness_gap_reason = forms.CharField(label="Why the district became aware later (if it did)",
                                           widget=forms.Textarea, max_length=2000, required=False)  # fmt: skip
    vendor_notice_at = _time("When the vendor's notice reached the district")
    elements = forms.ModelMultipleChoiceField(label="Data involved", queryset=DataElement.objects.order_by("position"),
                                              required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    schools = forms.ModelMultipleChoiceField(label="Schools affected", queryset=Org.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)  # fmt: skip
    classes = forms.ModelMultipleChoiceField(label="Classes affected", queryset=SchoolClass.objects.none(),
                                             required=False)  # fmt: skip
    delay_started_at = _time("Law-enforcement delay began")
    delay_ended_at = _time("Law-enforcement delay ended")
    delay_agency = forms.CharField(label="Agency that asked for the delay", max_length=200, required=False)
    contact_name = forms.CharField(label="Vendor contact", max_length=200, required=False)
    contact_email = forms.EmailField(label="Vendor contact e-mail", required=False)
    contact_phone = forms.CharField(label="Vendor contact phone", max_length=40, required=False)

    def __init__(self, district: District, *args: Any, zone_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vendors = district_vendors(district)
        f = self.fields
        f["vendor"].queryset = vendors  # type: ignore[attr-defined]
        f["resources"].queryset = Resource.objects.filter(vendor__in=vendors).select_related("vendor")  # type: ignore[attr-defined]
        f["schools"].queryset = Org.objects.filter(district=district, type="school")  # type: ignore[attr-defined]
        f["classes"].queryset = SchoolClass.objects.filter(district=district)  # type: ignore[attr-defined]
        for name in ("vendor_discovered_at", "district_aware_at", "vendor_notice_at", "delay_started_at",
                     "delay_ended_at"):  # fmt: skip
            f[name].help_text = f"In the district's time zone ({zone_name})."


class StudentListForm(forms.Form):
    file = forms.FileField(label="List of affected students (CSV with a sourcedId column)")


class AttachmentForm(forms.Form):
    file = forms.FileField(label="File (PDF, Word, HTML, Markdown or plain text)")


class StateReportForm(forms.Form):
    agency = forms.CharField(label="Agency told", max_length=200)
    sent_at = _time("When it was sent", required=True)
    reference = forms.CharField(label="Reference or form number", max_length=200, required=False)


class NoNoticeForm(forms.Form):
    reason = forms.CharField(label="Why no notice is required", widget=forms.Textarea, max_length=1000)


class VendorLinkForm(forms.Form):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.none())

    def __init__(self, district: District, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = district_vendors(district)  # type: ignore[attr-defined]


class VendorReportForm(forms.Form):
    """What a vendor tells the district. No vendor field: the link says which vendor."""

    resources = forms.ModelMultipleChoiceField(label="Products involved", queryset=Resource.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    what_happened = forms.CharField(label="What happened", widget=forms.Textarea, max_length=5000)
    vendor_discovered_at = _time("When you discovered it", required=True)
    elements = forms.ModelMultipleChoiceField(label="Student data involved", required=False,
                                              queryset=DataElement.objects.order_by("position"),
                                              widget=forms.CheckboxSelectMultiple)  # fmt: skip
    remediation = forms.CharField(label="What you are doing about it", widget=forms.Textarea, max_length=5000,
                                  required=False)  # fmt: skip
    who_is_affected = forms.CharField(label="Which students, classes or schools are affected, as far as you know",
                                      widget=forms.Textarea, max_length=5000, required=False)  # fmt: skip
    contact_name = forms.CharField(label="Your name", max_length=200)
    contact_email = forms.EmailField(label="Your e-mail")
    contact_phone = forms.CharField(label="Your phone", max_length=40, required=False)
    file = forms.FileField(label="A file for the district (optional)", required=False)

    def __init__(self, vendor: Vendor, *args: Any, zone_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = Resource.objects.filter(vendor=vendor)  # type: ignore[attr-defined]
        self.fields["vendor_discovered_at"].help_text = f"In the district's time zone ({zone_name})."
