"""Printed letters (issue 11, item 5): a real PDF per notice, read back with PDFium; one letter per
family in its language, a reply slip for a permission request, the date in the district's zone; the
chunk files joined into one; the worker; a notice without letters; the audited download."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.documents import storage
from vetted.notices import links, pdfjoin
from vetted.notices.models import LetterFile, Notice, Recipient
from vetted.notices.services import letters
from vetted.notices.services.send import send_notice
from vetted.rosters.models import Person

pytestmark = pytest.mark.django_db


def _notice(district: Any, **fields: Any) -> Notice:
    fields.setdefault("title", "Quillstone Reader")
    fields.setdefault("description", "An online reading program.")
    fields.setdefault("purpose", "Daily reading practice in class.")
    return Notice.objects.create(district=district, **fields)


def _no_email(*given_names: str) -> None:
    Person.objects.filter(given_name__in=given_names).update(email="")


def _pages(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _by_letter(pages: list[str]) -> list[list[str]]:
    """Pages grouped per letter: a letter starts on the page that greets its family."""
    grouped: list[list[str]] = []
    for text in pages:
        if "To the family of" in text or "Para la familia de" in text:
            grouped.append([])
        assert grouped, "the first page greets a family"
        grouped[-1].append(text)
    return grouped


def _flat(text: str) -> str:
    """The text without line breaks; PDFium reports a hyphen that ends a line as U+FFFE."""
    return re.sub(r"\s+", "", text).replace("\ufffe", "-")


@pytest.fixture
def permission_letters(roster: Any, needs_permission: Any) -> Notice:
    """Anya (Spanish; Ruth's and her own address removed) and Cleo (nobody has an address) get
    letters; Ben's family gets e-mail."""
    _no_email("Ruth", "Anya")
    notice = _notice(roster.district, kind="permission_request", resource=needs_permission)
    return send_notice(notice, actor=roster.user("admin"))


def test_each_family_gets_its_own_letter_in_its_language_with_a_reply_slip(
    roster: Any, permission_letters: Notice
) -> None:
    notice = permission_letters
    assert letters.letter_counts(notice) == {"en": 1, "es": 1}
    job = letters.generate_letters(notice, actor=roster.user("admin"))
    assert job.status == "done" and job.letters == 2
    pages = _pages(storage.path_of(job.stored_path))
    assert len(pages) == job.pages >= 2
    grouped = _by_letter(pages)
    assert len(grouped) == 2
    recipients = {r.name: r for r in Recipient.objects.filter(notice=notice, channel="letter")}
    for letter in grouped:
        text = "\n".join(letter)
        # The names are checked beside the family's link, not in it (its random token is any letters).
        unlinked = re.sub(r"/notices/answer/[^/]+/", "/notices/answer/TOKEN/", _flat(text))
        if "Para la familia de Anya Rourke" in text:
            assert "Por favor responda" in text and "Talón de respuesta" in text
            assert (
                "Sí, doy permiso" in text
                and "No, no doy permiso" in text
                and "Estudiante: Anya Rourke" in text
            )
            assert "Devuelva este talón a la escuela" in text and "Firma" in text
            assert "Anya" in unlinked and all(n not in unlinked for n in ("Cleo", "Varga", "Ben", "Okafor"))
            own = recipients["Anya Rourke"]
        else:
            assert "To the family of Cleo Varga" in text and "Please answer: may Cleo use" in _flat_words(
                text
            )
            assert "Reply slip" in text and "Yes, I give permission" in text and "Student: Cleo Varga" in text
            assert "Please return this slip to your child's school" in _flat_words(text)
            assert "Cleo" in unlinked and all(n not in unlinked for n in ("Anya", "Rourke", "Ben", "Okafor"))
            own = recipients["Cleo Varga"]
        # The family's own answer link, whole (the printed URL wraps across lines) and valid.
        others = [r for r in recipients.values() if r.pk != own.pk]
        assert f"/notices/answer/{own.pk}.{own.token_nonce}:" in _flat(text)
        assert all(other.token_nonce not in _flat(text) for other in others)
        token = re.search(r"/notices/answer/([^/]+)/", _flat(text))
        assert token is not None
        state, found = links.read_token(roster.district.slug, token.group(1))
        assert state is links.LinkState.OK and found is not None and found.pk == own.pk
    assert roster.district.name in pages[0] and "privacy@birchfield.example" in pages[0]
    assert (
        AuditEvent.objects.filter(event_type="notice.letters_printed", district=roster.district).count() == 1
    )


def _flat_words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_a_contract_letter_has_no_slip_and_the_date_of_the_district(
    roster: Any, executed_agreement: Any
) -> None:
    notice = _notice(roster.district, kind="contract_executed", agreement=executed_agreement)
    send_notice(notice, actor=roster.user("admin"))
    # 03:00 UTC on December 1st is still November 30th in the district (America/New_York).
    Notice.objects.filter(pk=notice.pk).update(sent_at=dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC))
    notice.refresh_from_db()
    job = letters.generate_letters(notice, actor=roster.user("admin"))
    pages = _pages(storage.path_of(job.stored_path))
    assert job.letters == 1 and len(pages) == job.pages == 1
    text = _flat_words(pages[0])
    assert "Date: November 30, 2026" in text and "To the family of Cleo Varga" in text
    assert "Reply slip" not in text and "Yes, I give permission" not in text
    assert f"/d/{roster.district.slug}/notices/{notice.pk}/" in _flat(pages[0])


