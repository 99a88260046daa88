"""Reads of notices: the public postings (no personal data: titles, public words, counts of nothing)."""

from __future__ import annotations

from django.db.models import QuerySet

from vetted.districts.models import District

from .models import Notice, NoticeStatus


def postings(district: District) -> QuerySet[Notice]:
    """Sent notices the district chose to post, newest first."""
    return (
        Notice.objects.filter(
            district=district, status=NoticeStatus.SENT, post_publicly=True, posted_at__isnull=False
        )
        .select_related("agreement__vendor", "resource__vendor")
        .order_by("-posted_at", "-pk")
    )
