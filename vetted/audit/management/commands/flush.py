"""Django's `flush`, allowed past the audit tables' DELETE and TRUNCATE triggers (db_guards.py).
Emptying every table is a deliberate wipe, not an edit of the trail; test teardown uses it."""

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush

from vetted.audit.db_guards import flushing


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        with flushing(options["database"]):
            super().handle(**options)
