"""Obligations: every computed due time, about any subject, as a row the worker watches. Closure days.
Calendar feeds."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from vetted.districts.models import District

# What a person may set an open obligation to (named for the API schema's enum).
CLOSING_CHOICES = [("done", "Done"), ("waived", "Waived")]


class ObligationStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    WAIVED = "waived", "Waived"


class Obligation(models.Model):
    """A duty with a due time, computed once from the rule packs and stored (deadlines are columns)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(max_length=64, help_text="Deadline id from the rule pack")
    condition = models.CharField(max_length=64, blank=True)
    description = models.TextField(max_length=2000)
    # What it is about, named generically (agreement, resource request, later incident or rights
    # request) so that this app imports no domain app; `subject_path` links back to its page.
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    subject_label = models.CharField(max_length=300)
    subject_path = models.CharField(max_length=300, blank=True)
    event = models.CharField(max_length=64)
    event_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=ObligationStatus.choices, default=ObligationStatus.OPEN)
    citation = models.CharField(max_length=500)
    actor = models.CharField(max_length=32, help_text="Who must act: district, vendor ...")
    recipient = models.CharField(max_length=32)
    decided_by = models.CharField(max_length=64, help_text="Pack id whose rule set the due time")
    note = models.CharField(max_length=1000, blank=True)
    remind_at = models.DateTimeField()
    # Each set once by a compare-and-swap UPDATE, so a reminder is never sent twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Empty: this app's worker reminds and escalates. Otherwise the subject's own app does, with
    # what only it knows (e.g. which reviewers have not voted), and this app's worker leaves it alone.
    chased_by = models.CharField(
        max_length=64, blank=True, help_text="App whose worker sends the reminders, if not this one"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_reason = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "remind_at"]),
            models.Index(fields=["district", "status", "due_at"]),
        ]
        constraints = [
            # Starting the same clock twice for the same subject yields the same rows.
            models.UniqueConstraint(
                fields=["district", "subject_type", "subject_id", "event", "kind", "condition"],
                name="one_obligation_per_clock",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind.replace('_', ' ')} — {self.subject_label}"

    @property
    def title(self) -> str:
        return self.kind.replace("_", " ").capitalize()


class ClosureDay(models.Model):
    """A day the district is closed; business-day clocks skip it."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["district", "date"], name="one_closure_per_day")]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}" if self.reason else str(self.date)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret calendar link for one district. Regenerating replaces the token."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="one_feed_per_user_district")
        ]

    def __str__(self) -> str:
        return f"Calendar of {self.user} for {self.district}"
