"""When the vendor must have disposed of the data: calendar days after the agreement ended.

Three sources, computed by the existing clocks in the district's time zone (the end's day is not
counted; due 23:59:59 local on the last day, vetted.rules.durations):

- the rule packs: deadline `vendor_data_disposition` after `agreement.terminated` (the strictest
  layer already won inside the stack);
- the agreement's own figure: the days its disposition clause names, as the automatic review read
  it (`disposition_at_end`'s parameter) from the signed copy, else the latest reviewed document;
- neither: settings.VETTED_DISPOSITION_DEFAULT_DAYS (60, the national agreement's figure).

Where the agreement and a pack both set one, the earlier due time wins (a contract may promise
faster than the law, never slower; a tie goes to the pack). See docs/adr/0013-data-disposition.md.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from vetted.agreements.models import Agreement, DocumentReview, ReviewStatus
from vetted.clocks.calendar import due_times
from vetted.rules import DueTime, due_at

EVENT = "agreement.terminated"
KIND = "vendor_data_disposition"
DESCRIPTION = (
    "The vendor disposes of the district's student data it holds under the agreement (including "
    "backups) and certifies it in writing."
)


def default_days() -> int:
    return int(getattr(settings, "VETTED_DISPOSITION_DEFAULT_DAYS", 60))


def agreement_days(agreement: Agreement) -> tuple[int, str] | None:
    """(days, where it was read) from the agreement's reviewed documents, or None."""
    reviews = (
        DocumentReview.objects.filter(
            document__agreement=agreement, status=ReviewStatus.DONE, result__isnull=False
        )
        .select_related("document")
        .order_by("-document__signed_copy", "-document__uploaded_at", "-pk")
    )
    for review in reviews[:20]:
        for finding in (review.result or {}).get("provisions", []):
            days = finding.get("param") if finding.get("id") == "disposition_at_end" else None
            if isinstance(days, int) and not isinstance(days, bool) and 0 < days <= 3650:
                return days, f"{review.document}: its disposition clause ({days} days)"
    return None


def _own(agreement: Agreement, at: dt.datetime, days: int, where: str, basis: str) -> DueTime:
    district = agreement.district
    return DueTime(
        deadline_id=KIND, condition=None, description=DESCRIPTION, actor="vendor", recipient="district",
        due_at=due_at(days, "calendar_days", at, district.tz), duration=days, unit="calendar_days",
        citation=where[:500], decided_by=basis, overridden=(),
    )  # fmt: skip


def disposition_due(agreement: Agreement, at: dt.datetime) -> tuple[DueTime, str]:
    """The due time for an agreement that ended at `at`, and its basis ("agreement", "pack", "default")."""
    pack = [d for d in due_times(agreement.district, EVENT, at) if d.deadline_id == KIND and not d.condition]
    own = agreement_days(agreement)
    candidates: list[tuple[DueTime, str]] = [(d, "pack") for d in pack]
    if own is not None:
        candidates.append((_own(agreement, at, own[0], f"The agreement: {own[1]}", "agreement"), "agreement"))
    if not candidates:
        days = default_days()
        where = f"No rule pack or agreement figure recorded: Vetted's default of {days} days (the national agreement's)"
        return _own(agreement, at, days, where, "default"), "default"
    return min(candidates, key=lambda c: (c[0].due_at, c[1] != "pack"))
