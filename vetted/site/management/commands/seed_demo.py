from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.site.demo import seed_demo

REFUSED = (
    "seed_demo refused: it adds fictional people, an admin among them, whose passwords are printed "
    "here, so it runs only in demo mode. On a developer's machine or a demo server set "
    "VETTED_DEMO_MODE=1 (`make run` does); never on a district's production server."
)


class Command(BaseCommand):
    help = "Create the fictional demo district, its catalogue and one user per role (demo mode only; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-passwords", action="store_true", help="give every demo account a new password and print it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(REFUSED)
        result = seed_demo(new_passwords=options["new_passwords"])
        d = result.district
        self.stdout.write(
            f"Demo district: {d.name} (/d/{d.slug}/resources/)" + (" — created" if result.created else "")
        )
        self.stdout.write(f"Sign in at {settings.SITE_URL.rstrip('/')}/accounts/login/ with:")
        for email, password, role in result.users:
            self.stdout.write(
                (f"  {role:<20} {email:<34}" + (f" password: {password}" if password else "")).rstrip()
            )
        if any(password for _, password, _ in result.users):
            self.stdout.write("These passwords are shown only this once: keep them.")
        else:
            self.stdout.write(
                "Their passwords were shown when they were set. New ones, shown once: "
                "VETTED_DEMO_MODE=1 .venv/bin/vetted seed_demo --new-passwords"
            )
