"""The public notices page (issue 11, item 6): every sent notice the district posts, in plain words,
with the contract's public copy (or saying it is not posted yet) and the student information that may
be collected (or that nobody recorded it); never a family, a student or a count."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.agreements.models import AgreementDocument
from vetted.notices.models import Notice
from vetted.notices.services import drafts
from vetted.notices.services.send import send_notice

pytestmark = pytest.mark.django_db


def _sent(tenant: Any, **kw: Any) -> Notice:
    if "agreement" in kw:
        notice = drafts.create_notice(
            tenant.district, kind="contract_executed", actor=tenant.user("admin"), **kw
        )
    else:
        notice = drafts.create_notice(
            tenant.district, kind="permission_request", actor=tenant.user("admin"), **kw
        )
    Notice.objects.filter(pk=notice.pk).update(description="An online reading program.",
                                               purpose="Daily reading practice in class.")  # fmt: skip
    return send_notice(notice, actor=tenant.user("admin"))


def _copy(agreement: Any, **kw: Any) -> AgreementDocument:
    fields = {"original_name": "signed.pdf", "stored_name": f"x{agreement.pk}-{len(kw)}.pdf", "file_type": "pdf",
              "size": 10, "sha256": "0" * 64, "public_copy": True, "label": "signed copy", **kw}  # fmt: skip
    return AgreementDocument.objects.create(agreement=agreement, **fields)


def test_a_contract_notice_is_posted_with_the_contract(
    roster: Any, executed_agreement: Any, client: Any
) -> None:
    executed_agreement.public = True
    executed_agreement.save()
    document = _copy(executed_agreement)
    notice = _sent(roster, agreement=executed_agreement)
    slug = roster.district.slug
    for url in (f"/d/{slug}/notices/", f"/d/{slug}/notices/{notice.pk}/"):
        page = client.get(url).content.decode()
        assert "The district signed a contract" in page and notice.title in page
        assert "An online reading program." in page and "Daily reading practice in class." in page
        assert "<li>Student name</li>" in page and "<li>Grades</li>" in page
        assert f"/d/{slug}/agreements/documents/{document.pk}/" in page
        assert "EST" in page  # the date posted, in the district's zone, named
        for personal in ("Kemi", "Ruth", "Anya", "Cleo", "family.example", "students.birchfield"):
            assert personal not in page, personal
        assert "e-mail" not in page.lower() and "letter" not in page.lower()  # no counts of who was told


def test_an_unposted_copy_and_an_unrecorded_list_are_said_so(
    roster: Any, executed_agreement: Any, client: Any
) -> None:
    executed_agreement.data_elements.clear()  # the agreement is not public and lists no data
    executed_agreement.public = False
    executed_agreement.save()
    _copy(executed_agreement)
    notice = _sent(roster, agreement=executed_agreement)
    page = client.get(f"/d/{roster.district.slug}/notices/{notice.pk}/").content.decode()
    assert "The copy of the contract is not yet posted." in page
    assert "Not yet recorded." in page and "None:" not in page
    assert "/agreements/documents/" not in page


def test_a_resource_recorded_as_collecting_nothing_says_none(
    roster: Any, needs_permission: Any, client: Any
) -> None:
    needs_permission.data_elements.clear()
    needs_permission.data_elements_recorded = True
    needs_permission.save()
    notice = _sent(roster, resource=needs_permission)
    page = client.get(f"/d/{roster.district.slug}/notices/{notice.pk}/").content.decode()
    assert "A request for families&#x27; permission" in page or "A request for families' permission" in page
    assert "None: it does not collect student information." in page and "The copy of the contract" not in page


def test_only_sent_posted_notices_of_this_district_appear(
    roster: Any, other_tenant: Any, needs_permission: Any, executed_agreement: Any, client: Any
) -> None:
    draft = drafts.create_notice(roster.district, kind="permission_request", resource=needs_permission,
                                 actor=roster.user("admin"))  # fmt: skip
    unposted = drafts.create_notice(roster.district, kind="contract_executed", agreement=executed_agreement,
                                    actor=roster.user("admin"))  # fmt: skip
    Notice.objects.filter(pk=unposted.pk).update(post_publicly=False, title="Kept off the page")
    send_notice(unposted, actor=roster.user("admin"))
    slug = roster.district.slug
    listing = client.get(f"/d/{slug}/notices/").content.decode()
    assert "No notice is posted yet." in listing and "Kept off the page" not in listing
    for pk in (draft.pk, unposted.pk):
        assert client.get(f"/d/{slug}/notices/{pk}/").status_code == 404
    posted = _sent(roster, resource=needs_permission)
    assert client.get(f"/d/{other_tenant.district.slug}/notices/{posted.pk}/").status_code == 404
    assert client.get(f"/d/{slug}/notices/{posted.pk}/").status_code == 200


def test_the_public_pages_link_to_the_notices(tenant: Any, client: Any) -> None:
    slug = tenant.district.slug
    for url in (f"/d/{slug}/resources/", f"/d/{slug}/agreements/", f"/d/{slug}/notices/"):
        page = client.get(url).content.decode()
        assert f'href="/d/{slug}/notices/"' in page, url
