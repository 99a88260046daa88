"""Claim due rows exactly once: the one compare-and-swap loop every reminder and escalation job uses.

A job names the rows that are due (a queryset), the nullable column that records "done" and a
handler. For each due row, in its own transaction, a conditional UPDATE sets the column to `now`
only where it is still NULL (and the row still matches the queryset); only the worker whose UPDATE
changed the row calls the handler, in the same transaction. So two workers, or a restart, never
handle a row twice, and a handler that raises rolls its claim back: the row is due again next time.

Only Django here (the kit is the bottom layer), so any app may use it. The outbox's sending claim
is not this shape: a message is claimed once per *attempt* (queued/failed -> sending) and the claim
must survive a failed SMTP send, so it keeps its own status-machine claim (vetted/outbox/services.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction

log = logging.getLogger("vetted.claims")

BATCH = 200
M = TypeVar("M", bound=models.Model)


def claim(queryset: models.QuerySet[Any], pk: Any, column: str, now: dt.datetime) -> bool:
    """Compare-and-swap: set `column` = `now` on row `pk` if it is still NULL and still in
    `queryset`. True for the one caller whose UPDATE changed the row."""
    return bool(queryset.filter(pk=pk, **{f"{column}__isnull": True}).update(**{column: now}))


def claim_due(
    queryset: models.QuerySet[M],
    column: str,
    now: dt.datetime,
    handle: Callable[[M], bool | None],
    *,
    batch: int = BATCH,
) -> int:
    """Claim up to `batch` rows of `queryset` whose `column` is NULL and call `handle(row)` for each
    row this caller won, inside the claim's transaction. Returns how many rows were handled.

    `handle` may return False to say the claim was spent without doing anything (it is then not
    counted; the column stays set). If it raises, that row's claim is rolled back and it stays due;
    the other rows are still handled, and the first error is raised again at the end so the worker
    logs it.
    """
    pks = list(queryset.filter(**{f"{column}__isnull": True}).values_list("pk", flat=True)[:batch])
    handled = 0
    error: Exception | None = None
    for pk in pks:
        try:
            with transaction.atomic():
                if not claim(queryset, pk, column, now):
                    continue  # another worker claimed it, or it stopped being due
                if handle(queryset.get(pk=pk)) is not False:
                    handled += 1
        except Exception as exc:  # one bad row must not keep the rest of the batch waiting
            log.exception("handling %s %s (%s) failed; it stays due", queryset.model.__name__, pk, column)
            error = error or exc
    if error is not None:
        raise error
    return handled