def test_chunks_are_joined_into_one_valid_file(roster: Any, permission_letters: Notice) -> None:
    one_by_one = letters.print_letters(permission_letters, chunk=1)  # two WeasyPrint documents, joined
    path = storage.path_of(one_by_one.stored.relative_path)
    pages = _pages(path)
    assert one_by_one.letters == 2 and len(pages) == one_by_one.pages
    assert len(_by_letter(pages)) == 2
    # The joined file's own cross-reference table is exact: every entry points at its object (PDFium
    # would silently repair a wrong one, so it is checked here byte for byte).
    data = path.read_bytes()
    xref_at = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))  # type: ignore[union-attr]
    header = re.match(rb"xref\n0 (\d+)\n", data[xref_at:])
    assert header is not None
    entries = data[xref_at + header.end() : xref_at + header.end() + 20 * int(header.group(1))]
    in_use = 0
    for number in range(int(header.group(1))):
        offset, _, kind = entries[number * 20 : number * 20 + 18].split(b" ")
        if kind == b"n":
            in_use += 1
            assert data[int(offset) :].startswith(b"%d 0 obj" % number), number
    assert in_use > 20
    assert hashlib_of(path) == one_by_one.stored.sha256


def hashlib_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_references_are_renumbered_outside_strings_only() -> None:
    value = b"<</Kids [1 0 R 12 0 R]/T (see 3 0 R \\) 4 0 R)/H <0102>/N /Name5 0 R/W [1.5 0 R]/P 7 0 R>>"
    assert pdfjoin._renumber(value, 10) == (
        b"<</Kids [11 0 R 22 0 R]/T (see 3 0 R \\) 4 0 R)/H <0102>/N /Name5 0 R/W [1.5 0 R]/P 17 0 R>>"
    )


