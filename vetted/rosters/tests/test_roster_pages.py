"""The roster's admin pages (issue 11, item 1): the upload, the worker's import with its progress,
the report; every role and another district tried on each route (authorization matrix)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import MATRIX_WHO, denied_status, matrix_user
from tests.matrix import assert_nothing_written, assert_route, recording
from vetted.audit.models import AuditEvent
from vetted.rosters.importer import import_bundle
from vetted.rosters.models import Person, RosterImport
from vetted.rosters.tasks import run_roster_imports

from .bundles import USERS_11, files_11, write, zipped

pytestmark = pytest.mark.django_db
ADMIN_ONLY = frozenset({"admin"})


def _zip_upload(
    tmp_path: Path, files: dict[str, str] | None = None, name: str = "roster.zip"
) -> SimpleUploadedFile:
    archive = zipped(write(tmp_path / name.replace(".", "-"), files or files_11()), tmp_path / name)
    return SimpleUploadedFile(name, archive.read_bytes(), "application/zip")


def _report_url(tenant: Any, tmp_path: Path) -> str:
    job = import_bundle(tenant.district, write(tmp_path / "seeded", files_11()))
    return f"/manage/{tenant.district.slug}/roster/imports/{job.pk}/"


@dataclass(frozen=True)
class Case:
    label: str
    route: str
    method: str
    url: Callable[[Any, Path], str]
    ok: int
    data: Callable[[Path], dict[str, Any]] | None = None


CASES = [
    Case("roster page", "roster", "get", lambda t, p: f"/manage/{t.district.slug}/roster/", 200),
    Case("upload", "roster", "post", lambda t, p: f"/manage/{t.district.slug}/roster/", 302,
         lambda p: {"file": _zip_upload(p)}),
    Case("report", "roster-import", "get", _report_url, 200),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, tenant: Any, other_tenant: Any, client_as: Any, tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    url = case.url(tenant, tmp_path)
    assert_route(url, case.route)
    queued = RosterImport.objects.count()
    client = client_as(matrix_user(who, tenant, other_tenant))
    with recording(django_capture_on_commit_callbacks) as writes:
        response = getattr(client, case.method)(url, **({"data": case.data(tmp_path)} if case.data else {}))
    if who in ADMIN_ONLY:
        assert response.status_code == case.ok, response.content[:300]
        return
    assert response.status_code == denied_status(who, api=False)
    assert RosterImport.objects.count() == queued
    assert_nothing_written(writes)


def test_an_admin_uploads_an_export_and_reads_the_report(client_as: Any, tenant: Any, tmp_path: Path) -> None:
    admin = client_as(tenant.user("admin"))
    response = admin.post(f"/manage/{tenant.district.slug}/roster/", {"file": _zip_upload(tmp_path)})
    job = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/roster/imports/{job.pk}/")
    assert (
        job.status == "queued"
        and "Waiting for the worker" in admin.get(response["Location"]).content.decode()
    )
    assert run_roster_imports(timezone.now()) == 1
    job.refresh_from_db()
    assert job.status == "done" and job.upload_path == "" and job.progress["users"] == 7
    assert Person.objects.filter(district=tenant.district).count() == 7
    assert not list((Path(settings.MEDIA_ROOT) / "rosters").glob("*.zip"))  # the export is not kept
    page = admin.get(f"/manage/{tenant.district.slug}/roster/imports/{job.pk}/").content.decode()
    assert "What changed" in page and "person: 7 created" in page
    assert AuditEvent.objects.filter(event_type="roster.report_viewed", district=tenant.district).count() == 1
    assert run_roster_imports(timezone.now()) == 0  # nothing queued twice


def test_a_refused_export_says_why_by_file_line_and_column(
    client_as: Any, tenant: Any, tmp_path: Path
) -> None:
    admin = client_as(tenant.user("admin"))
    files = files_11({"users.csv": USERS_11.replace("t-1,,,true,org-e,teacher", "t-1,,,true,org-e,wizard")})
    admin.post(f"/manage/{tenant.district.slug}/roster/", {"file": _zip_upload(tmp_path, files)})
    run_roster_imports(timezone.now())
    job = RosterImport.objects.get()
    page = admin.get(f"/manage/{tenant.district.slug}/roster/imports/{job.pk}/").content.decode()
    assert job.status == "refused" and "Why nothing was imported" in page
    assert "users.csv" in page and ">6<" in page and "“wizard” is not a OneRoster role." in page
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("roster.zip", b"%PDF-1.7 not a zip", "is not a zip file"),
        ("roster.zip", b"PK\x03\x04 broken", "is damaged"),
    ],
    ids=["not-a-zip", "damaged-zip"],
)
def test_an_upload_that_is_not_an_export_is_refused(
    client_as: Any, tenant: Any, name: str, data: bytes, reason: str
) -> None:
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/roster/", {"file": SimpleUploadedFile(name, data, "application/zip")}
    )
    assert response.status_code == 400 and reason in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_zip_without_a_manifest_is_refused(client_as: Any, tenant: Any, tmp_path: Path) -> None:
    upload = _zip_upload(tmp_path, files_11({"manifest.csv": None}))
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/roster/", {"file": upload}
    )
    assert response.status_code == 400 and "has no manifest.csv" in response.content.decode()


def test_the_progress_fragment_polls_while_the_import_waits(
    client_as: Any, tenant: Any, tmp_path: Path
) -> None:
    admin = client_as(tenant.user("admin"))
    admin.post(f"/manage/{tenant.district.slug}/roster/", {"file": _zip_upload(tmp_path)})
    job = RosterImport.objects.get()
    fragment = admin.get(f"/manage/{tenant.district.slug}/roster/imports/{job.pk}/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    assert not AuditEvent.objects.filter(event_type="roster.report_viewed").exists()  # polling is not reading
