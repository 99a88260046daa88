"""E-mail about a request: rendered from the app's templates, queued in the shared outbox
(`vetted.outbox`) in the caller's transaction and sent after commit."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from vetted.districts.models import Membership, Role
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
    # Subjects and bodies are plain text: rendered without HTML escaping.
    subject = render_subject(f"resource_requests/email/{template}_subject.txt", ctx)
    body = render_text(f"resource_requests/email/{template}.txt", ctx)
    return queue(req.district, kind=kind, to=to, key=key, subject=subject, body=body, about=req)


def mail_directors(req: ResourceRequest, *, why: str) -> int:
    """E-mail each technology director who may act (never the requester) that the terms wait for them.

    `why` is "terms" (the gate now applies) or "votes" (the committee's approval waits only for them);
    each is sent once per director and request (the outbox key)."""
    directors = Membership.objects.filter(
        district=req.district, role=Role.TECHNOLOGY_DIRECTOR, user__is_active=True
    ).exclude(user_id=req.requester_id)
    sent = 0
    for membership in directors.select_related("user").order_by("user__email"):
        director = membership.user
        if queue_mail(req, kind="terms_waiting", to=director.email, key=f"treq-{req.pk}-{why}-{director.pk}",
                      template="terms_waiting", context={"director": director, "why": why}):  # fmt: skip
            sent += 1
    return sent
