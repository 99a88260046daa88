"""A vendor answers its task through its secure link: no account. A guessed or altered token, or a
revoked link: 404 with a page saying so. A genuine link past its time: 410. A link already used: 410
("already answered"). Never a 500 from what a visitor sends."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from vetted.kit.forms import add_service_errors

from .forms import VendorAnswerForm
from .models import RequestTask, TaskStatus
from .services import answering, vendor_links
from .services.vendor_links import LinkState


def _refused(request: HttpRequest, why: str, task: RequestTask | None, status: int) -> HttpResponse:
    return render(request, "rights/requests/vendor_refused.html",
                  {"why": why, "district": task.district if task else None, "task": task}, status=status)  # fmt: skip


@never_cache
def task(request: HttpRequest, token: str) -> HttpResponse:
    state, row = vendor_links.read_token(token)
    if row is None:
        return _refused(request, "expired" if state == LinkState.EXPIRED else "invalid", None,
                        410 if state == LinkState.EXPIRED else 404)  # fmt: skip
    if row.status == TaskStatus.ANSWERED:
        return _refused(request, "used", row, 410)
    if row.status == TaskStatus.CANCELLED:
        return _refused(request, "invalid", None, 404)
    if state == LinkState.EXPIRED:
        return _refused(request, "expired", row, 410)
    req = row.request
    district = req.district
    context: dict[str, Any] = {"district": district, "task": row, "req": req, "zone": district.time_zone,
                               "resources": list(row.resources.order_by("name"))}  # fmt: skip
    if request.method == "POST":
        form = VendorAnswerForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                answering.answer(row, outcome=d["outcome"], statement=d["statement"], reason=d["reason"],
                                 upload=d.get("file"))  # fmt: skip
                return render(request, "rights/requests/vendor_done.html", context)
            except answering.AlreadyAnswered:
                return _refused(request, "used", row, 410)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return render(request, "rights/requests/vendor_task.html", {**context, "form": form}, status=400)
    return render(request, "rights/requests/vendor_task.html", {**context, "form": VendorAnswerForm()})
