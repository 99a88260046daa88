"""Vendor terms attached to a request are checked and stored at once, read by the worker in a
limited child (the documents read queue); the committee sees the red flags."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.documents import storage
from vetted.documents.tasks import run_read_jobs
from vetted.resource_requests.models import RequestAttachment
from vetted.review.red_flags import red_flags

from .factories import draft, submitted

pytestmark = pytest.mark.django_db

RISKY_TERMS = b"""Fotofield Terms of Service

1. Your content. You grant us a licence to host and display what you upload.
2. Sharing. We may sell or rent personal information, including information about students, to our marketing partners.
3. Advertising. We use information about how you use the app to show you personalised advertising.
4. Security. We protect data with encryption in transit and at rest and industry-standard safeguards.
5. Law. These terms are governed by the laws of the State of Delaware.
6. Changes. We may change these terms at any time without notice.
7. New owners. If Fotofield is acquired or merges, your data may be transferred to the new owner.
8. Incidents. In the event of a breach we will inform users when we deem appropriate.
"""

CAREFUL_TERMS = b"""Harbor Notes Student Privacy Terms

We will not sell student data. We do not use student data for targeted advertising.
We use student data only to provide the service to the school. The school owns its student data.
Schools and parents may ask us to delete student data, and we will delete it within thirty days of the request.
When the school's contract ends we delete all student data within sixty (60) days.
If there is a breach of student data we will notify the school within 72 hours.
"""


def read_now() -> int:
    """One worker tick of the documents read queue."""
    return run_read_jobs(timezone.now())


def url(req: Any) -> str:
    return f"/manage/{req.district.slug}/resource-requests/{req.pk}/documents/"


def test_requester_attaches_terms_and_reviewer_sees_red_flags(client_as: Any, tenant: Any) -> None:
    req = draft(tenant)
    upload = SimpleUploadedFile("fotofield-terms.txt", RISKY_TERMS, content_type="text/plain")
    response = client_as(tenant.user("staff")).post(url(req), {"kind": "terms", "file": upload})
    assert response.status_code == 302
    attachment = RequestAttachment.objects.get()
    assert attachment.status == "reading" and attachment.red_flags == []  # not read in the web request
    detail = f"/manage/{req.district.slug}/resource-requests/{req.pk}/"
    assert "Being read" in client_as(tenant.user("staff")).get(detail).content.decode()
    assert read_now() == 1
    attachment.refresh_from_db()
    assert attachment.status == "read"
    flagged = {f["provision_id"]: f for f in attachment.red_flags}
    assert flagged["no_sale"]["kind"] == "says" and "sell or rent" in flagged["no_sale"]["quote"]
    assert "no_targeted_advertising" in flagged
    # Read from the text: what the engine does not judge, and breach notice left to the vendor.
    assert (
        flagged["unilateral_changes"]["kind"] == "says"
        and "without notice" in flagged["unilateral_changes"]["quote"]
    )
    assert "acquired" in flagged["change_of_control"]["quote"]
    assert flagged["breach_notification"]["kind"] == "says"
    assert "when we deem appropriate" in flagged["breach_notification"]["quote"]
    assert len(flagged) == len(attachment.red_flags)  # one flag per id
    assert AuditEvent.objects.filter(event_type="resource_request.document_attached").count() == 1
    assert AuditEvent.objects.filter(event_type="resource_request.document_read").count() == 1
    page = client_as(tenant.user("reviewer")).get(f"/manage/{req.district.slug}/resource-requests/{req.pk}/")
    # Drafts are the requester's own; the committee sees them once submitted.
    assert page.status_code == 404
    mine = (
        client_as(tenant.user("staff"))
        .get(f"/manage/{req.district.slug}/resource-requests/{req.pk}/")
        .content.decode()
    )
    assert "The vendor may sell student data." in mine
    assert "The vendor may change its terms whenever it likes" in mine


def test_careful_terms_raise_no_flags(client_as: Any, tenant: Any) -> None:
    req = submitted(tenant)
    upload = SimpleUploadedFile("harbor.md", CAREFUL_TERMS)
    client_as(tenant.user("reviewer")).post(url(req), {"kind": "privacy_policy", "file": upload})
    read_now()
    attachment = RequestAttachment.objects.get()
    assert attachment.red_flags == []
    assert attachment.review["document"]["sha256"] == attachment.sha256
    detail = client_as(tenant.user("reviewer")).get(
        f"/manage/{req.district.slug}/resource-requests/{req.pk}/"
    )
    assert "No red flags" in detail.content.decode()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b"A" * 30_000_000 + b"</w:document>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("terms.pdf", b"PK\x03\x04 not a pdf at all", "was not attached"),
        ("terms.docx", b"%PDF-1.4 a pdf named docx", "was not attached"),
        ("bomb.docx", _zip_bomb(), "refused as unsafe"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "was not attached"),
    ],
)
def test_disguised_or_hostile_files_are_refused_at_upload_and_not_kept(
    client_as: Any, tenant: Any, name: str, content: bytes, words: str
) -> None:
    req = draft(tenant)
    client = client_as(tenant.user("staff"))  # signing in is an audit event: before counting
    before = AuditEvent.objects.count()
    response = client.post(url(req), {"kind": "terms", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not RequestAttachment.objects.exists()
    assert AuditEvent.objects.count() == before
    assert not storage.root("requests").exists() or not any(storage.root("requests").iterdir())


def test_a_file_the_reader_refuses_is_marked_refused_and_its_bytes_deleted(
    client_as: Any, tenant: Any
) -> None:
    req = draft(tenant)
    client = client_as(tenant.user("staff"))
    response = client.post(
        url(req), {"kind": "terms", "file": SimpleUploadedFile("t.pdf", b"%PDF-1.4\n1 0 obj\n<<")}
    )
    assert response.status_code == 302  # the cheap checks pass: it looks like a PDF
    attachment = RequestAttachment.objects.get()
    path = storage.path_of(f"requests/{attachment.stored_name}")
    assert path.exists()
    assert read_now() == 1
    attachment.refresh_from_db()
    assert attachment.status == "refused" and attachment.refusal and attachment.red_flags == []
    assert not path.exists()
    assert AuditEvent.objects.filter(event_type="resource_request.document_refused").count() == 1
    page = client.get(f"/manage/{req.district.slug}/resource-requests/{req.pk}/").content.decode()
    assert "Refused:" in page and attachment.refusal in page
    assert client.get(f"{url(req)}{attachment.pk}/").status_code == 404  # nothing left to download


def test_missing_file_and_bad_kind(client_as: Any, tenant: Any) -> None:
    req = draft(tenant)
    response = client_as(tenant.user("staff")).post(url(req), {"kind": "poem"})
    assert response.status_code == 400
    assert not RequestAttachment.objects.exists()


@pytest.mark.parametrize("who", ["technology_director", "staff_other", "auditor", "outsider", "anonymous"])
def test_who_may_attach_and_download(
    client_as: Any, tenant: Any, other_tenant: Any, who: str, settings: Any
) -> None:
    from vetted.districts.models import Membership, User

    req = submitted(tenant)
    client_as(tenant.user("staff")).post(
        url(req), {"kind": "terms", "file": SimpleUploadedFile("t.txt", CAREFUL_TERMS)}
    )
    attachment = RequestAttachment.objects.get()
    user: Any
    if who == "staff_other":
        user = User.objects.create_user(
            username="o@birchfield.example", email="o@birchfield.example", password="x-long-pass-1"
        )
        Membership.objects.create(user=user, district=tenant.district, role="staff")
    else:
        user = {"outsider": other_tenant.user("admin"), "anonymous": None}.get(who) or (
            tenant.user(who) if who not in ("outsider", "anonymous") else None
        )
    client = client_as(user)
    response = client.post(url(req), {"kind": "terms", "file": SimpleUploadedFile("t2.txt", CAREFUL_TERMS)})
    download = client.get(f"{url(req)}{attachment.pk}/")
    if who == "anonymous":
        assert response.status_code == download.status_code == 302
    elif who == "technology_director":  # a committee member: may add and read
        assert response.status_code == 302 and download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
    elif who == "auditor":  # sees every request, adds nothing
        assert response.status_code == 404 and download.status_code == 200
    else:  # another staff member's request, or another district: nothing to see
        assert response.status_code == download.status_code == 404
    expected = 2 if who == "technology_director" else 1
    assert RequestAttachment.objects.count() == expected


def test_red_flags_from_a_review_result() -> None:
    result = {
        "provisions": [
            {"id": "no_sale", "found": False, "status": "not_required",
             "evidence": [{"quote": "We may sell data.", "page": 2, "section": "4"}]},
            {"id": "deletion_on_request", "found": False, "status": "missing", "evidence": []},
            {"id": "ownership", "found": True, "status": "satisfied", "evidence": [{"quote": "Schools own data."}]},
            {"id": "severability", "found": False, "status": "missing", "evidence": []},
        ]
    }  # fmt: skip
    flags = red_flags(result)
    assert [(f.provision_id, f.kind) for f in flags] == [
        ("no_sale", "says"),
        ("deletion_on_request", "silent"),
    ]
    assert flags[0].page == 2 and flags[0].section == "4"


def test_consortium_partners_agreement_shows_while_typing(
    client_as: Any, tenant: Any, other_tenant: Any
) -> None:
    from datetime import date

    from vetted.agreements.models import Agreement
    from vetted.catalog import services as catalog
    from vetted.districts.models import Consortium
    from vetted.resource_requests.selectors import agreements_elsewhere

    shared = Consortium.objects.create(name="Test Cooperative", slug="test-coop")
    tenant.district.consortia.add(shared)
    other_tenant.district.consortia.add(shared)
    vendor = catalog.create_vendor(
        other_tenant.district,
        actor=other_tenant.user("admin"),
        data={"legal_name": "Lanternfish Education LLC"},
    )
    resource = catalog.create_resource(
        other_tenant.district,
        actor=other_tenant.user("admin"),
        data={"name": "Lanternfish Reading Lab", "vendor": vendor},
    )
    signed = Agreement.objects.create(
        district=other_tenant.district, vendor=vendor, title="Lanternfish DPA", kind="standard",
        status="fully_executed", executed_date=date(2026, 9, 1), general_offer=True,
    )  # fmt: skip
    signed.resources.add(resource)
    Agreement.objects.create(
        district=other_tenant.district, vendor=vendor, title="Draft", kind="vendor", status="draft"
    ).resources.add(resource)
    assert agreements_elsewhere(tenant.district, resource) == [signed]
    assert agreements_elsewhere(other_tenant.district, resource) == []  # one's own are not "elsewhere"
    page = client_as(tenant.user("staff")).get(
        f"/manage/{tenant.district.slug}/resource-requests/known/?resource_name=lanternfish"
    )
    body = page.content.decode()
    assert "Larchmont Regional Schools holds a signed agreement" in body
    assert "general offer this district can adopt" in body


def test_api_attach_and_list(api_as: Any, tenant: Any, other_tenant: Any) -> None:
    req = submitted(tenant)
    base = f"/api/v1/districts/{tenant.district.slug}/resource-requests/{req.pk}/documents/"
    api = api_as(tenant.user("reviewer"))
    created = api.post(base, {"kind": "terms", "file": SimpleUploadedFile("risky.txt", RISKY_TERMS)})
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "reading" and created.json()["red_flags"] == []
    read_now()
    listed = api.get(base).json()
    assert [d["original_name"] for d in listed] == ["risky.txt"] and listed[0]["status"] == "read"
    assert any(f["provision_id"] == "no_sale" for f in listed[0]["red_flags"])
    refused = api.post(base, {"kind": "terms", "file": SimpleUploadedFile("x.pdf", b"GIF89a....")})
    assert refused.status_code == 400 and "was not attached" in refused.json()["file"][0]
    assert api.post(base, {"kind": "terms"}).status_code == 400
    assert api_as(other_tenant.user("admin")).get(base).status_code == 404
    assert api_as(None).get(base).status_code == 401
    assert RequestAttachment.objects.count() == 1
