"""Staff see missing certificates (days left, the district's zone named) on the disposition list, the
agreement page and the obligations page; record a certificate received on paper; accept it; send a
new link (through a real SMTP server on loopback). Another district's staff get 404. The worker
reminds the vendor once and tells the admins once when it is overdue."""

from __future__ import annotations

import datetime as dt
import re
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.clocks.tasks import run_obligation_reminders
from vetted.disposition.models import DispositionCertificate, DispositionObligation
from vetted.disposition.tasks import run_disposition_chasing

from .conftest import CONTACT, NY, end

pytestmark = pytest.mark.django_db


def subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def tiny_pdf() -> bytes:
    import weasyprint

    return bytes(weasyprint.HTML(string="<p>Certificate of destruction, signed on paper.</p>").write_pdf())


@pytest.fixture
def five_days_ago(executed: Any, tenant: Any) -> DispositionObligation:
    """Ended at noon (New York) five days ago: with the default 60 days, 55 days are left today."""
    today = timezone.localdate(timezone=NY)
    end(executed, dt.datetime.combine(today - dt.timedelta(days=5), dt.time(12), tzinfo=NY),
        actor=tenant.user("admin"))  # fmt: skip
    return DispositionObligation.objects.get(agreement=executed)


def test_missing_certificate_shown_with_days_left(five_days_ago: Any, tenant: Any, client_as: Any) -> None:
    staff = client_as(tenant.user("staff"))
    slug, agreement = tenant.district.slug, five_days_ago.agreement
    listing = staff.get(f"/manage/{slug}/disposition/").content.decode()
    assert "Certificate missing" in listing and "55 days left" in listing and "America/New_York" in listing
    page = staff.get(f"/manage/{slug}/agreements/{agreement.pk}/").content.decode()
    assert "Certificate of data disposition missing — 55 days left" in page and "America/New_York" in page
    obligations = staff.get(f"/manage/{slug}/obligations/").content.decode()
    assert "Certificate of data disposition missing — 55 days left" in obligations
    # The obligations page offers no generic "done" for it: only a certificate closes it.
    admin_page = client_as(tenant.user("admin")).get(f"/manage/{slug}/obligations/").content.decode()
    clock = Obligation.objects.get(kind="vendor_data_disposition")
    assert f"/obligations/{clock.pk}/close/" not in admin_page
    detail = staff.get(f"/manage/{slug}/disposition/{five_days_ago.pk}/").content.decode()
    assert "55 days left" in detail and "Vetted&#x27;s default" in detail


def test_another_districts_staff_get_404(
    five_days_ago: Any, tenant: Any, other_tenant: Any, client_as: Any
) -> None:
    outsider = client_as(other_tenant.user("admin"))
    slug, pk = tenant.district.slug, five_days_ago.pk
    assert outsider.get(f"/manage/{slug}/disposition/").status_code == 404
    assert outsider.get(f"/manage/{slug}/disposition/{pk}/").status_code == 404
    # Their own district's address with our row's id: 404 too (the row is not theirs).
    assert outsider.get(f"/manage/{other_tenant.district.slug}/disposition/{pk}/").status_code == 404
    response = outsider.post(f"/manage/{other_tenant.district.slug}/disposition/{pk}/paper/",
                             {"file": SimpleUploadedFile("c.pdf", tiny_pdf())})  # fmt: skip
    assert response.status_code == 404 and DispositionCertificate.objects.count() == 0


def test_paper_certificate_then_accept(five_days_ago: Any, tenant: Any, client_as: Any) -> None:
    admin = client_as(tenant.user("admin"))
    base = f"/manage/{tenant.district.slug}/disposition/{five_days_ago.pk}"
    refused = admin.post(f"{base}/paper/", {"file": SimpleUploadedFile("c.pdf", b"just text, not a PDF")})
    assert refused.status_code == 400 and b"was not kept" in refused.content
    ok = admin.post(f"{base}/paper/", {"file": SimpleUploadedFile("signed.pdf", tiny_pdf()),
                                       "disposed_on": "2026-01-05", "signer_name": "Ines Calloway"})  # fmt: skip
    assert ok.status_code == 302
    cert = DispositionCertificate.objects.get()
    assert cert.via == "paper" and cert.document.agreement == five_days_ago.agreement
    five_days_ago.refresh_from_db()
    assert five_days_ago.status == "received"
    assert not five_days_ago.links.filter(revoked_at__isnull=True, used_at__isnull=True).exists()
    page = admin.get(
        f"/manage/{tenant.district.slug}/agreements/{five_days_ago.agreement.pk}/"
    ).content.decode()
    assert "Certificate of data disposition (received on paper)" in page
    assert "Certificate of data disposition missing" not in page
    assert admin.post(f"{base}/accept/", {"note": "Read and filed."}).status_code == 302
    five_days_ago.refresh_from_db()
    assert five_days_ago.status == "accepted"
    assert AuditEvent.objects.filter(event_type="disposition.certificate_accepted").count() == 1
    assert admin.post(f"{base}/accept/", {}).status_code == 400  # only a received certificate


def test_new_link_mailed_through_smtp(five_days_ago: Any, tenant: Any, client_as: Any, smtp_server: Any,
                                      django_capture_on_commit_callbacks: Any) -> None:  # fmt: skip
    admin = client_as(tenant.user("admin"))
    base = f"/manage/{tenant.district.slug}/disposition/{five_days_ago.pk}"
    assert admin.post(f"{base}/link/", {"to": "not an address"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"{base}/link/", {"to": "records@quillstone.example"}).status_code == 302
    [message] = [m for m in smtp_server.messages if m["To"] == "records@quillstone.example"]
    body = message.get_payload(decode=True).decode()
    url = re.search(r"https?://[^/\s]+(/vendor/disposition/[^\s]+/)", body)
    assert url is not None and "America/New_York" in body
    assert Client().get(url.group(1)).status_code == 200


def test_worker_reminds_the_vendor_once_and_escalates_once(
    five_days_ago: Any, tenant: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ob = five_days_ago
    before = ob.remind_at - dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_disposition_chasing(before) == 0
        assert run_disposition_chasing(ob.remind_at + dt.timedelta(seconds=1)) == 1
        assert run_disposition_chasing(ob.remind_at + dt.timedelta(hours=1)) == 0  # once
    reminders = [m for m in smtp_server.messages if m["To"] == CONTACT and "Reminder" in subject(m)]
    assert len(reminders) == 1 and "due soon" in reminders[0].get_payload(decode=True).decode()
    after_due = ob.due_at + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_disposition_chasing(after_due) == 1
        assert run_disposition_chasing(after_due + dt.timedelta(days=3)) == 0  # once
        run_obligation_reminders(after_due)  # the clocks' own job leaves it to this app
    ob.refresh_from_db()
    assert ob.status == "overdue"
    # Once, to the admins; the clocks' job sent nothing about this obligation (its other, unrelated
    # overdue agreement deadlines are its own business).
    overdue = [m for m in smtp_server.messages if "data disposition" in subject(m)]
    assert [m["To"] for m in overdue] == ["admin@birchfield.example"]
    assert subject(overdue[0]).startswith("[Birchfield Public Schools] OVERDUE")
    assert Obligation.objects.get(kind="vendor_data_disposition").escalated_at is None
    events = AuditEvent.objects.filter(event_type__in=["disposition.reminded", "disposition.escalated"])
    assert sorted(events.values_list("event_type", flat=True)) == [
        "disposition.escalated",
        "disposition.reminded",
    ]
