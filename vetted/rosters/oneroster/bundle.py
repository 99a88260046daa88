"""A OneRoster CSV bundle (a zip or a folder with manifest.csv), read as real exports are written.

Tolerated, each with a warning the report shows: a byte-order mark, CRLF, quoted newlines, extra
vendor columns (`ext_…`, kept as extras), a header in the wrong case or misspelt (an optional
column only, matched when one known name is close), US dates, a manifest that names a file the
bundle lacks (read as absent: nothing of that kind changes). Refused, as problems naming the file,
the line and the column: what cannot be read (no manifest, a missing required column or value, a
date that is not one, an unknown role, a row with more values than the header).

Rows stream: memory does not grow with the file. Password columns are read past, never kept.
"""

from __future__ import annotations

import csv
import difflib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .fields import ValueProblem, parse_bool, parse_date
from .spec import DROPPED, MODES, ORDER, ROLES, STATUSES, FileSpec, specs_for

MAX_RATIO = 200  # a zip member that inflates more than this is refused (a zip bomb, not a roster)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.message}"


@dataclass
class Row:
    file: str
    line: int
    values: dict[str, str]
    extras: dict[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def deleted(self) -> bool:
        return self.values.get("status", "").lower() in {"tobedeleted", "inactive"}


class _Source:
    """The bundle's files by name: a folder, or a zip (in a sub-folder of it too)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, zipfile.ZipInfo] = {}
        if path.is_file():
            self.zip = zipfile.ZipFile(path)
            for info in self.zip.infolist():
                name = info.filename.rsplit("/", 1)[-1]
                if name.endswith(".csv") and not info.filename.startswith("__MACOSX"):
                    self.members.setdefault(name, info)

    def names(self) -> set[str]:
        if self.zip is not None:
            return set(self.members)
        return {p.name for p in self.path.glob("*.csv")}

    def open(self, name: str) -> IO[bytes] | None:
        if self.zip is None:
            target = self.path / name
            return target.open("rb") if target.is_file() else None
        info = self.members.get(name)
        if info is None:
            return None
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise ValueProblem(
                f"{name} inflates {info.file_size // info.compress_size}-fold; that is not a roster"
            )
        return self.zip.open(info)


class Bundle:
    def __init__(self, path: str | Path) -> None:
        self.problems: list[Problem] = []
        self.version = "1.1"
        self.modes: dict[str, str] = {}
        self.source = _Source(Path(path))
        self._read_manifest()

    @property
    def ok(self) -> bool:
        return not any(p.fatal for p in self.problems)

    def _note(
        self, file: str, line: int | None, column: str | None, message: str, fatal: bool = True
    ) -> None:
        self.problems.append(Problem(file, line, column, message, fatal))

    def _read_manifest(self) -> None:
        stream = self.source.open("manifest.csv")
        if stream is None:
            self._note("manifest.csv", None, None, "The bundle has no manifest.csv; OneRoster needs one.")
            return
        props: dict[str, str] = {}
        with stream:
            for line, record in _records(stream, "manifest.csv", self):
                if line == 1 or len(record) < 2:
                    continue
                props[record[0].strip()] = record[1].strip()
        version = props.get("oneroster.version", "")
        if version not in ("1.1", "1.2"):
            self._note("manifest.csv", None, "oneroster.version",
                       f"OneRoster version “{version}” is not 1.1 or 1.2.")  # fmt: skip
            return
        self.version = version
        present = self.source.names()
        for name in specs_for(version):
            mode = props.get(f"file.{name}", "absent").lower()
            if mode not in MODES:
                self._note("manifest.csv", None, f"file.{name}", f"“{mode}” is not bulk, delta or absent.")
                continue
            if mode != "absent" and f"{name}.csv" not in present:
                self._note("manifest.csv", None, f"file.{name}",
                           f"The manifest says {name}.csv is {mode}, but the bundle has no such file; "
                           "read as absent (nothing of that kind changes).", fatal=False)  # fmt: skip
                mode = "absent"
            if mode == "absent" and f"{name}.csv" in present:
                self._note(f"{name}.csv", None, None, "The manifest does not list this file; it was not read.",
                           fatal=False)  # fmt: skip
            self.modes[name] = mode

    def files(self) -> list[str]:
        """The files to import, in the order their references need."""
        return [n for n in ORDER if self.modes.get(n, "absent") != "absent"]

    def rows(self, name: str) -> Iterator[Row]:
        spec = specs_for(self.version)[name]
        file = f"{name}.csv"
        try:
            stream = self.source.open(file)
        except ValueProblem as exc:
            self._note(file, None, None, str(exc) + ".")
            return
        if stream is None:
            return
        with stream:
            columns: list[str | None] | None = None
            for line, record in _records(stream, file, self):
                if columns is None:
                    columns = self._header(spec, file, record)
                    if columns is None:
                        return
                    continue
                if not any(v.strip() for v in record):
                    continue  # a blank line
                row = self._row(spec, file, line, columns, record)
                if row is not None:
                    yield row

    def _header(self, spec: FileSpec, file: str, record: list[str]) -> list[str | None] | None:
        known = {c.casefold(): c for c in spec.columns}
        columns: list[str | None] = []
        for raw in record:
            name = raw.strip()
            if name in spec.columns:
                columns.append(name)
            elif name.casefold() in known:
                columns.append(known[name.casefold()])
                self._note(file, 1, raw, f"Read as “{known[name.casefold()]}”.", fatal=False)
            elif name.lower().startswith("ext_"):
                columns.append(name)
            else:
                close = difflib.get_close_matches(
                    name.casefold(), [c.casefold() for c in spec.optional], 1, 0.8
                )
                if close:
                    columns.append(known[close[0]])
                    self._note(file, 1, raw, f"Read as “{known[close[0]]}” (a misspelt header).", fatal=False)
                else:
                    columns.append(None)
                    self._note(file, 1, raw, "Not a OneRoster column; ignored.", fatal=False)
        missing = [c for c in spec.required if c not in columns]
        for column in missing:
            self._note(file, 1, column, "This required column is missing.")
        return None if missing else columns

    def _row(
        self, spec: FileSpec, file: str, line: int, columns: list[str | None], record: list[str]
    ) -> Row | None:
        if len(record) > len(columns):
            self._note(file, line, None, f"{len(record)} values where the header has {len(columns)}.")
            return None
        row = Row(file, line, {})
        for column, raw in zip(columns, record, strict=False):
            if column is None or column in DROPPED:
                continue
            value = raw.strip()
            if column.lower().startswith("ext_"):
                row.extras[column] = value
            else:
                row.values[column] = value
        fine = True
        for column in spec.required:
            if column != "sourcedId" and row.deleted:
                break  # a delta's deletion names only the row
            if not row.values.get(column):
                self._note(file, line, column, "This required value is empty.")
                fine = False
        fine = self._check_values(spec, row) and fine
        return row if fine else None

    def _check_values(self, spec: FileSpec, row: Row) -> bool:
        fine = True
        status = row.values.get("status", "")
        if status and status.lower() not in STATUSES:
            self._note(row.file, row.line, "status", f"“{status}” is not active or tobedeleted.")
            fine = False
        for column in spec.dates:
            try:
                parse_date(row.values.get(column, ""))
            except ValueProblem as exc:
                self._note(row.file, row.line, column, str(exc) + ".")
                fine = False
        role = row.values.get("role", "")
        if role and role not in ROLES and spec.name in {"users", "enrollments", "roles"}:
            self._note(row.file, row.line, "role", f"“{role}” is not a OneRoster role.")
            fine = False
        if "enabledUser" in row.values:
            try:
                parse_bool(row.values["enabledUser"], default=True)
            except ValueProblem as exc:
                self._note(row.file, row.line, "enabledUser", str(exc) + ".")
                fine = False
        return fine


def _records(stream: IO[bytes], file: str, bundle: Bundle) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, values); a quoted newline keeps a record on one number."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            bundle._note(file, start, None, "Not UTF-8 text from here on; save the file as UTF-8.")
            return
        except csv.Error as exc:
            bundle._note(file, start, None, f"Not readable as CSV ({exc}).")
            return
        yield start, record


def open_bundle(path: str | Path) -> Bundle:
    """Read the manifest; `Bundle.problems` says what it could not read."""
    try:
        return Bundle(path)
    except (zipfile.BadZipFile, ValueProblem) as exc:
        bundle = Bundle.__new__(Bundle)
        bundle.problems, bundle.version, bundle.modes = [], "1.1", {}
        bundle._note(Path(path).name, None, None, f"Not a readable zip or folder: {exc}")
        return bundle
