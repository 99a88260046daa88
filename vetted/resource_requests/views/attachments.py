"""Vendor documents on a request: upload (checked and stored; the worker reads it for red flags)
and download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.districts.permissions import can

from ..forms import FlagAnswerForm
from ..models import AttachmentKind, AttachmentStatus, RequestAttachment, ResourceRequest
from ..services import NotAllowed
from ..services.attachments import CLOSED, add_attachment, answer_red_flag, open_attachment
from .common import get_request, render_detail


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="What is it?", choices=AttachmentKind.choices)
    file = forms.FileField(
        label="Document", help_text="PDF, Word (.docx), a saved web page (.html), Markdown or plain text."
    )


def may_attach(user: Any, req: ResourceRequest) -> bool:
    """The requester and the committee (policies.py) may add the vendor's documents while it is open."""
    return req.state not in CLOSED and can(user, "resource_request.attach", req)


@login_required
@require_POST
def upload(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    district, req = get_request(request, district_slug, pk)
    if not may_attach(request.user, req):
        raise Http404("No such request.") if req.state not in CLOSED else Http404("This request is closed.")
    form = AttachmentForm(request.POST, request.FILES, auto_id="attach_%s")
    if form.is_valid():
        try:
            attachment = add_attachment(
                req, form.cleaned_data["file"], actor=request.user, kind=form.cleaned_data["kind"]
            )
            messages.success(
                request,
                f"“{attachment.original_name}” was attached and is being read; "
                "its red flags show here in a minute or two.",
            )
            return redirect("request-detail", district.slug, req.pk)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
    return render_detail(request, req, bound={"attach": form}, status=400)


@login_required
def download(request: HttpRequest, district_slug: str, pk: int, attachment_id: int) -> FileResponse:
    _, req = get_request(request, district_slug, pk)
    attachment = get_object_or_404(RequestAttachment, pk=attachment_id, request=req)
    if attachment.status == AttachmentStatus.REFUSED:
        raise Http404("This document was refused; its file was not kept.")
    response = FileResponse(
        open_attachment(attachment), as_attachment=True, filename=attachment.original_name
    )
    response["Content-Type"] = "application/octet-stream"  # never rendered inline: the file is untrusted
    record_read(req.district, "resource_request.document_downloaded", actor=request.user, subject=req,
                details={"attachment": attachment.pk, "name": attachment.original_name})  # fmt: skip
    return response


@login_required
@require_POST
def answer_flag(
    request: HttpRequest, district_slug: str, pk: int, attachment_id: int, provision_id: str
) -> HttpResponse:
    """A committee member answers one red flag of an attached document (the policy gate needs it)."""
    district, req = get_request(request, district_slug, pk)
    attachment = get_object_or_404(RequestAttachment, pk=attachment_id, request=req)
    if not can(request.user, "resource_request.answer_flags", req):
        raise PermissionDenied("You may not answer the red flags of this request.")
    form = FlagAnswerForm(request.POST, auto_id=f"flag_{attachment.pk}_{provision_id}_%s")
    if form.is_valid():
        try:
            answer_red_flag(
                req, attachment, provision_id, actor=request.user, answer=form.cleaned_data["answer"]
            )
            messages.success(request, "Your answer to the red flag is saved.")
            return redirect("request-detail", district.slug, req.pk)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error("answer", error)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
    messages.error(
        request, "The answer was not saved: " + " ".join(str(e) for e in form.errors.get("answer", []))
    )
    return render_detail(
        request, req, bound={"flag": form}, flag_key=(attachment.pk, provision_id), status=400
    )
