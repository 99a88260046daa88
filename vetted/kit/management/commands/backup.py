"""`vetted backup PATH`: one consistent, encrypted archive of the database and the stored files."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.kit.backup.crypto import BackupError
from vetted.kit.backup.dump import write_backup


class Command(BaseCommand):
    help = "Write the database and the stored documents to one archive, encrypted with VETTED_BACKUP_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive to write (must not exist yet).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = write_backup(options["path"], settings.VETTED_BACKUP_KEY)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {written.rows} rows in {written.tables} tables and {written.files} files "
            f"({written.file_bytes} bytes) to {options['path']}."
        )