def test_a_run_overtaken_by_a_new_request_does_not_overwrite_it(
    roster: Any, permission_letters: Notice, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A worker that stopped answering for STALE minutes is asked again; if the first run finishes after
    all, its file is dropped and the newer request stands."""
    monkeypatch.setattr(letters, "INLINE_MAX", 0)
    job = letters.generate_letters(permission_letters, actor=roster.user("admin"))
    real = letters.print_letters

    def overtaken(notice: Notice, **kwargs: Any) -> letters.Printed:
        printed = real(notice, **kwargs)
        LetterFile.objects.filter(pk=job.pk).update(status="queued", started_at=None)  # asked again meanwhile
        return printed

    monkeypatch.setattr(letters, "print_letters", overtaken)
    with django_capture_on_commit_callbacks(execute=True):
        assert letters.run_letter_jobs(timezone.now()) == 0
    job.refresh_from_db()
    assert job.status == "queued" and job.stored_path == ""
    assert not list(storage.root("letters").glob("*.pdf"))  # the overtaken run's file is gone


def test_a_failed_print_says_so_and_leaves_no_file(
    roster: Any, permission_letters: Notice, monkeypatch: Any, client_as: Any
) -> None:
    def broken(paths: Any) -> Any:
        yield b"%PDF-1.4\n"
        raise pdfjoin.PdfJoinError("an xref stream")

    monkeypatch.setattr(letters.pdfjoin, "join", broken)
    admin = client_as(roster.user("admin"))
    base = f"/manage/{roster.district.slug}/notices/{permission_letters.pk}/letters/"
    page = admin.post(base + "print/", follow=True).content.decode()
    job = LetterFile.objects.get()
    assert job.status == "failed" and job.stored_path == "" and "Printing stopped unexpectedly." in page
    assert not list(storage.root("letters").glob("*"))  # the half-written file was removed
    assert admin.get(base + "download/").status_code == 404
    assert not AuditEvent.objects.filter(event_type="notice.letters_printed").exists()


def test_a_file_with_a_cross_reference_stream_is_refused(tmp_path: Path) -> None:
    import weasyprint

    target = tmp_path / "modern.pdf"
    weasyprint.HTML(string="<p>x</p>").write_pdf(target)  # PDF 1.7: object and xref streams
    with pytest.raises(pdfjoin.PdfJoinError):
        list(pdfjoin.join([target]))


def test_a_large_notice_is_printed_by_the_worker_once(
    roster: Any, permission_letters: Notice, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(letters, "INLINE_MAX", 1)
    job = letters.generate_letters(permission_letters, actor=roster.user("admin"))
    assert job.status == "queued" and not job.stored_path
    with pytest.raises(ValidationError):  # asked twice while waiting
        letters.generate_letters(permission_letters, actor=roster.user("admin"))
    assert letters.run_letter_jobs(timezone.now()) == 1
    assert letters.run_letter_jobs(timezone.now()) == 0
    job.refresh_from_db()
    assert (
        job.status == "done"
        and job.letters == 2
        and len(_pages(storage.path_of(job.stored_path))) == job.pages
    )
    # Printing again replaces the file; the old one is deleted once the new one is recorded.
    old = storage.path_of(job.stored_path)
    letters.generate_letters(permission_letters, actor=roster.user("admin"))
    with django_capture_on_commit_callbacks(execute=True):
        letters.run_letter_jobs(timezone.now())
    job.refresh_from_db()
    assert storage.path_of(job.stored_path) != old and storage.path_of(job.stored_path).exists()
    assert not old.exists()
    assert AuditEvent.objects.filter(event_type="notice.letters_requested").count() == 2


def test_a_notice_without_letters_has_nothing_to_print(
    roster: Any, needs_permission: Any, client_as: Any
) -> None:
    Person.objects.filter(given_name="Dana").update(email="dana.varga@family.example")
    notice = send_notice(_notice(roster.district, kind="permission_request", resource=needs_permission),
                         actor=roster.user("admin"))  # fmt: skip
    assert letters.letter_counts(notice) == {}
    with pytest.raises(ValidationError):
        letters.request_letters(notice, actor=roster.user("admin"))
    admin = client_as(roster.user("admin"))
    base = f"/manage/{roster.district.slug}/notices/{notice.pk}/letters/"
    assert "has no printed letters" in admin.get(base).content.decode()
    events = AuditEvent.objects.count()
    response = admin.post(base + "print/", follow=True)
    assert "has no printed letters" in response.content.decode()
    assert not LetterFile.objects.exists() and AuditEvent.objects.count() == events
    assert admin.get(base + "download/").status_code == 404


def test_a_draft_has_no_letters_yet(roster: Any, needs_permission: Any) -> None:
    notice = _notice(roster.district, kind="permission_request", resource=needs_permission)
    with pytest.raises(ValidationError):
        letters.request_letters(notice, actor=roster.user("admin"))


def test_the_admin_prints_and_downloads_and_the_download_is_recorded(
    roster: Any, permission_letters: Notice, client_as: Any
) -> None:
    admin = client_as(roster.user("admin"))
    base = f"/manage/{roster.district.slug}/notices/{permission_letters.pk}/letters/"
    page = admin.get(base).content.decode()
    assert "2</strong> letters" in page and "Español: 1" in page and "English: 1" in page
    response = admin.post(base + "print/", follow=True)
    assert "The letters are ready: 2 letters" in response.content.decode()
    before = AuditEvent.objects.filter(event_type="notice.letters_downloaded").count()
    download = admin.get(base + "download/")
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert (
        body.startswith(b"%PDF-")
        and body == storage.path_of(LetterFile.objects.get().stored_path).read_bytes()
    )
    event = AuditEvent.objects.filter(event_type="notice.letters_downloaded").latest("pk")
    assert AuditEvent.objects.filter(event_type="notice.letters_downloaded").count() == before + 1
    assert event.actor_id == roster.user("admin").pk and event.details["letters"] == 2
