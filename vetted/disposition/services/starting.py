"""An agreement ends (terminated, or expired by the worker): agreements' `transition()` starts the
"agreement.terminated" clocks, and clocks.listeners calls `agreement_ended` here in the same
transaction. It stores one disposition obligation per agreement (idempotent), keeps its due time as a
clocks.Obligation this app chases, and mails the vendor's privacy contact a secure link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from vetted.agreements.models import Agreement
from vetted.agreements.services.agreements import agreement_path
from vetted.audit.services import record
from vetted.clocks.listeners import listen
from vetted.clocks.services import hand_over, move_obligation, start_obligation
from vetted.districts.models import District

from ..models import DispositionObligation
from . import links
from .due import EVENT, disposition_due

CHASED_BY = "disposition"  # this app's worker job chases the vendor and escalates (tasks.py)
REMIND_BEFORE = dt.timedelta(days=14)  # the vendor is reminded two weeks before the due time


def remind_time(at: dt.datetime, due_at: dt.datetime) -> dt.datetime:
    """Two weeks before the due time (at once if the whole window is shorter)."""
    return max(at, due_at - REMIND_BEFORE)


@listen(EVENT)
def agreement_ended(
    district: District, event: str, at: dt.datetime, subject: models.Model, actor: Any
) -> None:
    if isinstance(subject, Agreement):
        start_disposition(subject, at=at, actor=actor)


def start_disposition(agreement: Agreement, *, at: dt.datetime, actor: Any) -> DispositionObligation:
    """The obligation for this agreement's end; the existing one if it was started before."""
    existing = DispositionObligation.objects.filter(agreement=agreement).first()
    if existing is not None:
        return existing
    district = agreement.district
    due, basis = disposition_due(agreement, at)
    remind_at = remind_time(at, due.due_at)
    obligation = start_obligation(
        district, EVENT, at, due, subject=agreement, actor=actor, subject_path=agreement_path(agreement),
        remind_at=remind_at, chased_by=CHASED_BY,
    )  # fmt: skip
    if (obligation.due_at, obligation.remind_at) != (due.due_at, remind_at):  # a pack row was there first
        obligation = move_obligation(obligation, due_at=due.due_at, remind_at=remind_at, actor=actor,
                                     details={"reason": "the agreement's own disposition figure is stricter"})  # fmt: skip
    hand_over(obligation, chased_by=CHASED_BY)
    ob = DispositionObligation.objects.create(
        district=district, agreement=agreement, ended_as=agreement.status, ended_at=at, days=due.duration,
        basis=basis, citation=due.citation[:500], due_at=due.due_at, remind_at=remind_at, obligation=obligation,
        contact_email=agreement.vendor.privacy_contact_email,
    )  # fmt: skip
    record(
        district, "disposition.started", actor=actor, subject=ob,
        details={"agreement": agreement.pk, "ended_as": agreement.status, "ended_at": at.isoformat(),
                 "days": due.duration, "basis": basis, "due_at": due.due_at.isoformat(), "citation": ob.citation},
    )  # fmt: skip
    if ob.contact_email:
        links.send_link(ob, actor=actor)
    return ob
