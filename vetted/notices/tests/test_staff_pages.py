"""The notices staff pages (issue 11, items 3 and 7): an admin starts a contract notice from the
executed agreement, previews it per language without writing, sends it once, and the obligation is
met; readers see totals, never a family's row; attackers' ids, roles and second sends are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from vetted.agreements.models import Agreement
from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.notices.models import Notice, Recipient
from vetted.notices.services import drafts
from vetted.outbox.models import Message

pytestmark = pytest.mark.django_db


def _obligation(district: Any, agreement: Any) -> Obligation:
    """The contract notice's obligation, due yesterday (so late)."""
    due = timezone.now() - dt.timedelta(days=1)
    return Obligation.objects.create(
        district=district, kind="family_notice_of_contract", description="Tell families.",
        subject_type="agreements.agreement", subject_id=str(agreement.pk), subject_label=agreement.title,
        event="agreement.executed", event_at=due - dt.timedelta(days=7), due_at=due,
        citation="C.G.S. 10-234bb(b)", actor="district", recipient="families", decided_by="us-ct",
        remind_at=due - dt.timedelta(days=2),
    )  # fmt: skip


def _base(tenant: Any) -> str:
    return f"/manage/{tenant.district.slug}/notices/"


def test_an_admin_sends_the_contract_notice_from_the_agreement(
    roster: Any, executed_agreement: Any, catalog_item: Any, client_as: Any
) -> None:
    obligation = _obligation(roster.district, executed_agreement)
    catalog_item.description = "An online reading program."
    catalog_item.save()
    admin = client_as(roster.user("admin"))
    page = admin.get(f"/manage/{roster.district.slug}/agreements/{executed_agreement.pk}/").content.decode()
    assert "Send the notice to families" in page and f"notices/new/?agreement={executed_agreement.pk}" in page
    obligations = admin.get(f"/manage/{roster.district.slug}/obligations/").content.decode()
    assert f"notices/new/?agreement={executed_agreement.pk}" in obligations and "OVERDUE" in obligations

    form = admin.get(_base(roster) + f"new/?agreement={executed_agreement.pk}").content.decode()
    assert f'value="{executed_agreement.pk}" selected' in form
    response = admin.post(
        _base(roster) + "new/", {"kind": "contract_executed", "agreement": executed_agreement.pk}
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/notices/{notice.pk}/edit/")
    assert notice.district == roster.district and notice.status == "draft"
    assert notice.title == catalog_item.name and notice.description == "An online reading program."
    assert AuditEvent.objects.filter(event_type="notice.created", subject_id=str(notice.pk)).exists()

    response = admin.post(_base(roster) + f"{notice.pk}/edit/", {
        "title": catalog_item.name, "description": "An online reading program.",
        "purpose": "Daily reading practice in class.", "post_publicly": "on",
    })  # fmt: skip
    assert response.status_code == 302
    assert AuditEvent.objects.get(event_type="notice.updated").details["changed"] == [
        "purpose",
        "include_students",
    ]

    preview = admin.get(_base(roster) + f"{notice.pk}/preview/").content.decode()
    assert "Nothing is sent yet" in preview and "Subject:" in preview
    assert 'lang="en"' in preview and 'lang="es"' in preview  # Ruth reads Spanish
    assert (
        "Daily reading practice in class." in preview
        and "Alex and Sam" in preview
        and "Alex y Sam" in preview
    )
    assert "<li>English (en): 2</li>" in preview and "<li>Español (es): 1</li>" in preview
    assert "<dt>E-mails</dt><dd>2</dd>" in preview and "<dt>Printed letters</dt><dd>1 " in preview
    assert Recipient.objects.count() == 0 and Message.objects.count() == 0  # the preview wrote nothing

    refused = admin.post(_base(roster) + f"{notice.pk}/send/", {})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    assert Message.objects.count() == 0
    response = admin.post(_base(roster) + f"{notice.pk}/send/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"].endswith(f"/notices/{notice.pk}/")
    notice.refresh_from_db()
    obligation.refresh_from_db()
    assert notice.status == "sent" and obligation.status == "done"
    assert Message.objects.filter(subject_type="notices.recipient").count() == notice.counts["emails"] == 2

    Message.objects.filter(to_email="kemi.okafor@family.example").update(status="bounced")
    detail = admin.get(response["Location"]).content.decode()
    assert "Bounced (the address was refused)</dt><dd>1</dd>" in detail
    assert "Waiting to go</dt><dd>1</dd>" in detail
    listing = admin.get(_base(roster)).content.decode()
    assert "EST" in listing and "2 e-mails, 1 letter" in listing  # the district's zone, named
    obligations = admin.get(f"/manage/{roster.district.slug}/obligations/").content.decode()
    assert f"notices/?agreement={executed_agreement.pk}" in obligations
    page = admin.get(f"/manage/{roster.district.slug}/agreements/{executed_agreement.pk}/").content.decode()
    assert "Send the notice to families" not in page  # the obligation is met


def test_a_permission_request_lists_only_resources_needing_consent(
    roster: Any, needs_permission: Any, client_as: Any
) -> None:
    admin = client_as(roster.user("admin"))
    page = admin.get(_base(roster) + "new/").content.decode()
    assert needs_permission.name in page
    response = admin.post(
        _base(roster) + "new/", {"kind": "permission_request", "resource": needs_permission.pk}
    )
    assert response.status_code == 302 and Notice.objects.get().resource == needs_permission


def test_another_districts_agreement_or_resource_is_refused(
    roster: Any, other_tenant: Any, executed_agreement: Any, catalog_item: Any, client_as: Any
) -> None:
    from vetted.catalog import services as catalog

    theirs = Agreement.objects.create(district=other_tenant.district, vendor=catalog_item.vendor, title="Theirs",
                                      kind="standard", status="fully_executed")  # fmt: skip
    catalog.decide(other_tenant.district, catalog_item, actor=other_tenant.user("admin"),
                   status="approved_with_parental_consent")  # fmt: skip
    admin = client_as(roster.user("admin"))
    events = AuditEvent.objects.count()
    for data in (
        {"kind": "contract_executed", "agreement": theirs.pk},
        {"kind": "permission_request", "resource": catalog_item.pk},  # approved with consent there, not here
        {"kind": "contract_executed", "agreement": "99999999999999999999"},
        {"kind": "breach"},
        {"kind": "contract_executed", "agreement": executed_agreement.pk, "district": other_tenant.district.pk,
         "status": "sent"},
    ):  # fmt: skip
        response = admin.post(_base(roster) + "new/", data)
        if data.get("agreement") == executed_agreement.pk:
            notice = Notice.objects.get()  # the district comes from the URL, never the body
            assert notice.district == roster.district and notice.status == "draft"
        else:
            assert response.status_code == 400, data
            assert "Select a valid choice" in response.content.decode()
    assert AuditEvent.objects.count() == events + 1
    with pytest.raises(Exception, match="agreement of this district"):
        drafts.create_notice(
            roster.district, kind="contract_executed", agreement=theirs, actor=roster.user("admin")
        )
    # Another district's notice is not found through this district's pages.
    foreign = Notice.objects.create(district=other_tenant.district, kind="contract_executed", agreement=theirs,
                                    title="Theirs")  # fmt: skip
    assert admin.get(_base(roster) + f"{foreign.pk}/").status_code == 404
    assert admin.post(_base(roster) + f"{foreign.pk}/send/", {"confirm": "on"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "draft" and not Message.objects.exists()


def test_a_sent_notice_is_neither_edited_nor_sent_again(
    roster: Any, needs_permission: Any, client_as: Any
) -> None:
    admin = client_as(roster.user("admin"))
    notice = drafts.create_notice(roster.district, kind="permission_request", resource=needs_permission,
                                  actor=roster.user("admin"))  # fmt: skip
    assert admin.post(_base(roster) + f"{notice.pk}/send/", {"confirm": "on"}).status_code == 302
    sent = Message.objects.count()
    response = admin.post(_base(roster) + f"{notice.pk}/edit/", {"title": "Changed", "description": "x"})
    assert response.status_code == 302 and response["Location"].endswith(f"/notices/{notice.pk}/")
    response = admin.post(_base(roster) + f"{notice.pk}/send/", {"confirm": "on"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == needs_permission.name and Message.objects.count() == sent
    assert "already sent" in admin.get(response["Location"]).content.decode()
    with pytest.raises(Exception, match="already sent"):
        drafts.update_notice(notice, actor=roster.user("admin"), data={"title": "Changed"})


def test_a_send_the_service_refuses_shows_why(roster: Any, executed_agreement: Any, client_as: Any) -> None:
    admin = client_as(roster.user("admin"))
    notice = drafts.create_notice(roster.district, kind="contract_executed", agreement=executed_agreement,
                                  actor=roster.user("admin"))  # fmt: skip
    Agreement.objects.filter(pk=executed_agreement.pk).update(status="terminated")
    response = admin.post(_base(roster) + f"{notice.pk}/send/", {"confirm": "on"})
    assert response.status_code == 400
    assert "once the agreement is fully executed" in response.content.decode()
    assert not Message.objects.exists() and Notice.objects.get().status == "draft"


def test_readers_see_totals_and_only_admins_see_families(
    roster: Any, needs_permission: Any, client_as: Any
) -> None:
    notice = drafts.create_notice(roster.district, kind="permission_request", resource=needs_permission,
                                  actor=roster.user("admin"))  # fmt: skip
    from vetted.notices.services.send import send_notice

    send_notice(notice, actor=roster.user("admin"))
    url = _base(roster) + f"{notice.pk}/?families=1"
    reviewer = client_as(roster.user("reviewer")).get(url).content.decode()
    assert "Delivery of the e-mails" in reviewer and "kemi.okafor@family.example" not in reviewer
    assert "Ruth" not in reviewer and "Send the notice" not in reviewer
    admin = client_as(roster.user("admin"))
    events = AuditEvent.objects.filter(event_type="notice.recipients_viewed").count()
    page = admin.get(url).content.decode()
    assert "kemi.okafor@family.example" in page and "Printed letter" in page
    assert AuditEvent.objects.filter(event_type="notice.recipients_viewed").count() == events + 1
    assert (
        "Send the notice"
        not in client_as(roster.user("reviewer"))
        .get(_base(roster) + f"{notice.pk}/preview/", follow=True)
        .content.decode()
    )


def test_a_reviewer_may_preview_but_not_send(roster: Any, needs_permission: Any, client_as: Any) -> None:
    notice = drafts.create_notice(roster.district, kind="permission_request", resource=needs_permission,
                                  actor=roster.user("admin"))  # fmt: skip
    reviewer = client_as(roster.user("reviewer"))
    page = reviewer.get(_base(roster) + f"{notice.pk}/preview/").content.decode()
    assert "Who it would reach" in page and "Send the notice" not in page
    assert reviewer.post(_base(roster) + f"{notice.pk}/send/", {"confirm": "on"}).status_code == 403
    assert Notice.objects.get().status == "draft" and not Message.objects.exists()
