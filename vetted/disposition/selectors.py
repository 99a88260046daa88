"""Reads: a district's disposition obligations, certificates missing first, and how long is left."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Case, QuerySet, Value, When

from vetted.districts.models import District
from vetted.kit.localtime import days_left

from .models import WAITING, DispositionObligation


def for_district(
    district: District, *, agreement: Any = None, status: str = ""
) -> QuerySet[DispositionObligation]:
    qs = DispositionObligation.objects.filter(district=district).select_related(
        "agreement", "agreement__vendor"
    )
    if agreement:
        qs = qs.filter(agreement_id=agreement)
    if status:
        qs = qs.filter(status=status)
    waiting = Case(
        When(status__in=WAITING, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return qs.annotate(is_waiting=waiting).order_by("-is_waiting", "due_at", "pk")


def time_left(due: dt.datetime, now: dt.datetime, zone: Any) -> str:
    return days_left(due, now, zone)
