"""The public registry read as plain rows (issue 15, item 1).

A page of the registry is one statement (plus a count when the page does not show it all): the
decision, its resource and vendor, and the ids of the data elements, the elements turned off and
the subjects, each aggregated in SQL by a correlated subquery on the link table's index. The ids
become names, codes and the taxonomy's order through `taxonomy()`, the small tables of data elements
and subjects, read once per catalogue version and kept in each process.

The version lives in the shared cache (the database cache: every web process and worker reads the
same row). Saving or deleting a data element or subject (their models' save/delete, the admin, the
taxonomy loader) replaces it once the transaction commits, so every process sees the change on its
next request. An id the cached taxonomy does not know (a row written around save(), e.g. with
bulk_create) makes the reader load the taxonomy again, so a page never misses an element.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Aggregate, CharField, Count, F, OuterRef, QuerySet, Subquery

from vetted.kit.prepared import Prepared, PreparedShapes

from . import registry_query
from .grades import band_label
from .models import (
    PLAIN_STATUS,
    STAFF_ONLY_LABEL,
    DataElement,
    DecisionStatus,
    Resource,
    ResourceDecision,
    Subject,
)

VERSION_KEY = "catalog:taxonomy-version"
LISTING_ELEMENTS = 6  # the listing names this many, then "and N more"
_LABELS = dict(DecisionStatus.choices)


# ---------------------------------------------------------------------------------------------------
# The taxonomy (data elements and subjects), cached per catalogue version


@dataclass(frozen=True)
class Taxonomy:
    version: str
    # id -> the element's public fields, in the API's order, plus its position for sorting.
    elements: dict[int, dict[str, Any]]
    element_order: dict[int, tuple[int, str]]
    subjects: dict[int, dict[str, str]]  # id -> {"slug", "name"}
    element_choices: list[tuple[str, str]]
    subject_choices: list[tuple[str, str]]


_lock = threading.Lock()
_memo: dict[str, Taxonomy] = {}


# The version as this process last read it, and when (monotonic seconds). With the database cache,
# reading the shared version is a query; a registry page needs it on every request, so a process
# trusts what it read for VETTED_TAXONOMY_RECHECK_SECONDS (1 by default): another process's change to
# an element's name or description shows within that time; this process's own change shows at once
# (taxonomy_changed), and an element the cached taxonomy does not know is loaded at once (shape).
_seen: tuple[str, float] | None = None


def taxonomy_version() -> str:
    global _seen
    recheck = float(getattr(settings, "VETTED_TAXONOMY_RECHECK_SECONDS", 1.0))
    seen = _seen
    if seen is not None and recheck > 0 and time.monotonic() - seen[1] < recheck:
        return seen[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    if version is None:
        return ""  # a cache that keeps nothing: no memo then
    _seen = (str(version), time.monotonic())
    return str(version)


def taxonomy_changed() -> None:
    """Call after changing data elements or subjects: every process reloads on its next request."""
    # Now (this transaction's own reads see the change), and again after the commit: a reader in
    # another process between the two would have cached the old rows under the first new version.
    global _seen
    _seen = None
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    transaction.on_commit(_bump_after_commit)


def _bump_after_commit() -> None:
    global _seen
    _seen = None
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def taxonomy(*, reload: bool = False) -> Taxonomy:
    """The taxonomy of the current catalogue version: one small cache read when nothing changed."""
    version = taxonomy_version()
    found = None if reload or not version else _memo.get(version)
    if found is None:
        found = _load(version)
        if not version:
            return found
        with _lock:
            _memo.clear()  # only the newest version is ever wanted again
            _memo[version] = found
    return found


def _load(version: str) -> Taxonomy:
    elements: dict[int, dict[str, Any]] = {}
    order: dict[int, tuple[int, str]] = {}
    for e in DataElement.objects.order_by("position", "name"):
        elements[e.pk] = {
            "code": e.code,
            "name": e.name,
            "category": e.category,
            "description": e.description,
            "is_directory": e.is_directory,
            "sensitivity": e.sensitivity,
        }
        order[e.pk] = (e.position, e.name)
    subjects = {
        pk: {"slug": slug, "name": name}
        for pk, slug, name in Subject.objects.order_by("name").values_list("pk", "slug", "name")
    }
    return Taxonomy(
        version=version,
        elements=elements,
        element_order=order,
        subjects=subjects,
        element_choices=[(e["code"], e["name"]) for e in elements.values()],
        subject_choices=[(s["slug"], s["name"]) for s in subjects.values()],
    )


# ---------------------------------------------------------------------------------------------------
# The statement


class _IdList(Aggregate):
    """Comma-separated ids: GROUP_CONCAT on SQLite, string_agg on PostgreSQL (order is done in Python)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')",
        )


