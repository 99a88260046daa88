"""Print Vetted's data inventory as JSON, or write it where the repository keeps it (docs/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from vetted.site.data_inventory import document

DOCS_FILE = Path(__file__).resolve().parents[4] / "docs" / "data-inventory.json"


def rendered() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the data inventory as JSON; --write updates docs/data-inventory.json."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true", help=f"write {DOCS_FILE.name} under docs/")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write"]:
            DOCS_FILE.write_text(rendered(), encoding="utf-8")
            self.stdout.write(f"wrote {DOCS_FILE}")
        else:
            self.stdout.write(rendered(), ending="")
