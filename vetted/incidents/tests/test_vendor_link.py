"""A vendor reports through its secure link, without an account (issue 12, item 1): guessing,
altering, reuse after expiry and reporting for another vendor are refused; a 20 MB attachment is
kept; script in the text is stored as typed and shown as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.catalog import services as catalog
from vetted.incidents.models import Attachment, Incident, VendorLink
from vetted.incidents.services import vendor_links
from vetted.incidents.services.vendor_links import LinkState

from .conftest import elements

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _link(tenant: Any, catalog_item: Any) -> tuple[VendorLink, str]:
    link = vendor_links.create_link(tenant.district, catalog_item.vendor, actor=tenant.user("admin"))
    return link, f"/vendor/incidents/{vendor_links.make_token(link)}/"


def _report(catalog_item: Any, **extra: Any) -> dict[str, Any]:
    data = {"what_happened": f"Someone reached our reporting database. {SCRIPT}", "resources": [catalog_item.pk],
            "vendor_discovered_at": "2026-11-20T08:15", "elements": [e.pk for e in elements("grades")],
            "remediation": "We closed the database and rotated keys.", "who_is_affected": "Grade 4 at Alder Street",
            "contact_name": "Iris Quill", "contact_email": "security@quillstone.example"}  # fmt: skip
    data.update(extra)
    return data


def test_a_vendor_reports_with_a_20_mb_file_and_the_clocks_start(
    client: Any, tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    link, url = _link(tenant, catalog_item)
    page = client.get(url)
    assert page.status_code == 200 and "Quillstone Learning Inc." in page.content.decode()
    big = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024) + b"\n%%EOF\n"
    response = client.post(url, {**_report(catalog_item), "file": SimpleUploadedFile("forensics.pdf", big)})
    assert response.status_code == 200 and "Report received" in response.content.decode()
    incident = Incident.objects.get()
    assert (incident.district, incident.vendor, incident.reported_via) == (tenant.district, catalog_item.vendor,
                                                                           "vendor_link")  # fmt: skip
    assert incident.vendor_notice_at == incident.district_aware_at and incident.awareness_gap_reason
    assert incident.internal_notes.endswith("Grade 4 at Alder Street")
    attachment = Attachment.objects.get()
    assert attachment.size == len(big) and attachment.from_vendor and attachment.kind == "pdf"
    assert (
        AuditEvent.objects.filter(event_type="incident.vendor_reported", district=tenant.district).count()
        == 1
    )
    # The admin sees the report, its clocks, and the script as text, never as markup.
    staff_page = client_as(tenant.user("admin")).get(
        f"/manage/{tenant.district.slug}/incidents/{incident.pk}/"
    )
    body = staff_page.content.decode()
    assert SCRIPT not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "10-234dd(c)" in body and incident.what_happened.endswith(SCRIPT)  # kept exactly as typed


def test_a_guessed_or_altered_token_is_not_found(client: Any, tenant: Any, catalog_item: Any) -> None:
    link, url = _link(tenant, catalog_item)
    token = vendor_links.make_token(link)
    forged = f"{link.pk}.{'0' * 32}:1vXyZa:abcdefabcdefabcdefabcdefabcdefabcdefabcdefa"
    assert client.get(f"/vendor/incidents/{forged}/").status_code == 404
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/vendor/incidents/{altered}/").status_code == 404
    assert client.post(f"/vendor/incidents/{altered}/", _report(catalog_item)).status_code == 404
    assert vendor_links.read_token("not-a-token")[0] == LinkState.INVALID
    vendor_links.revoke_link(link, actor=tenant.user("admin"))
    assert client.get(url).status_code == 404
    assert not Incident.objects.exists()


def test_reuse_after_expiry_is_refused(client: Any, tenant: Any, catalog_item: Any, settings: Any) -> None:
    link, url = _link(tenant, catalog_item)
    assert client.post(url, _report(catalog_item)).status_code == 200  # used once, within its time
    VendorLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(url, _report(catalog_item))
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert Incident.objects.count() == 1
    assert vendor_links.read_token(vendor_links.make_token(link))[0] == LinkState.EXPIRED
    # A token older than the links' lifetime is refused by its signed time as well.
    fresh, fresh_url = _link(tenant, catalog_item)
    settings.VETTED_INCIDENT_LINK_DAYS = 0
    assert vendor_links.read_token(vendor_links.make_token(fresh))[0] == LinkState.EXPIRED
    assert client.get(fresh_url).status_code == 410


def test_a_report_for_another_vendor_is_refused(
    client: Any, tenant: Any, other_tenant: Any, catalog_item: Any
) -> None:
    other_vendor = catalog.create_vendor(tenant.district, actor=tenant.user("admin"),
                                         data={"legal_name": "Brightpath Labs LLC"})  # fmt: skip
    theirs = catalog.create_resource(tenant.district, actor=tenant.user("admin"),
                                     data={"name": "Brightpath Math", "vendor": other_vendor})  # fmt: skip
    link, url = _link(tenant, catalog_item)
    # Naming the other vendor's product: refused; a vendor field in the body is ignored.
    response = client.post(url, _report(catalog_item, resources=[theirs.pk], vendor=other_vendor.pk))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Incident.objects.exists()
    client.post(url, _report(catalog_item, vendor=other_vendor.pk))
    assert Incident.objects.get().vendor == catalog_item.vendor
    with pytest.raises(Exception, match="another vendor"):
        vendor_links.report(link, data={"vendor": other_vendor, "what_happened": "x"})
    # The link is bound to its district: nothing lands in another district.
    assert not Incident.objects.filter(district=other_tenant.district).exists()
