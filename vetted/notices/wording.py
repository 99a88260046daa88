"""The words of notices: the languages that ship (a folder each under languages/), a district's own
templates, `{{name}}` placeholders, and the rendering a 100,000-family notice does per recipient.

A template is plain text with `{{name}}` placeholders from a fixed list (never Django template code:
a district's wording must not reach into objects). Rendering compiles a text once into literal and
placeholder parts, so each family costs a join, not a parse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES_DIR = Path(__file__).resolve().parent / "languages"
DEFAULT_LANGUAGE = "en"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

# Every name a template may use, with what it holds (shown beside the template editor).
PLACEHOLDERS: dict[str, str] = {
    "district": "The district's name",
    "title": "The notice's title (the resource or agreement)",
    "date": "The date the contract was executed (or the notice's date)",
    "description": "The brief description of the contract or resource",
    "purpose": "Its purpose",
    "resource": "The resource's name",
    "vendor": "The company",
    "data_collected": "The student information that may be collected, one per line",
    "students": "This family's children the notice is about (first names)",
    "link": "This family's link: the consent page, or the public notice",
    "contact": "The district's public contact",
    "what_happened": "Breach: what happened",
    "information_involved": "Breach: what information was involved",
    "what_we_are_doing": "Breach: what the district is doing",
    "what_you_can_do": "Breach: what families can do",
}
# Filled per family at send time; every other name is filled once per language.
PER_RECIPIENT = ("students", "link")

# Codes and names rosters use for a language, to the code of a shipped or district language.
_ALIASES = {"eng": "en", "english": "en", "spa": "es", "spanish": "es", "español": "es", "espanol": "es"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    date_format: str = "{month} {day}, {year}"
    months: tuple[str, ...] = ()
    and_word: str = "and"
    nothing_recorded: str = ""
    collects_none: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    elements: dict[str, str] = field(default_factory=dict)

    def date(self, day: dt.date) -> str:
        month = self.months[day.month - 1] if len(self.months) == 12 else day.strftime("%B")
        return self.date_format.format(day=day.day, month=month, year=day.year)

    def join(self, names: list[str]) -> str:
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self.and_word} {names[-1]}"

    def label(self, key: str, **values: str) -> str:
        text = self.labels.get(key) or shipped_languages()[DEFAULT_LANGUAGE].labels.get(key, key)
        return text.format(**values) if values else text


@cache
def shipped_languages() -> dict[str, Language]:
    """The languages in languages/<code>/language.yaml (adding one is adding a folder, no code)."""
    found: dict[str, Language] = {}
    for path in sorted(LANGUAGES_DIR.glob("*/language.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        code = str(data.get("code") or path.parent.name)
        found[code] = Language(
            code=code, name=str(data.get("name", code)),
            date_format=str(data.get("date_format", "{month} {day}, {year}")),
            months=tuple(data.get("months") or ()), and_word=str(data.get("and_word", "and")),
            nothing_recorded=str(data.get("nothing_recorded", "")),
            collects_none=str(data.get("collects_none", "")),
            labels={k: str(v) for k, v in (data.get("labels") or {}).items()},
            elements={k: str(v) for k, v in (data.get("elements") or {}).items()},
        )  # fmt: skip
    return found


def language(code: str) -> Language:
    """A language's words; a code with no folder (a district's own template language) gets
    English page words under its own code."""
    langs = shipped_languages()
    if code in langs:
        return langs[code]
    base = langs[DEFAULT_LANGUAGE]
    return Language(code=code, name=code, date_format=base.date_format, months=base.months,
                    and_word=base.and_word, nothing_recorded=base.nothing_recorded,
                    collects_none=base.collects_none, labels=base.labels)  # fmt: skip


def normalize_language(raw: str) -> str:
    """'es-US', 'spa', 'Spanish' -> 'es'; '' -> ''. Only the primary subtag, lower case."""
    value = (raw or "").strip().lower()
    if not value:
        return ""
    value = _ALIASES.get(value, value)
    return _ALIASES.get(re.split(r"[-_]", value)[0], re.split(r"[-_]", value)[0])[:35]


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


@cache
def shipped_wording(code: str, kind: str) -> Wording | None:
    path = LANGUAGES_DIR / code / f"{kind}.txt"
    if not path.is_file():
        return None
    return parse_text_file(path.read_text(encoding="utf-8"))


def parse_text_file(text: str) -> Wording:
    """'Subject: …', a blank line, then the body."""
    first, _, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError("a notice text starts with a 'Subject:' line")
    return Wording(subject=first.removeprefix("Subject:").strip(), body=rest.strip("\n") + "\n")


def unknown_placeholders(text: str) -> list[str]:
    """Names in `text` that are not placeholders, and malformed braces, for a template form's errors."""
    unknown = sorted({m.group(1) for m in PLACEHOLDER.finditer(text)} - set(PLACEHOLDERS))
    stray = PLACEHOLDER.sub("", text)
    if "{{" in stray or "}}" in stray:
        unknown.append("{{…}} (a placeholder is a name in double braces, e.g. {{district}})")
    return unknown


Compiled = tuple[tuple[str, str | None], ...]  # (literal, placeholder name or None)


def compile_text(text: str) -> Compiled:
    parts: list[tuple[str, str | None]] = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        parts.append((text[pos : m.start()], m.group(1)))
        pos = m.end()
    parts.append((text[pos:], None))
    return tuple(parts)


def render(compiled: Compiled, values: dict[str, str], *, keep: tuple[str, ...] = ()) -> str:
    """Fill the placeholders; a name in `keep` stays as `{{name}}` (filled later, per family)."""
    out: list[str] = []
    for literal, name in compiled:
        out.append(literal)
        if name is not None:
            out.append("{{" + name + "}}" if name in keep else values.get(name, ""))
    return "".join(out)


def version_hash(subject: str, body: str) -> str:
    """Names one exact text; consent records keep it beside the language."""
    return hashlib.sha256(f"{subject}\n\n{body}".encode()).hexdigest()
