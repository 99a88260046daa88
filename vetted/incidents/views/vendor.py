"""A vendor reports a breach through its secure link: no account. A guessed or altered token, or a
revoked link: 404. A genuine link past its time: 410 with the district's contact."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from vetted.kit.forms import add_service_errors

from ..forms import VendorReportForm
from ..services import vendor_links
from ..services.vendor_links import LinkState


@never_cache
def report(request: HttpRequest, token: str) -> HttpResponse:
    state, link = vendor_links.read_token(token)
    if state == LinkState.INVALID or link is None:
        if state == LinkState.EXPIRED:
            return render(request, "incidents/vendor_expired.html", {}, status=410)
        raise Http404("Unknown link.")
    district = link.district
    if state == LinkState.EXPIRED:
        return render(request, "incidents/vendor_expired.html", {"district": district}, status=410)
    zone = district.time_zone
    context: dict[str, Any] = {"district": district, "vendor": link.vendor, "zone": zone}
    if request.method == "POST":
        with timezone.override(district.tz):
            form = VendorReportForm(link.vendor, request.POST, request.FILES, zone_name=zone)
            valid = form.is_valid()
        if valid:
            data = dict(form.cleaned_data)
            upload = data.pop("file", None)
            who = data.pop("who_is_affected", "")
            data["title"] = f"Security incident at {link.vendor.legal_name}"
            data["internal_notes"] = f"Who is affected, as the vendor reported it:\n{who}" if who else ""
            try:
                incident = vendor_links.report(link, data=data, upload=upload)
                return render(request, "incidents/vendor_done.html", {**context, "incident": incident})
            except ValidationError as exc:
                add_service_errors(form, exc)
        return render(request, "incidents/vendor_report.html", {**context, "form": form}, status=400)
    form = VendorReportForm(link.vendor, zone_name=zone)
    return render(request, "incidents/vendor_report.html", {**context, "form": form})
