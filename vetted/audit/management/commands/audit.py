"""`vetted audit verify [--district SLUG]`: prove the trail was not edited."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.audit.services import verify_district
from vetted.districts.models import District


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks every district's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--district", help="Only this district (slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        districts = District.objects.order_by("slug")
        if options["district"]:
            districts = districts.filter(slug=options["district"])
            if not districts.exists():
                raise CommandError(f"No district with slug {options['district']!r}.")
        broken = False
        for district in districts:
            result = verify_district(district)
            if result.ok:
                self.stdout.write(f"{district.slug}: ok ({result.checked} events)")
            else:
                broken = True
                self.stdout.write(f"{district.slug}: BROKEN at event #{result.broken_seq}: {result.problem}")
        if broken:
            raise CommandError("The audit trail does not verify.")
        self.stdout.write("ok")
