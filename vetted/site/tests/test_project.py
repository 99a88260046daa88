"""Project-wide checks: schema checked in, migrations complete, error pages, health, demo data, worker."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(settings.PROJECT_DIR)


def test_openapi_schema_is_checked_in_and_current(tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(out), "--validate")
    assert out.read_text() == (ROOT / "openapi.yaml").read_text(), "run `make schema` and commit openapi.yaml"


def test_no_missing_migrations() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_health(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_friendly_404_page_and_json_404(client: Client) -> None:
    page = client.get("/no/such/page/")
    assert page.status_code == 404 and b"There is nothing here" in page.content
    api = client.get("/api/v1/no-such-endpoint/")
    assert api.status_code == 404 and api["Content-Type"] == "application/json"


def test_home_lists_districts(client: Client, tenant: Any) -> None:
    assert b"/d/birchfield/resources/" in client.get("/").content


def test_seed_demo_is_complete_and_idempotent(settings: Any) -> None:
    from vetted.audit.services import verify_district
    from vetted.catalog.models import ResourceDecision
    from vetted.districts.models import District, Membership, Role

    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    district = District.objects.get(slug="maple-hollow")
    decisions = ResourceDecision.objects.filter(district=district)
    assert decisions.count() >= 60
    assert set(decisions.values_list("status", flat=True)) >= {
        "approved", "approved_with_parental_consent", "pending", "not_approved", "retired",
    }  # fmt: skip
    assert set(Membership.objects.filter(district=district).values_list("role", flat=True)) == set(
        Role.values
    )
    emails = list(Membership.objects.filter(district=district).values_list("user__email", flat=True))
    assert all(e.endswith(".example") for e in emails)
    assert "admin@maple-hollow.example" in out.getvalue()
    counts = (decisions.count(), district.audit_events.count())
    call_command("seed_demo", stdout=StringIO())
    assert (decisions.count(), district.audit_events.count()) == counts
    assert verify_district(district).ok


def test_worker_runs_each_job_and_survives_a_failing_one(settings: Any) -> None:
    from vetted.kit import worker

    settings.VETTED_WORKER_JOBS = ["vetted.site.tests.jobs.count_one", "vetted.site.tests.jobs.explode"]
    settings.VETTED_WORKER_DRAINS = []  # the outbox drain runs in tick too; here only the two jobs
    result = worker.tick()
    assert result == {"vetted.site.tests.jobs.count_one": 1, "vetted.site.tests.jobs.explode": -1}
