"""Admins change roles and remove access (inviting people: test_invitations.py)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import denied_status, matrix_user
from vetted.audit.models import AuditEvent
from vetted.districts.models import Membership, User

pytestmark = pytest.mark.django_db


def url(tenant: Any) -> str:
    return f"/manage/{tenant.district.slug}/people/"


def test_bad_input_is_explained(client_as: Any, tenant: Any) -> None:
    response = client_as(tenant.user("admin")).post(
        url(tenant), {"full_name": "", "email": "nope", "role": "king"}
    )
    errors = response.context["form"].errors
    assert set(errors) == {"full_name", "email", "role"}
    assert User.objects.count() == 5


def test_change_role_and_keep_one_admin(client_as: Any, tenant: Any) -> None:
    admin = client_as(tenant.user("admin"))
    staff = Membership.objects.get(user=tenant.user("staff"))
    admin.post(f"{url(tenant)}{staff.pk}/role/", {"role": "reviewer"})
    staff.refresh_from_db()
    assert staff.role == "reviewer"
    own = Membership.objects.get(user=tenant.user("admin"))
    response = admin.post(f"{url(tenant)}{own.pk}/role/", {"role": "staff"}, follow=True)
    assert "at least one privacy officer" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "admin"
    response = admin.post(f"{url(tenant)}{own.pk}/remove/", follow=True)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_remove_access(client_as: Any, tenant: Any) -> None:
    auditor = Membership.objects.get(user=tenant.user("auditor"))
    client_as(tenant.user("admin")).post(f"{url(tenant)}{auditor.pk}/remove/")
    assert not Membership.objects.filter(pk=auditor.pk).exists()
    assert AuditEvent.objects.filter(event_type="membership.removed").get().details["role"] == "auditor"
    assert client_as(tenant.user("auditor")).get(f"/manage/{tenant.district.slug}/").status_code == 404


@pytest.mark.parametrize(
    "who", ["technology_director", "reviewer", "staff", "auditor", "outsider", "anonymous"]
)
def test_only_admins_manage_people(client_as: Any, tenant: Any, other_tenant: Any, who: str) -> None:
    client = client_as(matrix_user(who, tenant, other_tenant))
    staff = Membership.objects.get(user=tenant.user("staff"))
    before = (list(Membership.objects.values_list("pk", "role")), AuditEvent.objects.count())
    expected = denied_status(who, api=False)
    assert client.get(url(tenant)).status_code == expected
    assert (
        client.post(url(tenant), {"full_name": "x", "email": "x@y.example", "role": "admin"}).status_code
        == expected
    )
    assert client.post(f"{url(tenant)}{staff.pk}/role/", {"role": "admin"}).status_code == expected
    assert client.post(f"{url(tenant)}{staff.pk}/remove/").status_code == expected
    assert (list(Membership.objects.values_list("pk", "role")), AuditEvent.objects.count()) == before


def test_membership_of_another_district_is_404(client_as: Any, tenant: Any, other_tenant: Any) -> None:
    theirs = Membership.objects.get(user=other_tenant.user("staff"))
    response = client_as(tenant.user("admin")).post(f"{url(tenant)}{theirs.pk}/remove/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()
