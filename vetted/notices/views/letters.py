"""The printed letters of a notice (/manage/<d>/notices/<id>/letters/): how many, in which languages,
(re)printing them, and the office's one PDF. Admins only; everyone else, in or out of the district,
gets 404 (the letters name students). Downloading the PDF is an audited read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.districts.access import public_district
from vetted.districts.permissions import can, role_in
from vetted.documents import storage

from .. import wording
from ..models import LetterFile, LetterFileStatus, Notice, NoticeStatus
from ..services import letters as service

ACTION = "notice.letters"


def _notice(user: Any, district_slug: str, notice_id: int) -> Notice:
    district = public_district(district_slug)
    if role_in(user, district) is None or not can(user, ACTION, district):
        raise Http404("Not found.")
    notice = (
        Notice.objects.select_related("district", "resource").filter(pk=notice_id, district=district).first()
    )
    if notice is None or not can(user, ACTION, notice):
        raise Http404("Not found.")
    return notice


@login_required
def letters_page(request: HttpRequest, district_slug: str, notice_id: int) -> HttpResponse:
    notice = _notice(request.user, district_slug, notice_id)
    counts = service.letter_counts(notice)
    languages = [(wording.language(code).name, n) for code, n in counts.items()]
    job = LetterFile.objects.filter(notice=notice).first()
    live = job is not None and job.status in (LetterFileStatus.QUEUED, LetterFileStatus.RUNNING)
    context = {
        "district": notice.district, "notice": notice, "total": sum(counts.values()), "languages": languages,
        "job": job, "live": live, "sent": notice.status == NoticeStatus.SENT,
        "inline_max": service.INLINE_MAX,
    }  # fmt: skip
    return render(request, "notices/letters/page.html", context)


@login_required
@require_POST
def letters_generate(request: HttpRequest, district_slug: str, notice_id: int) -> HttpResponse:
    notice = _notice(request.user, district_slug, notice_id)
    try:
        job = service.generate_letters(notice, actor=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("notice-letters", notice.district.slug, notice.pk)
    if job.status == LetterFileStatus.DONE:
        messages.success(request, f"The letters are ready: {job.letters} letters, {job.pages} pages.")
    elif job.status == LetterFileStatus.FAILED:
        messages.error(request, f"The letters could not be printed: {job.problem}")
    else:
        messages.success(request, "The letters are queued; the worker prints them in a few minutes.")
    return redirect("notice-letters", notice.district.slug, notice.pk)


@login_required
def letters_download(request: HttpRequest, district_slug: str, notice_id: int) -> HttpResponseBase:
    notice = _notice(request.user, district_slug, notice_id)
    job = LetterFile.objects.filter(notice=notice).exclude(stored_path="").first()
    if job is None:
        raise Http404("These letters have not been printed yet.")
    try:
        handle = storage.open_stored(job.stored_path)
    except (OSError, ValueError) as exc:
        raise Http404("The letters file is missing; print them again.") from exc
    record_read(notice.district, "notice.letters_downloaded", actor=request.user, subject=notice,
                details={"letters": job.letters, "pages": job.pages, "sha256": job.sha256})  # fmt: skip
    return FileResponse(handle, as_attachment=True, filename=f"notice-{notice.pk}-letters.pdf",
                        content_type="application/pdf")  # fmt: skip
