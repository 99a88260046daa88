"""A registry search as a shape and its arguments (issue 15).

The SQL of a registry search depends on which filters are used (and how the words are matched), not
on their values. A `Plan` names both, so the listing runs as a prepared statement per shape
(registry_rows.RegistryRows) and every other reader (the CSV) builds its queryset from the same
`build`: one description of what a filter means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from . import search
from .models import Resource, ResourceDecision

if TYPE_CHECKING:
    from .selectors import RegistryFilters

ORDER = ("resource__name", "resource_id")
_ELEMENTS = Resource.data_elements.through
_SUBJECTS = Resource.subjects.through


@dataclass(frozen=True)
class Plan:
    engine: str | None  # how words are matched (search.plan)
    arguments: dict[str, Any]
    text: tuple[str, ...]  # arguments compared as they are
    like: tuple[str, ...]  # arguments matched as substrings

    @property
    def shape(self) -> tuple[Any, ...]:
        return (self.engine, tuple(self.arguments))


def plan(district_id: int, filters: RegistryFilters) -> Plan:
    engine, like_words, expression = search.plan(filters.words)
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
    return Plan(engine=engine, arguments=arguments, text=tuple(text), like=tuple(like))


def build(engine: str | None, **arguments: Any) -> QuerySet[ResourceDecision]:
    """The district's decisions that match, in the registry's order (name, then id). `arguments` are
    a plan's, or markers standing for them (kit.prepared)."""
    qs = ResourceDecision.objects.filter(district_id=arguments["district"])
    # Every word must appear in the name, the vendor or the description (catalog/search.py).
    words = [arguments[name] for name in arguments if name.startswith("word")]
    qs = search.apply(qs, engine, words, arguments.get("match", ""))
    if "vendor" in arguments:
        qs = qs.filter(resource__vendor__legal_name__icontains=arguments["vendor"])
    if "subject" in arguments:
        links = _SUBJECTS.objects.filter(
            resource_id=OuterRef("resource_id"), subject__slug=arguments["subject"]
        )
        qs = qs.filter(Exists(links))
    if "grade" in arguments:
        g = arguments["grade"]
        qs = qs.filter(
            Q(grade_min__isnull=True) | Q(grade_min__lte=g), Q(grade_max__isnull=True) | Q(grade_max__gte=g)
        )
    if "status" in arguments:
        qs = qs.filter(status=arguments["status"])
    if "element" in arguments:
        links = _ELEMENTS.objects.filter(
            resource_id=OuterRef("resource_id"), dataelement__code=arguments["element"]
        )
        qs = qs.filter(Exists(links))
    return qs.order_by(*ORDER)


def queryset(p: Plan) -> QuerySet[ResourceDecision]:
    return build(p.engine, **p.arguments)
