"""`vetted clock --district SLUG --event EVENT --at ISO-TIME`: what the event makes due, and why."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from vetted.clocks.calendar import due_times, parse_event_time
from vetted.clocks.packs import district_pack_ids
from vetted.districts.models import District


def _message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Print the due times an event starts for a district, with their citations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", required=True, help="District slug")
        parser.add_argument("--event", required=True, help="For example agreement.executed")
        parser.add_argument(
            "--at", required=True, help="ISO 8601 time with offset, e.g. 2026-03-02T10:00-05:00"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        district = District.objects.filter(slug=options["district"]).first()
        if district is None:
            raise CommandError(f"No district with slug {options['district']!r}.")
        try:
            at = parse_event_time(options["at"])
            rows = due_times(district, options["event"], at)
        except ValidationError as exc:
            raise CommandError(_message(exc)) from None
        self.stdout.write(f"{district.name}: {options['event']} at {at.isoformat()}")
        self.stdout.write(f"Rule packs: {' + '.join(district_pack_ids(district))}")
        if not rows:
            self.stdout.write("No deadline starts from this event.")
        for r in rows:
            local = timezone.localtime(r.due_at, district.tz)
            cond = f" [{r.condition}]" if r.condition else ""
            self.stdout.write(
                f"{local:%Y-%m-%d %H:%M %Z}  {r.deadline_id}{cond}: {r.actor} -> {r.recipient}, "
                f"{r.duration} {r.unit.replace('_', ' ')} ({r.decided_by})"
            )
            self.stdout.write(f"    {r.citation}")
