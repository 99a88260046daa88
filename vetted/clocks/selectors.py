"""Reads: a district's obligations by urgency, and the obligations about one subject."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import BooleanField, Case, QuerySet, Value, When

from vetted.districts.models import District

from .models import Obligation, ObligationStatus


def about(subject: models.Model) -> QuerySet[Obligation]:
    """The obligations one subject (an agreement, a resource request ...) has started, by due time."""
    return Obligation.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).order_by("due_at", "pk")


def obligations_by_urgency(district: District, now: dt.datetime, status: str = "") -> QuerySet[Obligation]:
    """Overdue open obligations first, then open ones by due time, then closed ones."""
    qs = Obligation.objects.filter(district=district).select_related("closed_by")
    if status in ObligationStatus.values:
        qs = qs.filter(status=status)
    return qs.annotate(
        overdue=Case(
            When(status=ObligationStatus.OPEN, due_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_open=Case(When(status=ObligationStatus.OPEN, then=Value(True)), default=Value(False),
                     output_field=BooleanField()),
    ).order_by("-overdue", "-is_open", "due_at", "pk")  # fmt: skip
