"""Issue 9, item 11, from the user's side: the CSV opens cleanly in a spreadsheet (byte-order mark),
e-mail subjects are plain text, links in mail follow the site URL (which `make run` sets from its
port), staff land on their dashboard after signing in, reviewers find the review queue in the menu,
and the audit list shows each event's reason and before/after. Also the requests CSV's local times.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from vetted.audit.services import record
from vetted.districts.models import Membership, Role, User
from vetted.outbox.models import Message
from vetted.resource_requests.models import ResourceRequest
from vetted.resource_requests.tests.factories import submitted

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def _csv(response: Any) -> tuple[bytes, list[list[str]]]:
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_registry_csv_starts_with_a_byte_order_mark_so_the_en_dash_survives(
    tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    body, rows = _csv(client_as(None).get(reverse("registry-csv", args=[tenant.district.slug])))
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\xef\xbb\xbf") == 1  # once, at the start
    assert rows[0][0] == "resource"  # the mark is not glued to the first heading
    assert "3–8" in {cell for row in rows[1:] for cell in row}


def test_a_request_email_subject_is_plain_text_and_links_use_the_site_url(
    tenant: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8123"
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(tenant, resource_name="Imani's Own Quiz Tool", vendor_name="Smith & Daughters <Quiz>")
    message = Message.objects.filter(subject_id=str(req.pk)).exclude(subject="").first()
    assert message is not None
    sent = next(m for m in mail.outbox if m.subject == message.subject)
    assert "Imani's Own Quiz Tool" in sent.subject
    assert "&#x27;" not in sent.subject and "&amp;" not in sent.body and "&#x27;" not in sent.body
    assert "\n" not in sent.subject
    assert f"http://127.0.0.1:8123/manage/{tenant.district.slug}/resource-requests/{req.pk}/" in sent.body


def _run_site_url(env_url: str | None) -> str:
    """What `make run PORT=8123` exports as VETTED_SITE_URL, read by a probe that stops the run first."""
    env = {k: v for k, v in os.environ.items() if k != "VETTED_SITE_URL"}
    if env_url is not None:
        env["VETTED_SITE_URL"] = env_url
    probe = subprocess.run(  # noqa: S603 — fixed arguments, no shell
        ["make", "-s", "-o", ".venv/.installed", "--eval", "run: probe",  # noqa: S607 — make from PATH
         "--eval", 'probe: ; @echo "$$VETTED_SITE_URL"; exit 3', "run", "PORT=8123"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert probe.returncode != 0, "the probe must stop make before it migrates or serves"
    return probe.stdout.strip()


def test_make_run_sets_the_site_url_from_its_port_unless_already_set() -> None:
    assert _run_site_url(None) == "http://127.0.0.1:8123"
    assert _run_site_url("https://vetted.birchfield.example") == "https://vetted.birchfield.example"


def _sign_in(client: Any, email: str) -> Any:
    return client.post(reverse("login"), {"login": email, "password": "correct-horse-9"}, follow=True)


def test_staff_of_one_district_land_on_its_dashboard_after_sign_in(tenant: Any, client: Any) -> None:
    response = _sign_in(client, "reviewer@birchfield.example")
    assert response.redirect_chain[-1][0] == f"/manage/{tenant.district.slug}/"
    assert response.status_code == 200


def test_staff_of_several_districts_choose_where_to_go(tenant: Any, other_tenant: Any, client: Any) -> None:
    # A reviewer: an admin would first be sent to set up the second step (vetted.signin).
    Membership.objects.create(user=tenant.user("reviewer"), district=other_tenant.district, role=Role.STAFF)
    response = _sign_in(client, "reviewer@birchfield.example")
    assert response.redirect_chain[-1][0] == "/manage/"
    text = response.content.decode()
    assert "Birchfield Public Schools" in text and "Larchmont Regional Schools" in text
    assert f'href="/manage/{other_tenant.district.slug}/"' in text


def test_an_account_without_a_district_is_told_so(db: Any, client: Any) -> None:
    User.objects.create_user(username="loner@vetted.example", email="loner@vetted.example",
                             password="correct-horse-9", full_name="Lone Person")  # fmt: skip
    response = _sign_in(client, "loner@vetted.example")
    assert response.redirect_chain[-1][0] == "/manage/"
    assert "not a member of any district" in response.content.decode()


def test_a_sign_in_link_with_next_still_goes_there(tenant: Any, client: Any) -> None:
    target = reverse("staff-obligations", args=[tenant.district.slug])
    response = client.post(
        reverse("login") + f"?next={target}",
        {"login": "staff@birchfield.example", "password": "correct-horse-9"},
    )
    assert response["Location"] == target


@pytest.mark.parametrize(("role", "shown"), [("reviewer", True), ("technology_director", True),
                                             ("admin", True), ("staff", False), ("auditor", False)])  # fmt: skip
def test_the_review_queue_is_in_the_menu_for_those_who_review(
    role: str, shown: bool, tenant: Any, client_as: Any
) -> None:
    text = (
        client_as(tenant.user(role))
        .get(reverse("staff-resources", args=[tenant.district.slug]))
        .content.decode()
    )
    queue = reverse("request-queue", args=[tenant.district.slug])
    assert (f'<a href="{queue}">Review queue</a>' in text) is shown


def test_the_audit_list_shows_the_reason_and_before_and_after(tenant: Any, client_as: Any) -> None:
    with transaction.atomic():
        record(
            tenant.district,
            "agreement.executed",
            actor=tenant.user("admin"),
            details={
                "from": "approved",
                "to": "executed",
                "reason": "Signed by both parties at the board meeting",
            },
        )
        record(
            tenant.district,
            "agreement.check_overridden",
            actor=tenant.user("admin"),
            details={
                "provision": "breach-notice",
                "before": {"status": "missing", "note": ""},
                "after": {"status": "present", "location": "§ 7.2"},
                "reason": "Clause 7.2 covers it",
            },
        )
        record(
            tenant.district,
            "vendor.updated",
            actor=tenant.user("admin"),
            details={"changed": {"legal_name": ["Quill Co", "Quillstone Learning Inc."]}},
        )
    text = (
        client_as(tenant.user("auditor"))
        .get(reverse("audit-list", args=[tenant.district.slug]))
        .content.decode()
    )
    assert "Signed by both parties at the board meeting" in text
    assert "<del>approved</del> → <ins>executed</ins>" in text
    assert "Clause 7.2 covers it" in text and "<del>missing</del> → <ins>present</ins>" in text
    assert "Legal name: <del>Quill Co</del> → <ins>Quillstone Learning Inc.</ins>" in text
    assert "breach-notice" in text  # the remaining details are shown too


def test_the_requests_csv_has_local_times_with_the_zone(tenant: Any, client_as: Any) -> None:
    req = submitted(tenant)
    ResourceRequest.objects.filter(pk=req.pk).update(
        submitted_at=dt.datetime(2026, 12, 6, 4, 59, tzinfo=dt.UTC),
        due_at=dt.datetime(2026, 7, 1, 3, 59, tzinfo=dt.UTC),
    )
    body, rows = _csv(
        client_as(tenant.user("admin")).get(reverse("requests-all-csv", args=[tenant.district.slug]))
    )
    assert body.startswith(b"\xef\xbb\xbf")
    row = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == str(req.pk)), strict=True))
    assert row["submitted"] == "2026-12-05 23:59 EST" and row["due"] == "2026-06-30 23:59 EDT"
