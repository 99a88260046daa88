"""Admins add people (an invitation goes out by real SMTP), change roles and remove access."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import denied_status, matrix_user
from vetted.audit.models import AuditEvent
from vetted.districts.models import Membership, User

pytestmark = pytest.mark.django_db


def url(tenant: Any) -> str:
    return f"/manage/{tenant.district.slug}/people/"


def test_admin_adds_a_person_who_sets_a_password(
    client_as: Any, tenant: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(tenant.user("admin")).post(
            url(tenant),
            {"full_name": "Odessa Brightwater", "email": "Odessa@Birchfield.example", "role": "reviewer"},
        )
    assert response.status_code == 302
    member = Membership.objects.get(user__email="odessa@birchfield.example")
    assert member.role == "reviewer" and not member.user.has_usable_password()
    assert AuditEvent.objects.filter(event_type="membership.added").count() == 1
    (message,) = smtp_server.messages
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", body)
    assert link and "Birchfield Public Schools" in message["Subject"]


def test_existing_account_joins_a_second_district(client_as: Any, tenant: Any, other_tenant: Any) -> None:
    someone = other_tenant.user("staff")
    client_as(tenant.user("admin")).post(
        url(tenant), {"full_name": "x", "email": someone.email, "role": "staff"}
    )
    assert set(someone.memberships.values_list("district__slug", flat=True)) == {"birchfield", "larchmont"}
    again = client_as(tenant.user("admin")).post(
        url(tenant), {"full_name": "x", "email": someone.email, "role": "staff"}
    )
    assert "already a member" in again.content.decode()


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
