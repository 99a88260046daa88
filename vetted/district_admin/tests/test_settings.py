"""The district settings page: admins change public details, time zone and policy packs; audited."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import denied_status, matrix_user
from vetted.audit.models import AuditEvent
from vetted.districts.models import District

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Birchfield Unified Schools",
    "public_contact_name": "Marisol Quenby",
    "public_contact_email": "privacy-office@birchfield.example",
    "public_contact_phone": "+1 860 555 0142",
    "website": "https://birchfield.example/privacy",
    "time_zone": "America/Chicago",
    "policy_packs": ["demo-ct-2017"],
}


def url(tenant: Any) -> str:
    return f"/manage/{tenant.district.slug}/settings/"


def _snapshot(district: District) -> dict[str, Any]:
    d = District.objects.get(pk=district.pk)
    return {f: getattr(d, f) for f in [*GOOD, "state", "slug"]}


def test_admin_changes_every_field_and_it_is_audited(client_as: Any, tenant: Any) -> None:
    client = client_as(tenant.user("admin"))
    page = client.get(url(tenant))
    assert page.status_code == 200
    assert "cannot be changed here" in page.content.decode() and "demo-ct-2017" in page.content.decode()
    response = client.post(url(tenant), {**GOOD, "state": "NY", "slug": "elsewhere"})
    assert response.status_code == 302
    after = _snapshot(tenant.district)
    assert after == {**GOOD, "state": "CT", "slug": "birchfield"}  # state and slug are not editable here
    (event,) = AuditEvent.objects.filter(event_type="district.updated")
    changed = event.details["changed"]
    assert set(changed) == set(GOOD)
    assert changed["time_zone"] == {"before": "America/New_York", "after": "America/Chicago"}
    assert changed["policy_packs"] == {"before": [], "after": ["demo-ct-2017"]}
    # Saving the same values again changes nothing and records nothing.
    client.post(url(tenant), GOOD)
    assert AuditEvent.objects.filter(event_type="district.updated").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("time_zone", "Mars/Olympus_Mons", "not a known time zone"),
     ("time_zone", "", "This field is required"),
     ("name", "", "This field is required"),
     ("public_contact_email", "not-an-email", "valid email"),
     ("website", "javascript:alert(1)", "valid URL"),
     ("public_contact_phone", "5" * 41, "at most 40"),
     ("policy_packs", "no-such-pack", "not one of the available choices"),
     ("policy_packs", "us-ny", "not one of the available choices")],
)  # fmt: skip
def test_bad_input_is_explained_and_nothing_saved(
    client_as: Any, tenant: Any, field: str, value: str, message: str
) -> None:
    before = _snapshot(tenant.district)
    response = client_as(tenant.user("admin")).post(url(tenant), {**GOOD, field: value})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert _snapshot(tenant.district) == before
    assert not AuditEvent.objects.filter(event_type="district.updated").exists()


def test_a_pack_that_does_not_load_shows_the_pack_error(client_as: Any, other_tenant: Any) -> None:
    # Larchmont is in New York: the Connecticut demo policy allows 30 days where NY law allows 7.
    before = _snapshot(other_tenant.district)
    response = client_as(other_tenant.user("admin")).post(
        url(other_tenant), {**GOOD, "time_zone": "America/New_York"}
    )
    assert response.status_code == 400
    (error,) = response.context["form"].errors["policy_packs"]
    assert "demo-ct-2017.yaml" in error and "may only tighten" in error
    assert _snapshot(other_tenant.district) == before
    assert not AuditEvent.objects.filter(event_type="district.updated").exists()


def test_service_refuses_unknown_pack_ids(tenant: Any) -> None:
    from django.core.exceptions import ValidationError

    from vetted.district_admin.services import update_district

    with pytest.raises(ValidationError, match="No district policy pack named nope"):
        update_district(tenant.district, actor=tenant.user("admin"), policy_packs=["nope"])


def test_dashboard_links_settings_for_admins_only(client_as: Any, tenant: Any) -> None:
    dashboard = f"/manage/{tenant.district.slug}/"
    assert url(tenant) in client_as(tenant.user("admin")).get(dashboard).content.decode()
    assert url(tenant) not in client_as(tenant.user("reviewer")).get(dashboard).content.decode()


@pytest.mark.parametrize(
    "who", ["technology_director", "reviewer", "staff", "auditor", "outsider", "anonymous"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_admins_reach_settings(
    client_as: Any, tenant: Any, other_tenant: Any, who: str, method: str
) -> None:
    before = _snapshot(tenant.district)
    client = client_as(matrix_user(who, tenant, other_tenant))
    response = getattr(client, method)(url(tenant), GOOD if method == "post" else None)
    assert response.status_code == denied_status(who, api=False)
    assert _snapshot(tenant.district) == before
    assert not AuditEvent.objects.filter(event_type="district.updated").exists()
