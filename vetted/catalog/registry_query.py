"""A registry search as a shape and its arguments (issue 15).

The SQL of a registry search depends on which filters are used (and how the words are matched), not
on their values. A `Plan` names both, so the listing runs as a prepared statement per shape
(registry_rows.RegistryRows) and every other reader (the CSV) builds its queryset from the same
`build`: one description of what a filter means.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from . import search
from .models import Resource, ResourceDecision

if TYPE_CHECKING:
    from .selectors import RegistryFilters

ORDER = ("resource__name", "resource_id")
_ELEMENTS = Resource.data_elements.through
_SUBJECTS = Resource.subjects.through


# A district with fewer decisions than this is walked, not probed, by a word search (search.ScannedIn).
WALK_BELOW = 5_000
SIZE_SECONDS = 300.0  # how long a process trusts a district's size (a hint: it changes the plan only)
_sizes: dict[int, tuple[int, float]] = {}


@dataclass(frozen=True)
class Plan:
    engine: str | None  # how words are matched (search.plan)
    arguments: dict[str, Any]
    text: tuple[str, ...]  # arguments compared as they are
    like: tuple[str, ...]  # arguments matched as substrings
    walk: bool = False  # search.apply's walk
    # A big district without a word search: read the catalogue in name order and keep the resources
    # the district decided on (catalogue_page), rather than sort all its decisions for every page.
    catalogue_first: bool = False

    @property
    def shape(self) -> tuple[Any, ...]:
        """What decides the statement's SQL (its values aside): a key for its prepared statements."""
        return (self.engine, self.walk, self.catalogue_first, tuple(self.arguments), self.text, self.like)


def district_size(district_id: int) -> int:
    """How many decisions the district has, read at most every SIZE_SECONDS per process."""
    now = time.monotonic()
    known = _sizes.get(district_id)
    if known is not None and now - known[1] < SIZE_SECONDS:
        return known[0]
    size = ResourceDecision.objects.filter(district_id=district_id).count()
    if len(_sizes) > 10_000:
        _sizes.clear()
    _sizes[district_id] = (size, now)
    return size


def plan(district_id: int, filters: RegistryFilters) -> Plan:
    engine, like_words, expression = search.plan(filters.words)
    # Only SQLite's plans change with a district's size (walk, catalogue_first): PostgreSQL never asks.
    big = connection.vendor == "sqlite" and district_size(district_id) >= WALK_BELOW
    walk = engine == "sqlite" and bool(expression) and not big
    arguments: dict[str, Any] = {"district": district_id}
    text: list[str] = []
    like: list[str] = []
    for index, word in enumerate(like_words):
        arguments[f"word{index}"] = word
        like.append(f"word{index}")
    if expression:
        arguments["match"] = expression
        text.append("match")
    if filters.vendor:
        arguments["vendor"] = filters.vendor
        like.append("vendor")
    for name in ("subject", "status", "element"):
        if getattr(filters, name):
            arguments[name] = getattr(filters, name)
            text.append(name)
    if filters.grade is not None:
        arguments["grade"] = filters.grade
    return Plan(
        engine=engine,
        arguments=arguments,
        text=tuple(text),
        like=tuple(like),
        walk=walk,
        # PostgreSQL plans a generic prepared statement for a small district and hashes all 20,000
        # rows (52 ms); its district-first plan stays faster there.
        catalogue_first=big and not filters.words and connection.vendor == "sqlite",
    )


def build(engine: str | None, walk: bool = False, **arguments: Any) -> QuerySet[ResourceDecision]:
    """The district's decisions that match, in the registry's order (name, then id). `arguments` are
    a plan's, or markers standing for them (kit.prepared)."""
    qs = ResourceDecision.objects.filter(district_id=arguments["district"])
    # Every word must appear in the name, the vendor or the description (catalog/search.py).
    words = [arguments[name] for name in arguments if name.startswith("word")]
    qs = search.apply(qs, engine, words, arguments.get("match", ""), walk=walk)
    if "vendor" in arguments:
        qs = qs.filter(resource__vendor__legal_name__icontains=arguments["vendor"])
    if "subject" in arguments:
        qs = qs.filter(_resource_has(_SUBJECTS, subject__slug=arguments["subject"]))
    if "grade" in arguments:
        g = arguments["grade"]
        qs = qs.filter(
            Q(grade_min__isnull=True) | Q(grade_min__lte=g), Q(grade_max__isnull=True) | Q(grade_max__gte=g)
        )
    if "status" in arguments:
        qs = qs.filter(status=arguments["status"])
    if "element" in arguments:
        qs = qs.filter(_resource_has(_ELEMENTS, dataelement__code=arguments["element"]))
    return qs.order_by(*ORDER)


def _resource_has(through: Any, **link: Any) -> Exists:
    """The decision's resource has a subject or data element (EXISTS on the link table's index)."""
    return Exists(through.objects.filter(resource_id=OuterRef("resource_id"), **link))


def catalogue_page(decisions: QuerySet[ResourceDecision], start: int, stop: int) -> QuerySet[Any]:
    """The ids of resources `start`..`stop` in the registry's order that have a decision in
    `decisions`: the catalogue read in name order (its index), each resource probing the district's
    (district, resource) index. A district that decided on most of the catalogue finds a page after
    a few hundred probes (0.06-0.7 ms on SQLite, against 8-10 ms to sort 20,000 decisions); a small
    district would probe most of the catalogue, so it keeps the district-first page (Plan)."""
    found = decisions.order_by().filter(resource_id=OuterRef("pk"))
    return Resource.objects.filter(Exists(found)).order_by("name", "pk").values("pk")[start:stop]


def queryset(p: Plan) -> QuerySet[ResourceDecision]:
    return build(p.engine, p.walk, **p.arguments)
