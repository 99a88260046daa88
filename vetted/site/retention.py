"""Worker job: erase what has outlived its retention period (periods: vetted.site.data_inventory).

Each rule names the rows past their period and a nullable "erased at" column. Rows are claimed one by
one with the kit's compare-and-swap (vetted.kit.claims.claim), so two workers never erase, nor audit,
the same row twice; a row already erased is never due again (idempotent). One audit event per district,
rule and batch records what was erased (ids and count, never the erased values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from vetted.audit.services import record
from vetted.district_admin.models import Invitation
from vetted.districts.models import District
from vetted.documents.models import ReadJob, ReadStatus
from vetted.kit.claims import BATCH, claim
from vetted.outbox.models import Message
from vetted.outbox.services import MAX_ATTEMPTS
from vetted.resource_requests.models import AttachmentStatus, RequestAttachment

from .data_inventory import RETENTION

ERASED_NAME = "(name erased after its retention period)"


@dataclass(frozen=True)
class Rule:
    retention: str  # a data_inventory.RETENTION id: the period comes from there
    model: type[models.Model]
    column: str  # the nullable "erased at" column: the claim
    due: Callable[[dt.datetime], Q]  # rows past the cutoff
    erase: dict[str, Any]  # what the erased fields become
    fields: tuple[str, ...]  # the fields erased, for the audit event


RULES = [
    Rule("outbox_body", Message, "body_erased_at",
         lambda cut: Q(status=Message.Status.SENT, sent_at__lt=cut)
         | Q(status=Message.Status.FAILED, attempts__gte=MAX_ATTEMPTS, created_at__lt=cut),
         {"body": ""}, ("body",)),
    Rule("read_text", ReadJob, "erased_at",
         lambda cut: Q(status__in=[ReadStatus.DONE, ReadStatus.FAILED], finished_at__lt=cut),
         {"result": None, "sentences": None, "original_name": ERASED_NAME},
         ("result", "sentences", "original_name")),
    Rule("refused_upload", RequestAttachment, "metadata_erased_at",
         lambda cut: Q(status=AttachmentStatus.REFUSED, uploaded_at__lt=cut),
         {"original_name": ERASED_NAME}, ("original_name",)),
    Rule("invitation", Invitation, "erased_at",
         lambda cut: Q(accepted_at__lt=cut) | Q(declined_at__lt=cut) | Q(withdrawn_at__lt=cut)
         | Q(accepted_at=None, declined_at=None, withdrawn_at=None, expires_at__lt=cut),
         # Unique per row, so the open-invitation constraint (district, email) still holds.
         {"email": Concat(Value("erased-"), Cast("pk", CharField())), "full_name": "", "position": ""},
         ("email", "full_name", "position")),
]  # fmt: skip


def _erase_in(district: District, rule: Rule, due: models.QuerySet[Any], now: dt.datetime) -> int:
    with transaction.atomic():
        pks = list(
            due.filter(district=district, **{f"{rule.column}__isnull": True}).values_list("pk", flat=True)[
                :BATCH
            ]
        )
        won = [pk for pk in pks if claim(due, pk, rule.column, now)]
        if not won:
            return 0
        rule.model._default_manager.filter(pk__in=won).update(**rule.erase)
        record(district, "retention.erased", actor="worker", details={
            "rule": rule.retention, "model": rule.model._meta.label, "fields": list(rule.fields),
            "count": len(won), "ids": won,
        })  # fmt: skip
        return len(won)


def erase_expired(now: dt.datetime) -> int:
    """Erase, rule by rule and district by district, what is past its period. Returns rows erased."""
    erased = 0
    for rule in RULES:
        days = RETENTION[rule.retention].effective_days()
        if days is None:
            continue
        due = rule.model._default_manager.filter(rule.due(now - dt.timedelta(days=days)))
        district_ids = set(
            due.filter(**{f"{rule.column}__isnull": True}).values_list("district_id", flat=True)
        )
        for district in District.objects.filter(pk__in=district_ids):
            erased += _erase_in(district, rule, due, now)
    return erased