def _ids(through: Any, owner: str, owner_ref: str, target: str) -> Subquery:
    return Subquery(
        through.objects.filter(**{owner: OuterRef(owner_ref)})
        .values(owner)
        .annotate(ids=_IdList(target))
        .values("ids")[:1],
        output_field=CharField(),
    )


_ELEMENTS = Resource.data_elements.through
_SUBJECTS = Resource.subjects.through
_OFF = ResourceDecision.elements_off.through

LISTING_FIELDS = {
    "name": F("resource__name"),
    "vendor": F("resource__vendor__legal_name"),
    "r_grade_min": F("resource__grade_min"),
    "r_grade_max": F("resource__grade_max"),
    "recorded": F("resource__data_elements_recorded"),
}
DETAIL_FIELDS = {
    **LISTING_FIELDS,
    "url": F("resource__url"),
    "description": F("resource__description"),
    "privacy_policy_url": F("resource__privacy_policy_url"),
    "terms_url": F("resource__terms_url"),
    "student_accounts_required": F("resource__student_accounts_required"),
    "mobile_app": F("resource__mobile_app"),
    "under_13_users": F("resource__under_13_users"),
}


def row_values(qs: QuerySet[ResourceDecision], *, full: bool) -> QuerySet[Any]:
    """`qs` (filtered and ordered decisions) as the values of one statement."""
    fields = DETAIL_FIELDS if full else LISTING_FIELDS
    plain = ["resource_id", "status", "grade_min", "grade_max", "staff_only"]
    if full:
        plain += ["conditions", "reason", "decided_at"]
    annotations: dict[str, Any] = {
        "element_ids": _ids(_ELEMENTS, "resource_id", "resource_id", "dataelement_id"),
        "off_ids": _ids(_OFF, "resourcedecision_id", "pk", "dataelement_id"),
    }
    if full:
        annotations["subject_ids"] = _ids(_SUBJECTS, "resource_id", "resource_id", "subject_id")
    return qs.values(*plain, **fields, **annotations)


def _split(ids: str | None) -> list[int]:
    return [int(i) for i in ids.split(",")] if ids else []


def shape(values: dict[str, Any], tax: Taxonomy) -> dict[str, Any]:
    """One statement's row -> what templates, the CSV and the API read (a plain dict)."""
    status = values["status"]
    element_ids = _split(values["element_ids"])
    off = set(_split(values["off_ids"]))
    if any(i not in tax.elements for i in element_ids) or any(i not in tax.elements for i in off):
        tax = taxonomy(reload=True)
    element_ids.sort(key=tax.element_order.__getitem__)
    if values["staff_only"]:
        grades = STAFF_ONLY_LABEL
    elif values["grade_min"] is None and values["grade_max"] is None:
        grades = band_label(values["r_grade_min"], values["r_grade_max"])
    else:
        grades = band_label(values["grade_min"], values["grade_max"])
    elements = [{**tax.elements[i], "off": i in off} for i in element_ids]
    row = {
        **values,
        "status_label": _LABELS[status],
        "plain_status": PLAIN_STATUS[DecisionStatus(status)],
        "needs_parental_permission": status == DecisionStatus.APPROVED_WITH_CONSENT,
        "grades": grades,
        "elements": elements,
        "elements_shown": elements[:LISTING_ELEMENTS],
        "elements_more": max(0, len(elements) - LISTING_ELEMENTS),
        "elements_off": [tax.elements[i] for i in sorted(off, key=tax.element_order.__getitem__)],
        "data_collection": "listed" if elements else ("none" if values["recorded"] else "unknown"),
    }
    if "subject_ids" in values:
        row["subjects"] = sorted(
            (tax.subjects[i] for i in _split(values["subject_ids"]) if i in tax.subjects),
            key=lambda s: s["name"],
        )
    return row


