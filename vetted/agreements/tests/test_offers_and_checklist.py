"""General offers (Exhibit E) across districts, and the required-provision checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from conftest import make_tenant
from vetted.agreements.models import Agreement
from vetted.agreements.services import agreements as svc
from vetted.agreements.services import checklist, offers
from vetted.audit.models import AuditEvent
from vetted.clocks.selectors import about
from vetted.districts.models import Consortium

from .files import exhibit_e
from .gate import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(db: Any) -> Any:
    return make_tenant("oakmere", "Oakmere Public Schools", state="CT")


def test_adoption_by_a_district_of_the_same_state(
    executed: Agreement, neighbour: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert list(offers.adoptable_offers(neighbour.district)) == [executed]
    sub = offers.adopt_offer(neighbour.district, executed, actor=neighbour.user("admin"),
                             effective_date=dt.date(2026, 4, 1), signatory_name="Wren Talbot",
                             signed_copy=exhibit_e())  # fmt: skip
    assert sub.district == neighbour.district and sub.parent == executed
    assert sub.kind == "subscription" and sub.status == "fully_executed"
    assert sub.effective_date == dt.date(2026, 4, 1) and sub.expiry_date == executed.expiry_date
    assert set(sub.resources.all()) == set(executed.resources.all())
    assert sub.checks.count() > 0  # its own district's checklist
    assert about(sub).filter(district=neighbour.district).exists()
    assert AuditEvent.objects.filter(
        district=neighbour.district, event_type="agreement.offer_adopted"
    ).exists()
    assert not offers.adoptable_offers(neighbour.district).exists()
    with pytest.raises(ValidationError):
        offers.adopt_offer(neighbour.district, executed, actor=neighbour.user("admin"))

    # The vendor withdraws the offer: recorded, audited in each subscriber's district, mailed.
    with django_capture_on_commit_callbacks(execute=True):
        offers.end_offer(executed, actor=executed.created_by, reason="withdrawn",
                         note="Vendor letter of 2026-05-01")  # fmt: skip
    executed.refresh_from_db()
    assert executed.offer_end_reason == "withdrawn" and not executed.offer_is_open
    ev = AuditEvent.objects.get(district=neighbour.district, event_type="agreement.parent_offer_ended")
    assert ev.details["reason"] == "withdrawn" and ev.subject_id == str(sub.pk)
    assert any("withdrawn" in m.subject and neighbour.user("admin").email in m.to for m in mail.outbox)
    sub.refresh_from_db()
    assert sub.parent.offer_end_reason == "withdrawn"  # what the subscriber's page shows
    with pytest.raises(ValidationError):
        offers.end_offer(executed, actor=None, reason="withdrawn", system=True)  # recorded once


def test_adoption_across_states_is_refused_unless_a_consortium_is_shared(
    executed: Agreement, other_tenant: Any
) -> None:
    assert not offers.adoptable_offers(other_tenant.district).exists()
    with pytest.raises(ValidationError) as err:
        offers.adopt_offer(other_tenant.district, executed, actor=other_tenant.user("admin"))
    assert "same state or consortium" in err.value.message_dict["offer"][0]
    assert not Agreement.objects.filter(district=other_tenant.district).exists()

    shared = Consortium.objects.create(name="Sound Privacy Alliance", slug="sound")
    shared.districts.add(executed.district, other_tenant.district)
    sub = offers.adopt_offer(
        other_tenant.district,
        executed,
        actor=other_tenant.user("admin"),
        signatory_name="Wren Talbot",
        signed_copy=exhibit_e(),
    )
    assert sub.parent == executed


def test_expired_offer_cannot_be_adopted(executed: Agreement, neighbour: Any) -> None:
    offers.end_offer(executed, actor=None, reason="expired", system=True)  # the program records the expiry
    with pytest.raises(ValidationError):
        offers.adopt_offer(neighbour.district, executed, actor=neighbour.user("admin"))


def test_checklist_lists_required_provisions_unreviewed(draft: Agreement) -> None:
    ids = list(draft.checks.values_list("provision_id", flat=True))
    assert "breach_notification" in ids and "governing_law" in ids
    breach = draft.checks.get(provision_id="breach_notification")
    assert "48" in breach.title  # the policy's stricter 48 hours
    assert set(draft.checks.values_list("status", flat=True)) == {"unreviewed"}
    assert set(draft.checks.values_list("source", flat=True)) == {"person"}
    assert checklist.sync_checklist(draft) == 0  # idempotent


def test_missing_provisions_flag_non_compliance_with_amendment_date(draft: Agreement, ct: Any) -> None:
    admin = ct.user("admin")
    checks = list(draft.checks.all())
    with pytest.raises(ValidationError) as err:
        checklist.mark_check(checks[0], actor=admin, status="present")
    assert "location" in err.value.message_dict
    checklist.mark_check(checks[0], actor=admin, status="present", location="§ 4.2, p. 3")
    with pytest.raises(ValidationError):  # nothing missing yet: nothing to flag
        svc.record_noncompliance(draft, actor=admin, amendment_requested_on=dt.date(2026, 1, 5))
    checklist.mark_check(checks[1], actor=admin, status="missing")
    checklist.mark_check(checks[2], actor=admin, status="conflict", note="Governed by Delaware law")
    assert [c.pk for c in checklist.gaps(draft)] == [checks[1].pk, checks[2].pk]
    assert checklist.summary(draft)["missing"] == 1
    flagged = svc.record_noncompliance(draft, actor=admin, amendment_requested_on=dt.date(2026, 1, 5),
                                       note="Asked vendor for an addendum")  # fmt: skip
    assert flagged.amendment_requested_on == dt.date(2026, 1, 5)
    ev = AuditEvent.objects.get(district=ct.district, event_type="agreement.flagged_noncompliant")
    assert ev.details["gaps"] == [checks[1].provision_id, checks[2].provision_id]
    # Signed by the vendor, it is executed only once each gap is accepted with a reason (and the rest met).
    svc.transition(draft, "vendor_sign", actor=admin)
    with pytest.raises(ValidationError) as refused:
        svc.transition(draft, "execute", actor=admin)
    assert "checks" in refused.value.message_dict
    checklist.accept_gap(checks[1], actor=admin, reason="The district's breach plan covers it.")
    checklist.accept_gap(checks[2], actor=admin, reason="Counsel accepts Delaware law here.")
    make_ready(draft, admin)  # the rest present; signatories and the signed copy
    assert svc.transition(draft, "execute", actor=admin).status == "fully_executed"
    assert draft.checks.get(pk=checks[1].pk).accepted_by == admin
