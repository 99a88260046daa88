"""`vetted audit verify [--district SLUG] [--anchors FILE]`: prove the trail was not edited."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.audit.anchors import read_anchor_file
from vetted.audit.verify import verify_district, verify_install
from vetted.districts.models import District


class Command(BaseCommand):
    help = (
        "Audit trail tools. `verify` checks every district's keyed hash chain against its signed "
        "checkpoint and the anchor file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--district", help="Only this district (slug).")
        parser.add_argument(
            "--anchors", type=Path, help="The anchor file to compare with (default: AUDIT_ANCHOR_FILE), "
            "e.g. the copy shipped to another machine.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        districts = District.objects.order_by("slug")
        if options["district"]:
            districts = districts.filter(slug=options["district"])
            if not districts.exists():
                raise CommandError(f"No district with slug {options['district']!r}.")
        if options["anchors"] and not options["anchors"].is_file():
            raise CommandError(f"No anchor file at {options['anchors']}.")
        anchors = read_anchor_file(options["anchors"])
        problems = verify_install(anchors)
        for problem in problems:
            self.stdout.write(f"BROKEN: {problem}")
        broken = bool(problems)
        for district in districts:
            result = verify_district(district, anchors)
            if result.ok:
                self.stdout.write(f"{district.slug}: ok ({result.checked} events)")
                continue
            broken = True
            where = f" at event #{result.broken_seq}" if result.broken_seq else ""
            self.stdout.write(f"{district.slug}: BROKEN{where}: {result.problem}")
        if broken:
            raise CommandError("The audit trail does not verify.")
        self.stdout.write("ok")