def _page_statement(key: tuple[Any, ...]) -> Prepared:
    _, engine, walk, catalogue_first, names, text, like, full, window = key

    def build(start: int, stop: int, **arguments: Any) -> QuerySet[Any]:
        # The page's ids first (LIMIT inside), so the element subqueries run for its rows only,
        # not for every matching row before the sort: still one statement.
        decisions = registry_query.build(engine, walk, **arguments)
        if catalogue_first:
            resources = registry_query.catalogue_page(decisions, start, stop)
            page = ResourceDecision.objects.filter(
                district_id=arguments["district"], resource_id__in=resources
            )
        else:
            page = ResourceDecision.objects.filter(pk__in=decisions.values("pk")[start:stop])
        return row_values(page.order_by(*registry_query.ORDER), full=full)

    return Prepared(build, *names, text=text, like=like, window=window)


def _count_statement(key: tuple[Any, ...]) -> Prepared:
    _, engine, walk, _catalogue_first, names, text, like = key

    def build(**arguments: Any) -> QuerySet[Any]:
        # One district's decisions grouped by their district: a single row, the count.
        qs = registry_query.build(engine, walk, **arguments).order_by()
        return qs.values("district_id").annotate(n=Count("pk"))

    return Prepared(build, *names, text=text, like=like)


# A listing's statements, prepared once per shape (the filters used; the first page or a later one)
# and thread.
_PAGES = PreparedShapes(_page_statement)
_COUNTS = PreparedShapes(_count_statement, limit=128)


class RegistryRows:
    """A lazy, countable sequence of shaped rows for django's Paginator and DRF's pagination.

    Slicing runs the one statement with LIMIT/OFFSET. `count()` is a separate COUNT(*) on the
    filtered decisions (faster than a window count in a district with tens of thousands of
    decisions), and is skipped when the first page is asked for and comes back short. Both are
    prepared statements of the plan's shape (kit.prepared)."""

    def __init__(
        self,
        plan: registry_query.Plan,
        *,
        full: bool,
        page_size: int,
        first_page: bool,
        tax: Taxonomy | None = None,
    ) -> None:
        self.plan = plan
        self.full = full
        self.page_size = page_size
        self.tax = tax or taxonomy()
        self._first: list[dict[str, Any]] | None = None
        self._count: int | None = None
        if first_page:
            self._first = self._fetch(0, page_size)
            if len(self._first) < page_size:
                self._count = len(self._first)

    def _fetch(self, start: int, stop: int) -> list[dict[str, Any]]:
        window = "first" if start == 0 else "later"  # every later page is one statement
        rows = _PAGES.values(
            ("page", *self.plan.shape, self.full, window), start=start, stop=stop, **self.plan.arguments
        )
        return [shape(v, self.tax) for v in rows]

    def count(self) -> int:
        if self._count is None:
            found = _COUNTS.values(("count", *self.plan.shape), **self.plan.arguments)
            self._count = int(found[0]["n"]) if found else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        if not isinstance(key, slice):
            raise TypeError("RegistryRows is read a page at a time")
        start, stop = key.start or 0, key.stop
        if self._first is not None and start == 0 and stop in (self.page_size, len(self._first)):
            return self._first  # the paginator asks for [0:count] when the page is short
        return self._fetch(start, stop if stop is not None else self.count())


def iterate(qs: QuerySet[ResourceDecision], chunk_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every row of `qs`, full, streamed in chunks (the CSV)."""
    tax = taxonomy()
    for values in row_values(qs, full=True).iterator(chunk_size=chunk_size):
        yield shape(values, tax)


_ENTRY = Prepared(
    lambda district, resource: row_values(
        ResourceDecision.objects.filter(district_id=district, resource_id=resource), full=True
    )[:1],
    "district",
    "resource",
)


def one(district_id: int, resource_id: int) -> dict[str, Any] | None:
    """A district's decision on one resource, full (its public page): a prepared statement, so the
    query is not built again on every request."""
    found = _ENTRY.values(district=district_id, resource=resource_id)
    return shape(found[0], taxonomy()) if found else None
