"""vetted import_oneroster PATH --district SLUG [--confirm-removals]: import a OneRoster bundle."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.districts.models import District
from vetted.rosters.importer import import_bundle
from vetted.rosters.models import RosterImport


class Command(BaseCommand):
    help = "Import a OneRoster 1.1 or 1.2 CSV bundle (a zip or a folder with manifest.csv) into a district."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--district", required=True, help="The district's slug.")
        parser.add_argument("--confirm-removals", action="store_true",
                            help="Allow a bulk import that removes many students.")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        district = District.objects.filter(slug=options["district"]).first()
        if district is None:
            raise CommandError(f"No district “{options['district']}”.")
        job = import_bundle(
            district, options["path"], actor="import_oneroster command",
            confirm_removals=options["confirm_removals"],
            progress=lambda file, n: self.stdout.write(f"  {file}: {n} rows"),
        )  # fmt: skip
        for problem in job.problems:
            where = problem["file"] + (f", line {problem['line']}" if problem["line"] else "")
            where += f", column {problem['column']}" if problem["column"] else ""
            label = "refused" if problem["fatal"] else "warning"
            self.stdout.write(f"{label}: {where}: {problem['message']}")
        if job.status != RosterImport.Status.DONE:
            raise CommandError(
                f"Nothing was imported: {job.problem_count} problem(s); the roster is as it was."
            )
        summary = "; ".join(
            f"{kind}: " + ", ".join(f"{n} {what}" for what, n in c.items()) for kind, c in job.counts.items()
        )
        self.stdout.write(self.style.SUCCESS(f"Imported {job.source_name}. {summary}"))
