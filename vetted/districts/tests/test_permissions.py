from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from vetted.districts.permissions import ACTIONS, can

pytestmark = pytest.mark.django_db


def test_roles_decide_inside_their_district_only(tenant: Any, other_tenant: Any) -> None:
    assert can(tenant.user("admin"), "membership.manage", tenant.district)
    assert not can(tenant.user("admin"), "membership.manage", other_tenant.district)
    assert can(tenant.user("auditor"), "audit.view", tenant.district)
    assert not can(tenant.user("staff"), "audit.view", tenant.district)
    assert not can(tenant.user("auditor"), "catalog.edit", tenant.district)
    assert not can(AnonymousUser(), "catalog.view", tenant.district)


def test_a_row_carrying_its_district_is_judged_by_that_district(
    tenant: Any, other_tenant: Any, catalog_item: Any
) -> None:
    decision = catalog_item.decisions.get()
    assert can(tenant.user("reviewer"), "decision.edit", decision)
    assert not can(other_tenant.user("admin"), "decision.edit", decision)
    assert not can(tenant.user("admin"), "decision.edit", object())


def test_inactive_user_can_do_nothing(tenant: Any) -> None:
    admin = tenant.user("admin")
    admin.is_active = False
    assert not any(can(admin, action, tenant.district) for action in ACTIONS)


def test_unknown_action_is_a_programming_error(tenant: Any) -> None:
    with pytest.raises(KeyError):
        can(tenant.user("admin"), "no.such.action", tenant.district)
