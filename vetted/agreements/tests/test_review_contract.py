"""The `review_contract` command and the review API on real files made here."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vetted.rules import PROVISION_IDS

pytestmark = pytest.mark.django_db

AGREEMENT = """Data Privacy Agreement between Birchfield Public Schools and Fernleaf Interactive

1. Ownership. All student data provided to the Vendor remains the property of the Board and under its control.
2. Use. The Vendor shall not use student data for any purpose other than providing the services under this agreement.
3. Sale. The Vendor will not sell, rent or trade student data.
4. Breach. The Vendor shall notify the Board of any breach of security within thirty (30) days of discovery.
5. Governing law. This agreement is governed by the laws of the State of New York.
"""


def _pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    y = 740
    for line in text.splitlines():
        pdf.drawString(40, y, line[:110])
        y -= 18
    pdf.save()
    return buffer.getvalue()


def test_command_json_for_every_provision(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "fernleaf.txt"
    path.write_text(AGREEMENT)
    call_command(
        "review_contract", str(path), "--pack", "us-ct", "--pack", "demo-ct-2017", "--format", "json"
    )
    result = json.loads(capsys.readouterr().out)
    assert result["document"]["name"] == "fernleaf.txt" and len(result["document"]["sha256"]) == 64
    assert [p["id"] for p in result["provisions"]] == list(PROVISION_IDS)
    by_id = {p["id"]: p for p in result["provisions"]}
    assert by_id["ownership"]["status"] == "satisfied"
    assert by_id["breach_notification"]["param"] == 720
    # The demo policy asks for 48 hours: thirty days is present but not enough.
    assert by_id["breach_notification"]["status"] == "insufficient"
    assert "demo-ct-2017" in by_id["breach_notification"]["required_by"]
    assert by_id["governing_law"]["param"] == "NY" and by_id["governing_law"]["status"] == "insufficient"
    assert by_id["severability"]["status"] == "missing"
    for finding in result["provisions"]:
        assert set(finding) == {
            "id",
            "found",
            "confidence",
            "param",
            "placeholder",
            "note",
            "evidence",
            "status",
            "required_by",
            "reason",
        }


def test_command_uses_the_districts_stack(tmp_path: Path, capsys: Any, tenant: Any) -> None:
    path = tmp_path / "fernleaf.pdf"
    path.write_bytes(_pdf(AGREEMENT))
    call_command("review_contract", str(path), "--district", tenant.district.slug, "--format", "text")
    out = capsys.readouterr().out
    assert "Packs: us-ct" in out
    assert "governing law" in out.lower()


def test_command_refuses_a_bad_document_and_a_bad_pack(tmp_path: Path, capsys: Any) -> None:
    fake = tmp_path / "agreement.pdf"
    fake.write_bytes(b"PK\x03\x04 this is a zip, not a PDF")
    with pytest.raises(CommandError, match="could not be read"):
        call_command("review_contract", str(fake), "--pack", "us-ct")
    assert "refused" in capsys.readouterr().err
    good = tmp_path / "ok.txt"
    good.write_text(AGREEMENT)
    with pytest.raises(CommandError, match="no rule pack named 'us-zz'"):
        call_command("review_contract", str(good), "--pack", "us-zz")
    with pytest.raises(CommandError, match="No district"):
        call_command("review_contract", str(good), "--district", "nowhere")


def test_api_queues_an_upload_and_the_worker_reads_it(api_as: Any, tenant: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from vetted.documents import storage
    from vetted.documents.models import ReadJob
    from vetted.documents.tasks import run_read_jobs

    api = api_as(tenant.user("reviewer"))
    upload = SimpleUploadedFile("fernleaf.pdf", _pdf(AGREEMENT), content_type="application/pdf")
    response = api.post(f"/api/v1/districts/{tenant.district.slug}/contract-reviews/", {"file": upload})
    assert response.status_code == 202, response.content
    queued = response.json()
    assert queued["status"] == "queued"
    assert queued["url"] == f"/api/v1/districts/{tenant.district.slug}/contract-reviews/{queued['id']}/"
    assert api.get(queued["url"]).json()["result"] is None  # nothing was read in the web process
    stored = ReadJob.objects.get().stored_path
    assert storage.path_of(stored).is_file()
    assert run_read_jobs(timezone.now()) == 1
    body = api.get(queued["url"]).json()
    assert body["status"] == "done", body
    result = body["result"]
    assert result["packs"][0] == "us-ct" and result["document"]["pages"] == 1
    assert next(p for p in result["provisions"] if p["id"] == "no_sale")["found"] is True
    assert not storage.path_of(stored).exists()  # an ad-hoc review keeps its findings, not the file


def test_api_refuses_what_it_cannot_read(api_as: Any, tenant: Any, other_tenant: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from vetted.documents.models import ReadJob
    from vetted.documents.tasks import run_read_jobs

    url = f"/api/v1/districts/{tenant.district.slug}/contract-reviews/"
    api = api_as(tenant.user("admin"))
    fake = SimpleUploadedFile("terms.docx", b"%PDF-1.7 not really", content_type="application/octet-stream")
    response = api.post(url, {"file": fake})
    assert response.status_code == 400 and response.json()["code"] == "type_mismatch"
    assert api.post(url, {}).status_code == 400
    bad_pack = api.post(url, {"file": SimpleUploadedFile("a.txt", AGREEMENT.encode()), "pack": ["nope"]})
    assert bad_pack.status_code == 400 and "'nope'" in bad_pack.json()["pack"][0]
    assert not ReadJob.objects.exists()
    # A truncated PDF passes the cheap checks; the worker's child refuses it, with the reason.
    truncated = api.post(url, {"file": SimpleUploadedFile("t.pdf", b"%PDF-1.4\n1 0 obj\n<<")})
    assert truncated.status_code == 202
    run_read_jobs(timezone.now())
    failed = api.get(truncated.json()["url"]).json()
    assert failed["status"] == "failed" and failed["error_code"] in ("corrupt", "truncated")
    assert failed["error_message"] and failed["result"] is None
    staff = api_as(tenant.user("staff"))
    assert staff.post(url, {"file": SimpleUploadedFile("a.txt", b"x")}).status_code == 403
    assert staff.get(truncated.json()["url"]).status_code == 403
    outsider = api_as(other_tenant.user("admin"))
    assert outsider.post(url, {"file": SimpleUploadedFile("a.txt", b"x")}).status_code == 404
    assert outsider.get(truncated.json()["url"]).status_code == 404
    their_url = f"/api/v1/districts/{other_tenant.district.slug}/contract-reviews/{truncated.json()['id']}/"
    assert outsider.get(their_url).status_code == 404  # our job id under their district: not theirs
    assert api_as(None).post(url, {"file": SimpleUploadedFile("a.txt", b"x")}).status_code == 401


def test_attack_pack_path_traversal_is_refused(api_as: Any, tenant: Any, tmp_path: Any) -> None:
    """Attack 6: `pack` was joined into a file path, so ../../ loaded any YAML file and echoed it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vetted.documents.models import ReadJob
    from vetted.rules import PackError, load_stack
    from vetted.rules.loader import PACKS_DIR

    secret = PACKS_DIR.parent / "provisions"  # provisions.yaml: a real YAML file beside the packs
    url = f"/api/v1/districts/{tenant.district.slug}/contract-reviews/"
    api = api_as(tenant.user("admin"))
    for pack in ("../provisions", "../../rules/provisions", str(secret), "../packs/us-ct"):
        upload = SimpleUploadedFile("a.txt", AGREEMENT.encode())
        response = api.post(url, {"file": upload, "pack": [pack]})
        assert response.status_code == 400, (pack, response.content)
        assert response.json()["pack"][0].startswith(f"No rule pack named {pack!r}")
        with pytest.raises(PackError):
            load_stack([pack])  # refused at the root too, not only by the API
    assert not ReadJob.objects.exists()


def test_the_console_command_reviews_without_setting_django_up(tmp_path: Path) -> None:
    """`vetted review_contract FILE` (no --district) runs before django.setup(): no app registry, no
    database, no system checks. The child prints the JSON, then whether the registry was loaded."""
    import os
    import subprocess
    import sys

    path = tmp_path / "fernleaf.txt"
    path.write_text(AGREEMENT)
    script = (
        "import sys\n"
        "from vetted.manage import main\n"
        f"sys.argv = ['vetted', 'review_contract', {str(path)!r}, '--format', 'json']\n"
        "main()\n"
        "from django.apps import apps\n"
        "print('REGISTRY', apps.ready)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vetted.testing_settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    out, _, registry = done.stdout.rpartition("REGISTRY ")
    assert registry.strip() == "False"
    result = json.loads(out)
    assert result["document"]["name"] == "fernleaf.txt"
    assert {p["id"]: p for p in result["provisions"]}["breach_notification"]["param"] == 720
