"""Reads that matter are audit events: private downloads, staff exports, sign-ins and failed sign-ins
(from Django's auth signals, so the admin's sign-in and django-allauth's are covered too). Public
copies and the public registry CSV are not: anyone may read them."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vetted.agreements.services import agreements as agreement_services
from vetted.agreements.services.documents import add_document
from vetted.agreements.tests.files import pdf_bytes
from vetted.audit.models import AuditEvent
from vetted.districts.models import Membership, Role
from vetted.resource_requests.services.attachments import add_attachment
from vetted.resource_requests.tests.factories import submitted

pytestmark = pytest.mark.django_db


def _events(district: Any, event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(district=district, event_type=event_type).order_by("seq"))


def _sign_in(path: str, email: str, password: str) -> Any:
    return Client(REMOTE_ADDR="192.0.2.7").post(path, {"login": email, "password": password})


def test_a_sign_in_is_recorded_in_each_district_of_the_person(tenant: Any, other_tenant: Any) -> None:
    admin = tenant.user("admin")
    Membership.objects.create(user=admin, district=other_tenant.district, role=Role.AUDITOR)
    assert _sign_in("/accounts/login/", admin.email, "correct-horse-9").status_code == 302
    for district in (tenant.district, other_tenant.district):
        [event] = _events(district, "auth.signed_in")
        assert (event.actor, event.details["ip"]) == (admin, "192.0.2.7")


def test_a_wrong_password_is_recorded_as_a_failed_sign_in(tenant: Any, other_tenant: Any) -> None:
    staff = tenant.user("staff")
    assert _sign_in("/accounts/login/", staff.email.upper(), "not-the-password").status_code == 200
    [event] = _events(tenant.district, "auth.sign_in_failed")
    assert (event.actor, event.actor_label, event.subject_id) == (None, "anonymous", str(staff.pk))
    assert event.details["ip"] == "192.0.2.7"
    assert not _events(tenant.district, "auth.signed_in")
    assert not AuditEvent.objects.filter(district=other_tenant.district).exists()


def test_the_django_admin_signs_in_through_the_recorded_page(tenant: Any) -> None:
    """The admin's own form is gone (vetted.signin sends it to the site's sign-in), so every failed
    sign-in, the admin's included, passes through the one page that records it."""
    admin = tenant.user("admin")
    response = _sign_in("/django-admin/login/", admin.email, "guessing-123")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not _events(tenant.district, "auth.signed_in")
    assert _sign_in("/accounts/login/", admin.email, "guessing-123").status_code == 200
    assert len(_events(tenant.district, "auth.sign_in_failed")) == 1


def test_a_failed_sign_in_for_an_unknown_address_is_logged_without_the_address(
    tenant: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger="vetted.audit.signins"):
        assert _sign_in("/accounts/login/", "nobody@nowhere.example", "whatever-1").status_code == 200
    assert not AuditEvent.objects.exists()
    assert "Failed sign-in" in caplog.text and "192.0.2.7" in caplog.text
    assert "nobody@nowhere.example" not in caplog.text


def test_downloading_a_private_agreement_document_is_recorded(
    tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    agreement = agreement_services.create_agreement(
        tenant.district, actor=tenant.user("admin"), vendor=catalog_item.vendor, resources=[catalog_item],
        data={"title": "Quillstone DPA 2026", "kind": "standard", "general_offer": True,
              "vendor_signatory_name": "Odalys Prentiss", "vendor_signatory_title": "CEO"},
    )  # fmt: skip
    upload = SimpleUploadedFile("dpa.pdf", pdf_bytes(), "application/pdf")
    document = add_document(agreement, upload, actor=tenant.user("admin"), label="draft", review=False)
    client = client_as(tenant.user("staff"))
    url = reverse("staff-agreement-document", args=[tenant.district.slug, agreement.pk, document.pk])
    assert client.get(url).status_code == 200
    [event] = _events(tenant.district, "agreement.document_downloaded")
    assert event.actor == tenant.user("staff") and event.details["document"] == document.pk


def test_downloading_a_request_attachment_is_recorded(tenant: Any, client_as: Any) -> None:
    req = submitted(tenant)
    upload = SimpleUploadedFile("terms.txt", b"We never sell student data.\n", "text/plain")
    attachment = add_attachment(req, upload, actor=tenant.user("staff"), kind="terms")
    client = client_as(tenant.user("reviewer"))
    url = reverse("request-attachment", args=[tenant.district.slug, req.pk, attachment.pk])
    assert client.get(url).status_code == 200
    [event] = _events(tenant.district, "resource_request.document_downloaded")
    assert event.actor == tenant.user("reviewer") and event.details["attachment"] == attachment.pk


def test_a_refused_download_is_not_recorded_as_a_download(
    tenant: Any, other_tenant: Any, client_as: Any
) -> None:
    req = submitted(tenant)
    upload = SimpleUploadedFile("terms.txt", b"We never sell student data.\n", "text/plain")
    attachment = add_attachment(req, upload, actor=tenant.user("staff"), kind="terms")
    url = reverse("request-attachment", args=[tenant.district.slug, req.pk, attachment.pk])
    assert client_as(other_tenant.user("admin")).get(url).status_code == 404
    assert not AuditEvent.objects.filter(event_type="resource_request.document_downloaded").exists()


@pytest.mark.parametrize(
    ("route", "event_type"),
    [("requests-all-csv", "resource_request.exported"), ("audit-csv", "audit.exported")],
)
def test_a_staff_csv_export_is_recorded(tenant: Any, client_as: Any, route: str, event_type: str) -> None:
    client = client_as(tenant.user("admin"))
    response = client.get(reverse(route, args=[tenant.district.slug]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    b"".join(response.streaming_content)
    [event] = _events(tenant.district, event_type)
    assert event.actor == tenant.user("admin")


def test_the_public_registry_csv_is_not_recorded(tenant: Any, catalog_item: Any) -> None:
    before = AuditEvent.objects.count()
    response = Client().get(reverse("registry-csv", args=[tenant.district.slug]))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before
