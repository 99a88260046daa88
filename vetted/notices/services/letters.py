"""Printed letters (issue 11, item 5): families nobody can e-mail get a letter, sent home in the
student's backpack. One letter is one HTML page laid out by WeasyPrint, in the family's language, with
a reply slip for a permission request; all of a notice's letters are one PDF for the office.

Memory stays bounded however many letters: the recipients are read CHUNK at a time (by primary key),
each chunk is one WeasyPrint document written to a temporary file (which also spreads WeasyPrint's
per-document cost over many letters), and the chunk files are joined into the stored file by
`vetted.notices.pdfjoin`, which streams. A notice of up to INLINE_MAX letters is printed while the
admin waits; a larger one by the worker (`run_letter_jobs`, claimed by compare-and-swap).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from vetted.audit.services import record
from vetted.documents import storage

from .. import links, pdfjoin, wording
from ..models import (
    Channel,
    LetterFile,
    LetterFileStatus,
    Notice,
    NoticeKind,
    NoticeStatus,
    NoticeText,
    Recipient,
    RecipientStudent,
)
from .send import public_url

log = logging.getLogger(__name__)

AREA = "letters"
CHUNK = 100  # letters per WeasyPrint document
INLINE_MAX = 20  # up to this many letters are printed during the request
STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "notices" / "letters" / "letters.css"
STALE = dt.timedelta(minutes=30)  # a job "printing" this long was left by a worker that stopped


def letter_recipients(notice: Notice) -> Any:
    return Recipient.objects.filter(notice=notice, channel=Channel.LETTER)


def letter_counts(notice: Notice) -> dict[str, int]:
    """Letters per language code."""
    rows = letter_recipients(notice).values("language").annotate(n=Count("pk")).order_by("language")
    return {row["language"]: row["n"] for row in rows}


# --- what one letter says ----------------------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    heading: str
    cut: str
    student: str
    answer: str
    yes: str
    no: str
    your_name: str
    relationship: str
    signature: str
    date: str
    back: str


@dataclass(frozen=True)
class Letter:
    language: str
    to_family: str
    date: str
    subject: str
    paragraphs: list[list[str]]  # paragraphs of lines
    slip: Slip | None


def _paragraphs(body: str) -> list[list[str]]:
    blocks = [block.strip("\n") for block in body.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


class _Wording:
    """The notice's exact texts, compiled once per language."""

    def __init__(self, notice: Notice) -> None:
        self.notice = notice
        self.texts = {t.language: t for t in NoticeText.objects.filter(notice=notice)}
        self.compiled: dict[str, tuple[wording.Compiled, wording.Compiled]] = {}
        sent = notice.sent_at or timezone.now()
        self.day = timezone.localdate(sent, notice.district.tz)  # the district's calendar day
        self.shared_link = public_url(notice)
        self.answer_url = links.answer_url_maker(notice.district.slug)  # resolved once, signed per letter
        self.asks = notice.kind == NoticeKind.PERMISSION_REQUEST
        self.resource = notice.resource.name if notice.resource is not None else notice.title

    def text(self, code: str) -> tuple[str, wording.Compiled, wording.Compiled]:
        if code not in self.texts:
            code = (
                wording.DEFAULT_LANGUAGE if wording.DEFAULT_LANGUAGE in self.texts else next(iter(self.texts))
            )
        if code not in self.compiled:
            text = self.texts[code]
            self.compiled[code] = (wording.compile_text(text.subject), wording.compile_text(text.body))
        return (code, *self.compiled[code])

    def letter(self, recipient: Recipient, first_names: list[str]) -> Letter:
        code, subject, body = self.text(recipient.language)
        lang = wording.language(code)
        link = self.answer_url(recipient.pk, recipient.token_nonce) if self.asks else self.shared_link
        per = {"students": lang.join(first_names), "link": link}
        slip = None
        if self.asks:
            slip = Slip(
                heading=lang.label("letter_slip_heading", resource=self.resource),
                cut=lang.label("letter_slip_cut"),
                student=lang.label("letter_slip_student", student=recipient.name),
                answer=lang.label("letter_slip_answer"), yes=lang.label("consent"), no=lang.label("decline"),
                your_name=lang.label("your_name"), relationship=lang.label("relationship"),
                signature=lang.label("letter_slip_signature"), date=lang.label("letter_slip_date"),
                back=lang.label("letter_slip_return"),
            )  # fmt: skip
        return Letter(
            language=code,
            to_family=lang.label("letter_to_family", student=recipient.name),
            date=lang.label("letter_date", date=lang.date(self.day)),
            subject=wording.render(subject, per),
            paragraphs=_paragraphs(wording.render(body, per)),
            slip=slip,
        )


def _chunks(notice: Notice, size: int) -> Iterator[list[tuple[Recipient, list[str]]]]:
    """The notice's letter recipients with their students' first names, `size` at a time, by pk."""
    after = 0
    while True:
        batch = list(letter_recipients(notice).filter(pk__gt=after).order_by("pk")[:size])
        if not batch:
            return
        names: dict[int, list[str]] = {r.pk: [] for r in batch}
        rows = (
            RecipientStudent.objects.filter(recipient__in=batch)
            .order_by("recipient_id", "student__given_name", "student_id")
            .values_list("recipient_id", "student__preferred_given_name", "student__given_name")
        )
        for rid, preferred, given in rows:
            names[rid].append(preferred or given)
        yield [(r, names[r.pk]) for r in batch]
        after = batch[-1].pk


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"letters load nothing from outside ({url[:40]})")


def page_size() -> str:
    """ "letter" (US) or "A4", from settings.VETTED_LETTER_PAGE_SIZE."""
    size = str(getattr(settings, "VETTED_LETTER_PAGE_SIZE", "letter")).strip().lower()
    return "A4" if size == "a4" else "letter"


