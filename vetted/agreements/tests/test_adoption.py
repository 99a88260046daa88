"""Adopting a general offer, seen by the subscribing district: the originating agreement's public copy
comes with it (staff page and public list), its confirmed checklist arrives read-only and says where it
came from, and no note of the originating district crosses over."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_tenant
from vetted.agreements.models import Agreement, AgreementDocument, CheckSource, CheckStatus
from vetted.agreements.services import agreements as svc
from vetted.agreements.services import checklist, documents, offers

from .files import exhibit_e
from .review_documents import dpa_pdf

pytestmark = pytest.mark.django_db

INTERNAL = "INTERNAL: counsel call on 3/1, do not forward"


@pytest.fixture
def neighbour(db: Any) -> Any:
    return make_tenant("oakmere", "Oakmere Public Schools", state="CT")


@pytest.fixture
def origin(draft: Agreement, ct: Any) -> Agreement:
    """Birchfield's executed general offer: a public copy on file, every provision confirmed by a person,
    one with an internal note."""
    admin = ct.user("admin")
    public = documents.add_document(
        draft, SimpleUploadedFile("quillstone-dpa.pdf", dpa_pdf()), actor=admin, label="Signed DPA (public)",
        public_copy=True,
    )  # fmt: skip
    svc.transition(draft, "vendor_sign", actor=admin)
    draft.district_signatory_name = "Wendeline Ashcombe"
    draft.save(update_fields=["district_signatory_name"])
    if hasattr(AgreementDocument, "signed_copy"):  # the execution gate asks for the signed copy
        AgreementDocument.objects.filter(pk=public.pk).update(signed_copy=True)
    for check in draft.checks.all():
        checklist.mark_check(check, actor=admin, status=CheckStatus.PRESENT, location="Section 4")
    severability = draft.checks.get(provision_id="severability")
    checklist.mark_check(severability, actor=admin, status=CheckStatus.PRESENT, location="Section 12",
                         note=INTERNAL)  # fmt: skip
    return svc.transition(
        draft, "execute", actor=admin, at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=ct.district.tz)
    )


def _adopt(origin: Agreement, neighbour: Any) -> Agreement:
    return offers.adopt_offer(neighbour.district, origin, actor=neighbour.user("admin"),
                              signatory_name="Imogen Hartwell", signatory_title="Superintendent",
                              signed_copy=exhibit_e())  # fmt: skip


def test_adopted_checklist_arrives_confirmed_read_only_and_named(
    origin: Agreement, neighbour: Any, client_as: Any
) -> None:
    sub = _adopt(origin, neighbour)
    adopted = sub.checks.filter(source=CheckSource.ADOPTED)
    assert adopted.exists() and not adopted.exclude(status=CheckStatus.PRESENT).exists()
    severability = sub.checks.get(provision_id="severability")
    assert severability.source == CheckSource.ADOPTED and severability.location == "Section 12"
    assert severability.note == "" and severability.reviewed_by is None
    admin = client_as(neighbour.user("admin"))
    base = f"/manage/{neighbour.district.slug}/agreements/{sub.pk}/"
    detail = admin.get(base).content.decode()
    total = sub.checks.count()
    assert f"{total} of {total} provisions not reviewed yet" not in detail
    assert "Its checklist comes from Birchfield Public Schools" in detail
    assert INTERNAL not in detail
    page = admin.get(base + "checklist/").content.decode()
    assert "adopted with the general offer: confirmed by Birchfield Public Schools" in page
    assert "Adopted; read-only" in page and INTERNAL not in page
    assert f'name="check" value="{severability.pk}"' not in page  # no form to change it
    # Neither the page nor the service lets the subscriber change an adopted mark.
    refused = admin.post(
        base + "checklist/", {"check": severability.pk, f"c{severability.pk}-status": "missing"}
    )
    assert refused.status_code == 400 and "comes with the general offer" in refused.content.decode()
    with pytest.raises(ValidationError):
        checklist.mark_check(severability, actor=neighbour.user("admin"), status=CheckStatus.MISSING)
    severability.refresh_from_db()
    assert severability.status == CheckStatus.PRESENT and severability.source == CheckSource.ADOPTED


def test_adopted_offer_carries_the_originating_public_copy(
    origin: Agreement, neighbour: Any, client_as: Any
) -> None:
    sub = _adopt(origin, neighbour)
    public_copy = origin.documents.get(public_copy=True)
    assert sub.adopted_document == public_copy
    admin = client_as(neighbour.user("admin"))
    detail = admin.get(f"/manage/{neighbour.district.slug}/agreements/{sub.pk}/").content.decode()
    assert "Signed DPA (public)" in detail
    # The subscriber's public list links the copy, and serves it under the subscriber's own address.
    anonymous = client_as(None)
    listing = anonymous.get(f"/d/{neighbour.district.slug}/agreements/").content.decode()
    link = f"/d/{neighbour.district.slug}/agreements/documents/{public_copy.pk}/"
    assert link in listing and "signed by Birchfield Public Schools" in listing
    served = anonymous.get(link)
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    # A private document of the origin is not served through the subscriber.
    private = documents.add_document(
        origin, SimpleUploadedFile("notes.pdf", dpa_pdf()), actor=origin.created_by
    )
    assert (
        anonymous.get(f"/d/{neighbour.district.slug}/agreements/documents/{private.pk}/").status_code == 404
    )
    # Once the subscriber unpublishes its agreement, the copy is no longer served under its address.
    svc.update_agreement(sub, actor=neighbour.user("admin"), data={"public": False})
    assert anonymous.get(link).status_code == 404


def test_no_internal_note_of_the_origin_crosses_over(
    origin: Agreement, neighbour: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sub = _adopt(origin, neighbour)
    mail.outbox.clear()
    end_note = "INTERNAL: the vendor's counsel was rude on the phone"
    with django_capture_on_commit_callbacks(execute=True):
        offers.end_offer(origin, actor=origin.created_by, reason="withdrawn", note=end_note)
    to_subscriber = [m for m in mail.outbox if any("oakmere" in r for r in m.to)]
    assert to_subscriber and not any(end_note in m.body for m in to_subscriber)
    detail = client_as(neighbour.user("admin")).get(f"/manage/{neighbour.district.slug}/agreements/{sub.pk}/")
    text = detail.content.decode()
    assert (
        "general offer was withdrawn by the vendor" in text and end_note not in text and INTERNAL not in text
    )


def test_a_figure_the_subscriber_requires_differently_is_left_for_it_to_mark(
    origin: Agreement, neighbour: Any
) -> None:
    sub = _adopt(origin, neighbour)
    for check in sub.checks.all():
        source = origin.checks.filter(provision_id=check.provision_id).first()
        if source is None or source.title != check.title:
            assert check.source != CheckSource.ADOPTED and check.status == CheckStatus.UNREVIEWED
        else:
            assert check.source == CheckSource.ADOPTED and check.status == source.status


def test_adopting_needs_the_districts_signatory_and_its_signed_exhibit_e(
    origin: Agreement, neighbour: Any, client_as: Any, settings: Any
) -> None:
    """Issue 9, item 4: a subscription is not executed without a signed copy of its own."""
    from pathlib import Path  # noqa: PLC0415

    url = f"/manage/{neighbour.district.slug}/agreements/offers/{origin.pk}/adopt/"
    admin = client_as(neighbour.user("admin"))
    stored = Path(settings.MEDIA_ROOT) / "agreements"
    files_before = sorted(stored.glob("*")) if stored.exists() else []
    response = admin.post(url, {"signatory_name": "", "signatory_title": "Superintendent"})
    html = response.content.decode()
    assert response.status_code == 400 and "This field is required" in html
    assert not Agreement.objects.filter(district=neighbour.district).exists()
    with pytest.raises(ValidationError) as err:
        offers.adopt_offer(
            neighbour.district, origin, actor=neighbour.user("admin"), signatory_name="I. Hartwell"
        )
    assert "Exhibit E" in err.value.message_dict["signed_copy"][0]
    response = admin.post(url, {"signatory_name": "Imogen Hartwell", "signed_copy": exhibit_e()})
    assert response.status_code == 302
    sub = Agreement.objects.get(district=neighbour.district)
    own = sub.documents.get()
    assert sub.status == "fully_executed" and own.signed_copy and not own.public_copy
    assert sub.district_signatory_name == "Imogen Hartwell"
    assert len(sorted(stored.glob("*"))) == len(files_before) + 1
