"""The words of rights requests for families (pages and e-mail), English and Spanish (words.yaml),
and how a family reads a time: the day in its language, the clock time and the district's zone."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from vetted.kit.localtime import to_local
from vetted.notices import wording

WORDS_FILE = Path(__file__).with_name("words.yaml")


@cache
def _all() -> dict[str, dict[str, str]]:
    data: dict[str, Any] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")) or {}
    return {code: {k: str(v) for k, v in (table or {}).items()} for code, table in data.items()}


def languages() -> tuple[str, ...]:
    return tuple(_all())


def code_for(language: str) -> str:
    code = wording.normalize_language(language)
    return code if code in _all() else wording.DEFAULT_LANGUAGE


def word(code: str, key: str, /, **values: str) -> str:
    table = _all().get(code_for(code), {})
    text = table.get(key) or _all()[wording.DEFAULT_LANGUAGE].get(key, key)
    return text.format(**values) if values else text


def table(code: str) -> dict[str, str]:
    """Every word in the language (English where it lacks one), for a template."""
    base = dict(_all()[wording.DEFAULT_LANGUAGE])
    base.update(_all().get(code_for(code), {}))
    return base


def when(value: dt.datetime | None, district: Any, code: str) -> str:
    """'January 3, 2027, 23:59 EST (America/New_York)': the district's day and time, the zone named."""
    if value is None:
        return ""
    local = to_local(value, district)
    lang = wording.language(code_for(code))
    return f"{lang.date(local.date())}, {local:%H:%M} {local:%Z} ({district.time_zone})"


def day(value: dt.datetime | None, district: Any, code: str) -> str:
    if value is None:
        return ""
    return wording.language(code_for(code)).date(to_local(value, district).date())
