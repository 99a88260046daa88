"""The vendor certifies disposition through its secure link (no account). A guessed, altered or revoked
token: 404; a genuine link past its time, already used, or whose certificate already arrived: 410. Each
with a page that says what happened and whom to ask; never a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from vetted.kit.forms import add_service_errors
from vetted.kit.links import LinkState

from ..forms import CertificateForm
from ..services import certificates, links


def _refused(request: HttpRequest, why: str, status: int, district: Any = None) -> HttpResponse:
    return render(
        request, "disposition/vendor_refused.html", {"why": why, "district": district}, status=status
    )


@never_cache
def certify(request: HttpRequest, token: str) -> HttpResponse:
    state, link = links.read_token(token)
    if link is None:
        return _refused(request, "expired" if state == LinkState.EXPIRED else "invalid",
                        410 if state == LinkState.EXPIRED else 404)  # fmt: skip
    ob, district = link.obligation, link.district
    if state == LinkState.EXPIRED:
        return _refused(request, "expired", 410, district)
    if link.used_at is not None:
        return _refused(request, "used", 410, district)
    if not ob.waiting:
        return _refused(request, "received", 410, district)
    agreement = ob.agreement
    context: dict[str, Any] = {
        "district": district,
        "agreement": agreement,
        "vendor": agreement.vendor,
        "ob": ob,
    }
    if request.method == "POST":
        form = CertificateForm(agreement, request.POST)
        if form.is_valid():
            try:
                cert = certificates.submit_through_link(
                    link, data=form.certificate_data(), claimed_agreement=request.POST.get("agreement")
                )
                return render(request, "disposition/vendor_done.html", {**context, "certificate": cert})
            except certificates.LinkSpent:
                return _refused(request, "used", 410, district)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return render(request, "disposition/vendor_form.html", {**context, "form": form}, status=400)
    return render(request, "disposition/vendor_form.html", {**context, "form": CertificateForm(agreement)})
