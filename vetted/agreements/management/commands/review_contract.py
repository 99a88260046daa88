"""`vetted review_contract PATH [PATH ...] --pack ID [--pack ID] [--district SLUG] --format json|text`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.agreements.services.review import review_contract, review_limits
from vetted.districts.models import District
from vetted.review import DocumentError, render_text
from vetted.rules import PackError


class Command(BaseCommand):
    help = "Read agreements or vendor terms and say, provision by provision, what is there and what the law requires."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="PDF, DOCX, HTML, Markdown or text files")
        parser.add_argument("--pack", action="append", default=[], help="rule pack id (repeatable)")
        parser.add_argument("--district", help="district slug: use its state's pack and its policy packs")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        district = None
        if options["district"]:
            district = District.objects.filter(slug=options["district"]).first()
            if district is None:
                raise CommandError(f"No district with slug {options['district']!r}.")
        results: list[dict[str, Any]] = []
        failed = 0
        for name in options["paths"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            with path.open("rb") as handle:
                data = handle.read(review_limits().max_bytes + 1)
            try:
                result, packs = review_contract(data, path.name, district=district, packs=options["pack"])
            except PackError as exc:
                raise CommandError(str(exc)) from exc
            except DocumentError as exc:
                failed += 1
                results.append(
                    {"document": {"name": path.name}, "error": {"code": exc.code, "message": exc.message}}
                )
                if options["format"] == "text":
                    self.stderr.write(f"{path.name}: refused — {exc.message}")
                continue
            if options["format"] == "text":
                self.stdout.write(f"Packs: {', '.join(packs)}")
                self.stdout.write(render_text(result))
            results.append(result.to_dict())
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(results if len(results) > 1 else results[0], indent=2, ensure_ascii=False)
            )
        if failed:
            raise CommandError(f"{failed} document(s) could not be read.")
