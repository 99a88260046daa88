from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from vetted.kit.worker import run_forever, tick


class Command(BaseCommand):
    help = "Run the background worker (reminders, escalations, document reviews)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--interval", type=float, default=settings.VETTED_WORKER_INTERVAL)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.stdout.write(str(tick()))
            return
        self.stdout.write(
            f"Vetted worker running every {options['interval']}s; jobs: {settings.VETTED_WORKER_JOBS}"
        )
        run_forever(options["interval"])
