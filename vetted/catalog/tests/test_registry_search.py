"""Full-text search in the registry (issue 15, item 2): prefixes, every word, hostile text."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from vetted.catalog import search, selectors
from vetted.catalog.models import Resource, ResourceDecision

from .factories import resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tenant: Any) -> dict[str, Resource]:
    return {
        "writing": resource(tenant, "Quillstone Writing Studio", vendor_name="Quillstone Learning Inc.",
                            description="Drafts, peer e-mail feedback and portfolios"),
        "maps": resource(tenant, "Compass Rose Maps", vendor_name="Compass Rose Geo"),
        "code": resource(tenant, "Code++ Lab", vendor_name="Fernleaf Interactive"),
    }  # fmt: skip


def found(tenant: Any, q: str, engine: str | None = "auto") -> list[str]:
    qs = search.matching(
        ResourceDecision.objects.filter(district=tenant.district), q.lower().split(), engine=engine
    )
    return sorted(qs.values_list("resource__name", flat=True))


def test_the_database_full_text_search_is_used(db: Any) -> None:
    assert search.full_text() == connection.vendor  # SQLite with FTS5 here, or PostgreSQL


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("quill", ["Quillstone Writing Studio"]),  # a prefix of the name
        ("QUILLSTONE learn", ["Quillstone Writing Studio"]),  # vendor, any case, prefix
        ("writ stud", ["Quillstone Writing Studio"]),  # every word, each a prefix
        ("quill compass", []),  # every word must match
        ("portfolio", ["Quillstone Writing Studio"]),  # the description
        ("e-mail", ["Quillstone Writing Studio"]),  # a hyphenated word
        ("peer-e", ["Quillstone Writing Studio"]),  # its runs side by side, the last a prefix
        ("mail-peer", []),  # ... in that order
        ("++", ["Code++ Lab"]),  # no letter or digit: a substring, as without full text
        ("code ++", ["Code++ Lab"]),
        ("rose", ["Compass Rose Maps"]),
        ("nothing", []),
    ],
)
def test_words_match_as_prefixes(tenant: Any, registry: Any, q: str, expected: list[str]) -> None:
    assert found(tenant, q) == expected


def test_without_full_text_every_word_is_a_substring(tenant: Any, registry: Any) -> None:
    assert found(tenant, "stone writ", engine=None) == ["Quillstone Writing Studio"]
    assert found(tenant, "quill compass", engine=None) == []


def test_the_index_follows_every_write(tenant: Any, registry: Any) -> None:
    maps = registry["maps"]
    maps.name = "Meridian Atlas"
    maps.save()
    assert found(tenant, "meridian") == ["Meridian Atlas"] and found(tenant, "maps") == []
    # Around save(): the triggers (SQLite) and the expression index (PostgreSQL) still follow.
    Resource.objects.filter(pk=maps.pk).update(search_text="heliotrope cartography")
    assert found(tenant, "heliotr") == ["Meridian Atlas"] and found(tenant, "meridian") == []
    bulk = Resource.objects.bulk_create(
        [Resource(name="Bulkwise", vendor=maps.vendor, search_text="bulkwise fernleaf")]
    )[0]
    ResourceDecision.objects.create(district=tenant.district, resource=bulk, status="approved")
    assert found(tenant, "bulkw") == ["Bulkwise"]
    ResourceDecision.objects.filter(resource=bulk).delete()
    bulk.delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # the deleted row left the index too
            cursor.execute(
                "SELECT count(*) FROM catalog_resource_fts WHERE catalog_resource_fts MATCH 'bulkwise'"
            )
            assert cursor.fetchone()[0] == 0


def test_expressions_hold_only_letters_and_digits() -> None:
    words = ["e-mail", 'quill"*', "a:*", "NEAR(x", "'; drop", "&&"]
    assert search.sqlite_expression(words) == '"e mail"* "quill"* "a"* "near x"* "drop"*'
    assert search.postgres_expression(words) == (
        "('e' <-> 'mail':*) & ('quill':*) & ('a':*) & ('near' <-> 'x':*) & ('drop':*)"
    )
    assert search.sqlite_expression(["&&", "--"]) == "" and search.postgres_expression(["**"]) == ""


HOSTILE = [
    '"', '""', "'", "''", "*", "a*", "*a", "NEAR(a b)", "a OR b", "a AND NOT b", "-a", "^a", "a:*", "!a",
    "a & b | c", "(a", ")", "\\", "'; DROP TABLE catalog_resource; --", "%", "_", "%_%", "ü", "日本語",
    "🙂", "x-" * 100, "col:quill", "search_text:quill", "{a b}", "a+b", "<->", "a <-> b", "a:B", "\u200b",
    "quill" * 40, "\t\n", "NOT", "AND", "OR", "&", "|", "!", ":*", "'a':*", "a''b", '"a" "b"',
]  # fmt: skip


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_text_never_breaks_the_search(client: Client, tenant: Any, registry: Any, q: str) -> None:
    slug = tenant.district.slug
    page = client.get(f"/d/{slug}/resources/", {"q": q})
    assert page.status_code == 200
    api = client.get(f"/api/v1/districts/{slug}/registry/", {"q": q})
    assert api.status_code == 200 and "results" in api.json()
    assert client.get(f"/d/{slug}/resources.csv", {"q": q}).status_code == 200
    # The same words still find the resource when it is there.
    assert selectors.registry(tenant.district, selectors.RegistryFilters(q=q)).count() <= 3


@pytest.mark.parametrize("q", ["quill NEAR(", 'writ" OR "compass', "quill* OR rose"])
def test_operators_are_words_not_syntax(tenant: Any, registry: Any, q: str) -> None:
    # "OR" would join two alternatives in FTS5: here it is one more word that must match.
    assert found(tenant, q) == []
