"""The certificate of disposition as a PDF, laid out by WeasyPrint (as the printed letters are): the
agreement, the district and the vendor, and what, how, when and who, as the vendor attested them."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from vetted.kit.localtime import format_local, format_local_date

from ..models import DispositionCertificate

CSS = """
@page { size: letter; margin: 2cm; }
body { font-family: sans-serif; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 .4em; }
h2 { font-size: 12pt; margin: 1.1em 0 .3em; }
dl { margin: 0; } dt { font-weight: bold; margin-top: .35em; } dd { margin: 0 0 0 1.2em; }
.small { font-size: 9pt; color: #333; }
"""


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"the certificate loads nothing from outside ({url[:40]})")


def render_certificate(certificate: DispositionCertificate) -> bytes:
    import weasyprint  # noqa: PLC0415 — pango loads only where a certificate is printed

    ob = certificate.obligation
    district = ob.district
    html = render_to_string(
        "disposition/certificate.html",
        {"c": certificate, "ob": ob, "agreement": certificate.agreement, "district": district,
         "vendor": certificate.agreement.vendor,
         "submitted": format_local(certificate.submitted_at, district.tz),
         "disposed_on": format_local_date(certificate.disposed_on, district.tz) if certificate.disposed_on else "",
         "ended": format_local(ob.ended_at, district.tz), "ended_as": ob.ended_as.replace("_", " "), "due": format_local(ob.due_at, district.tz)},
    )  # fmt: skip
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    data: bytes = document.write_pdf(stylesheets=[weasyprint.CSS(string=CSS)])
    return data
