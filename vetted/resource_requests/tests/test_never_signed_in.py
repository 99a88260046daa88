"""Nobody who has never signed in is given review work: not by rotation, not in the assign form, not
through the assign service or the API (issue 10, item 6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vetted.district_admin.models import Invitation
from vetted.districts.models import Membership, Role, User
from vetted.resource_requests import services
from vetted.resource_requests.forms import AssignForm

from .factories import submitted

pytestmark = pytest.mark.django_db


def invitee(tenant: Any, handle: str = "newcomer") -> User:
    """Someone who accepted an invitation (or was enrolled the old way) and has not signed in since."""
    email = f"{handle}@birchfield.example"
    user = User.objects.create_user(
        username=email, email=email, password="x-long-password", full_name=handle.title()
    )
    Membership.objects.create(user=user, district=tenant.district, role=Role.REVIEWER)
    assert user.last_login is None
    return user


def test_rotation_skips_a_reviewer_who_never_signed_in(tenant: Any) -> None:
    newcomer = invitee(tenant)
    reqs = [submitted(tenant, resource_name=f"Tool {n}") for n in range(3)]
    assigned = {a.reviewer for r in reqs for a in r.assignments.all()}
    assert assigned == {tenant.user("reviewer")} and newcomer not in assigned


def test_rotation_assigns_nobody_rather_than_only_invitees(tenant: Any) -> None:
    User.objects.filter(pk=tenant.user("reviewer").pk).update(last_login=None)
    invitee(tenant)
    req = submitted(tenant)
    assert req.assignments.count() == 0


def test_an_unaccepted_invitation_gives_no_work(tenant: Any, client_as: Any) -> None:
    client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/people/",
        {"full_name": "Pending Person", "email": "pending@birchfield.example", "role": "reviewer"},
    )
    assert Invitation.objects.filter(email="pending@birchfield.example").exists()
    req = submitted(tenant)
    assert [a.reviewer.email for a in req.assignments.all()] == [tenant.user("reviewer").email]


def test_assign_form_does_not_offer_someone_who_never_signed_in(tenant: Any, client_as: Any) -> None:
    newcomer = invitee(tenant)
    form = AssignForm(district=tenant.district, exclude=[])
    offered = set(form.fields["reviewer"].queryset)  # type: ignore[attr-defined]
    assert tenant.user("reviewer") in offered and newcomer not in offered
    req = submitted(tenant)
    page = client_as(tenant.user("admin")).get(f"/manage/{tenant.district.slug}/resource-requests/{req.pk}/")
    director = tenant.user("technology_director")
    assert f'<option value="{director.pk}"' in page.content.decode()  # the form is there
    assert f'<option value="{newcomer.pk}"' not in page.content.decode()
    posted = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/resource-requests/{req.pk}/assign/", {"reviewer": str(newcomer.pk)}
    )
    assert posted.status_code == 400 and not req.assignments.filter(reviewer=newcomer).exists()


def test_assigning_someone_who_never_signed_in_by_service_or_api_is_refused(tenant: Any, api_as: Any) -> None:
    newcomer = invitee(tenant)
    req = submitted(tenant)
    with pytest.raises(ValidationError, match="has not signed in yet"):
        services.assign(req, newcomer, actor=tenant.user("admin"))
    response = api_as(tenant.user("admin")).post(
        f"/api/v1/districts/{tenant.district.slug}/resource-requests/{req.pk}/assign/",
        {"reviewer": newcomer.pk}, format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "reviewer" in response.json()
    assert not req.assignments.filter(reviewer=newcomer).exists()
    User.objects.filter(pk=newcomer.pk).update(last_login=tenant.district.created_at)
    newcomer.refresh_from_db()
    services.assign(req, newcomer, actor=tenant.user("admin"))  # once signed in, they can be
    assert req.assignments.filter(reviewer=newcomer).exists()
