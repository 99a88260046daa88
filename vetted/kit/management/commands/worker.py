from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from vetted.kit.worker import run_forever, tick


class Command(BaseCommand):
    help = (
        "Run the background worker: the outbox is drained continuously; reminders, escalations and "
        "document reviews run every --interval seconds. Several workers may run at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run every job (and one outbox batch) once and exit."
        )
        parser.add_argument("--interval", type=float, default=settings.VETTED_WORKER_INTERVAL)
        parser.add_argument(
            "--idle", type=float, default=settings.VETTED_WORKER_IDLE,
            help="Seconds to wait before looking again when the outbox is empty.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.stdout.write(str(tick()))
            return
        self.stdout.write(
            f"Vetted worker: draining {settings.VETTED_WORKER_DRAINS} continuously (idle {options['idle']}s); "
            f"every {options['interval']}s: {settings.VETTED_WORKER_JOBS}"
        )
        self.stdout.flush()
        run_forever(options["interval"], idle=options["idle"])
