"""`vetted restore PATH`: an archive from `vetted backup` back into a new, migrated, empty install."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.kit.backup.crypto import BackupError
from vetted.kit.backup.load import check_archive, restore_archive


class Command(BaseCommand):
    help = (
        "Restore an archive into a freshly migrated database with no users, districts or audit events "
        "(an install in use is refused). --check only proves the archive opens and is whole."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--check", action="store_true", help="Verify the archive; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path, key = options["path"], settings.VETTED_BACKUP_KEY
        try:
            contents = check_archive(path, key) if options["check"] else restore_archive(path, key)
        except BackupError as error:
            raise CommandError(str(error)) from None
        done = "is whole and opens with this key" if options["check"] else "restored"
        self.stdout.write(
            f"{path} {done}: {contents.rows} rows, {len(contents.files)} files, "
            f"written {contents.manifest['created_at']} on {contents.manifest['database']}."
        )
        if not options["check"]:
            self.stdout.write("Next: `vetted audit verify`.")
