"""E-mail about a request: rendered from the app's templates, queued in the shared outbox
(`vetted.outbox`) in the caller's transaction and sent after commit."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from vetted.kit.text import render_subject, render_text
from vetted.outbox.models import Message
from vetted.outbox.services import queue

from ..models import ResourceRequest


def request_link(req: ResourceRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("request-detail", args=[req.district.slug, req.pk])


def queue_mail(
    req: ResourceRequest, *, kind: str, to: str, key: str, template: str, context: dict[str, object]
) -> Message | None:
    """Store the message (once per key) and send it when the transaction commits."""
    if not to:
        return None
    ctx = {"req": req, "district": req.district, "link": request_link(req), **context}
    subject = render_subject(f"resource_requests/email/{template}_subject.txt", ctx)  # plain text: no escaping
    body = render_text(f"resource_requests/email/{template}.txt", ctx)
    return queue(req.district, kind=kind, to=to, key=key, subject=subject, body=body, about=req)
