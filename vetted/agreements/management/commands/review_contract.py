"""`vetted review_contract PATH [PATH ...] --pack ID [--pack ID] [--district SLUG] --format json|text`.

Start-up is most of this command's run time, so it stays light: no system checks, and without
`--district` it needs neither the database nor the app registry (`vetted.manage` runs it before
`django.setup()`; with `--district` it sets Django up itself). Only pure modules are imported at the
top: the review engine, the rule packs and the read limits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetted.documents.checks import read_limits
from vetted.review import DocumentError, ReviewResult, render_text, review_bytes
from vetted.rules import PackError, load_stack

# With neither --pack nor --district: federal law only (as services.review.pack_ids_for).
DEFAULT_PACKS = ("us-federal",)


def _district(slug: str) -> Any:
    import django  # noqa: PLC0415 — only --district needs the app registry and the database
    from django.apps import apps  # noqa: PLC0415 — as above

    if not apps.ready:
        django.setup()
    from vetted.districts.models import District  # noqa: PLC0415 — models load after setup()

    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise CommandError(f"No district with slug {slug!r}.")
    return district


def _review(
    data: bytes, filename: str, district: Any, packs: Sequence[str]
) -> tuple[ReviewResult, list[str]]:
    if district is not None:
        from vetted.agreements.services.review import review_contract  # noqa: PLC0415 — loads models

        return review_contract(data, filename, district=district, packs=packs)
    pack_ids = list(packs) or list(DEFAULT_PACKS)
    stack = load_stack(pack_ids)
    result = review_bytes(
        data, filename, requirements=stack.required_provisions(), district_state=stack.state,
        limits=read_limits(),
    )  # fmt: skip
    return result, pack_ids


class Command(BaseCommand):
    help = "Read agreements or vendor terms and say, provision by provision, what is there and what the law requires."
    # A read-only tool run on files: the project's system checks import every URL module, the API
    # schema and more, took about half its run time, and have nothing to say about a file.
    # `vetted check` and every other command still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="PDF, DOCX, HTML, Markdown or text files")
        parser.add_argument("--pack", action="append", default=[], help="rule pack id (repeatable)")
        parser.add_argument("--district", help="district slug: use its state's pack and its policy packs")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        district = _district(options["district"]) if options["district"] else None
        results: list[dict[str, Any]] = []
        failed = 0
        max_bytes = read_limits().max_bytes
        for name in options["paths"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
            try:
                result, packs = _review(data, path.name, district, options["pack"])
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