def render_chunk(notice: Notice, letters: list[Letter], target: Path) -> int:
    """One WeasyPrint document of `letters`, written to `target`; its page count."""
    import weasyprint  # noqa: PLC0415 — pango loads only where letters are printed

    district = notice.district
    html = render_to_string(
        "notices/letters/letters.html",
        {"district": district, "letters": letters, "page_size": page_size(), "notice": notice},
    )
    styles = [
        weasyprint.CSS(filename=str(STYLESHEET)),
        weasyprint.CSS(string=f"@page {{ size: {page_size()}; }}"),
    ]
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch).render(stylesheets=styles)
    document.write_pdf(target, pdf_version="1.4")  # classic xref: what pdfjoin copies
    return len(document.pages)


@dataclass(frozen=True)
class Printed:
    stored: storage.StoredFile
    letters: int
    pages: int


def print_letters(notice: Notice, *, chunk: int = CHUNK) -> Printed:
    """All of the notice's letters as one stored PDF (area "letters")."""
    words = _Wording(notice)
    letters = pages = 0
    with tempfile.TemporaryDirectory(prefix="vetted-letters-") as folder:
        paths: list[Path] = []
        for batch in _chunks(notice, chunk):
            target = Path(folder) / f"{len(paths):06d}.pdf"
            pages += render_chunk(notice, [words.letter(r, names) for r, names in batch], target)
            letters += len(batch)
            paths.append(target)
        if not paths:
            raise ValidationError({"letters": "This notice has no printed letters."})
        stored = storage.store_stream(AREA, pdfjoin.join(paths), suffix="pdf")
    return Printed(stored, letters, pages)


# --- the verbs -----------------------------------------------------------------------------------


@transaction.atomic
def request_letters(notice: Notice, *, actor: Any) -> LetterFile:
    """Ask for the notice's letters to be (re)printed; audited. Refused for a draft, a notice with no
    letters, and while they are being printed."""
    notice = Notice.objects.select_for_update().select_related("district").get(pk=notice.pk)
    if notice.status != NoticeStatus.SENT:
        raise ValidationError({"letters": "Letters are printed once the notice is sent."})
    count = letter_recipients(notice).count()
    if count == 0:
        raise ValidationError({"letters": "This notice has no printed letters: every family gets e-mail."})
    now = timezone.now()
    job = LetterFile.objects.filter(notice=notice).first()
    if job is not None and job.status == LetterFileStatus.QUEUED:
        raise ValidationError({"letters": "The letters are already waiting to be printed."})
    if (
        job is not None
        and job.status == LetterFileStatus.RUNNING
        and job.started_at
        and now - job.started_at < STALE
    ):
        raise ValidationError({"letters": "The letters are being printed now."})
    if job is None:
        job = LetterFile(district=notice.district, notice=notice, requested_at=now)
    job.status, job.requested_by, job.requested_at, job.problem = LetterFileStatus.QUEUED, actor, now, ""
    job.save()
    record(
        notice.district, "notice.letters_requested", actor=actor, subject=notice, details={"letters": count}
    )
    return job


def build(job_id: int) -> bool:
    """Claim a queued job (compare-and-swap on its status) and print it. False if another worker has
    it or it failed (the job then says why)."""
    now = timezone.now()
    claimed = LetterFile.objects.filter(pk=job_id, status=LetterFileStatus.QUEUED).update(
        status=LetterFileStatus.RUNNING, started_at=now
    )
    if not claimed:
        return False
    job = LetterFile.objects.select_related("notice__district", "notice__resource", "requested_by").get(
        pk=job_id
    )
    notice = job.notice
    # This run's row: a run superseded by a new request (after STALE) must not write over it.
    mine = LetterFile.objects.filter(pk=job.pk, status=LetterFileStatus.RUNNING, started_at=now)
    try:
        printed = print_letters(notice)
    except Exception as exc:
        log.exception("printing the letters of notice %s failed", notice.pk)
        problem = (
            "; ".join(exc.messages) if isinstance(exc, ValidationError) else "Printing stopped unexpectedly."
        )
        mine.update(status=LetterFileStatus.FAILED, finished_at=timezone.now(), problem=problem[:300])
        return False
    with transaction.atomic():
        current = mine.select_for_update().first()
        if current is None:  # superseded: keep the newer run's file, drop this one
            transaction.on_commit(lambda: storage.delete(printed.stored.relative_path))
            return False
        old = current.stored_path
        mine.update(
            status=LetterFileStatus.DONE, stored_path=printed.stored.relative_path, sha256=printed.stored.sha256,
            size=printed.stored.size, letters=printed.letters, pages=printed.pages, finished_at=timezone.now(),
        )  # fmt: skip
        record(notice.district, "notice.letters_printed", actor=job.requested_by, subject=notice,
               details={"letters": printed.letters, "pages": printed.pages, "sha256": printed.stored.sha256})  # fmt: skip
        transaction.on_commit(lambda: storage.delete(old))
    return True


def generate_letters(notice: Notice, *, actor: Any) -> LetterFile:
    """The staff page's button: queue the letters, and print them at once when there are few."""
    job = request_letters(notice, actor=actor)
    if letter_recipients(notice).count() <= INLINE_MAX:
        build(job.pk)
        job.refresh_from_db()
    return job


def run_letter_jobs(now: Any = None) -> int:
    """The worker's job (settings.VETTED_WORKER_JOBS): print the oldest queued letters."""
    candidate = (
        LetterFile.objects.filter(status=LetterFileStatus.QUEUED).order_by("requested_at", "pk").first()
    )
    if candidate is None:
        return 0
    return 1 if build(candidate.pk) else 0
