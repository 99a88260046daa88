"""Agreement services authorize their actor through can(), like the staff-request verbs."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.agreements.models import Agreement
from vetted.agreements.policies import NotAllowed
from vetted.agreements.services import agreements as svc
from vetted.agreements.services import checklist, offers
from vetted.audit.models import AuditEvent

from .gate import make_ready

pytestmark = pytest.mark.django_db


def test_agreement_verbs_refuse_roles_and_outsiders(ct: Any, other_tenant: Any, draft: Agreement) -> None:
    before = AuditEvent.objects.count()
    check = draft.checks.first()
    assert check is not None
    for actor in (
        ct.user("reviewer"),
        ct.user("staff"),
        ct.user("auditor"),
        other_tenant.user("admin"),
        None,
    ):
        with pytest.raises(NotAllowed):
            svc.transition(draft, "vendor_sign", actor=actor)
        with pytest.raises(NotAllowed):
            svc.update_agreement(draft, actor=actor, data={"title": "Changed"})
        with pytest.raises(NotAllowed):
            checklist.mark_check(check, actor=actor, status="missing")
        with pytest.raises(NotAllowed):
            offers.end_offer(draft, actor=actor, reason="withdrawn")
        with pytest.raises(NotAllowed):
            svc.create_agreement(ct.district, actor=actor, vendor=draft.vendor, data={"title": "X"})
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.title == "Quillstone DPA 2026"
    assert AuditEvent.objects.count() == before
    # The district's admin may; the program acting by itself says so explicitly.
    svc.transition(draft, "vendor_sign", actor=ct.user("admin"))
    make_ready(draft, ct.user("admin"))
    assert svc.transition(draft, "execute", actor="worker", system=True).status == "fully_executed"
