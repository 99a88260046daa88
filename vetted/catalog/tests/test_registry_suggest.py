"""A misspelt registry search suggests the word the district's registry has ('did you mean …').

Runs on SQLite (Python trigrams) and on PostgreSQL (pg_trgm) with the same expectations:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vetted_typo pytest -p no:xdist <this file>
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from vetted.catalog import suggest
from vetted.catalog.selectors import RegistryFilters

from .factories import resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tenant: Any) -> dict[str, Any]:
    return {
        "birds": resource(tenant, "Kestrel Birdwatch", vendor_name="Fernleaf Interactive", grades=(3, 8)),
        "quiz": resource(
            tenant, "Fernleaf Quiz Builder", vendor_name="Fernleaf Interactive", status="pending"
        ),
        "maps": resource(
            tenant,
            "Compass Rose Maps",
            vendor_name="Compass Rose Geo",
            status="not_approved",
            reason="Collects precise location.",
        ),
    }


def page(client: Client, tenant: Any, query: str, **headers: str) -> str:
    response = client.get(f"/d/{tenant.district.slug}/resources/?{query}", headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def did_you_mean(body: str) -> tuple[str, str] | None:
    """The suggestion a reader sees and the address its link opens, or None."""
    found = re.search(r'Did you mean <a href="([^"]+)"[^>]*>([^<]+)</a>\?', body)
    return (html.unescape(found.group(2)), html.unescape(found.group(1))) if found else None


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Fernlef", "fernleaf"),
        ("kestral", "kestrel"),
        ("KESTRAL birdwach", "kestrel birdwatch"),  # every word corrected, case ignored
        ("kestral bird", "kestrel bird"),  # a word that matches as typed is kept
        ("compss rose", "compass rose"),
    ],
)
def test_a_misspelt_search_suggests_the_registry_word(
    client: Client, tenant: Any, registry: Any, typed: str, suggested: str
) -> None:
    body = page(client, tenant, f"q={typed}")
    assert "0</strong> resources found" in body
    seen = did_you_mean(body)
    assert seen is not None and seen[0] == suggested
    # The link runs the corrected search, which finds something.
    followed = client.get(seen[1]).content.decode()
    assert did_you_mean(followed) is None
    assert "0</strong> resources found" not in followed


def test_the_link_keeps_the_other_filters(client: Client, tenant: Any, registry: Any) -> None:
    seen = did_you_mean(page(client, tenant, "q=kestral&status=approved"))
    assert seen is not None
    assert "status=approved" in seen[1] and "q=kestrel" in seen[1]
    assert "Kestrel Birdwatch" in client.get(seen[1]).content.decode()


def test_no_suggestion_when_the_corrected_search_would_find_nothing_either(
    client: Client, tenant: Any, registry: Any
) -> None:
    # "kestrel" exists, but not as a pending resource: suggesting it would lead to another empty page.
    body = page(client, tenant, "q=kestral&status=pending")
    assert "0</strong> resources found" in body
    assert did_you_mean(body) is None


@pytest.mark.parametrize("query", ["q=kestrel", "q=zzqxv", "q=", "status=pending"])
def test_no_suggestion_when_something_is_found_or_nothing_is_close(
    client: Client, tenant: Any, registry: Any, query: str
) -> None:
    assert did_you_mean(page(client, tenant, query)) is None


def test_only_this_districts_names_are_suggested(
    client: Client, tenant: Any, other_tenant: Any, registry: Any
) -> None:
    resource(other_tenant, "Osprey Reading Log", vendor_name="Larchwood Learning")
    assert did_you_mean(page(client, tenant, "q=ospry")) is None
    assert did_you_mean(page(client, tenant, "q=larchwod")) is None
    seen = did_you_mean(page(client, other_tenant, "q=ospry"))
    assert seen is not None and seen[0] == "osprey"


def test_a_new_resource_is_suggested_at_once(client: Client, tenant: Any, registry: Any) -> None:
    assert did_you_mean(page(client, tenant, "q=heronn")) is None
    resource(tenant, "Heron Field Notes")
    seen = did_you_mean(page(client, tenant, "q=heronn"))
    assert seen is not None and seen[0] == "heron"


def test_live_search_results_carry_the_suggestion(client: Client, tenant: Any, registry: Any) -> None:
    body = page(client, tenant, "q=Fernlef", **{"HX-Request": "true"})
    assert "<html" not in body
    seen = did_you_mean(body)
    assert seen is not None and seen[0] == "fernleaf"


def test_api_has_a_suggestion_field(client: Client, tenant: Any, registry: Any) -> None:
    url = f"/api/v1/districts/{tenant.district.slug}/registry/"
    missed = client.get(url, {"q": "kestral"}).json()
    assert missed["count"] == 0 and missed["results"] == []
    assert missed["suggestion"] == "kestrel"
    corrected = client.get(url, {"q": missed["suggestion"]}).json()
    assert [r["name"] for r in corrected["results"]] == ["Kestrel Birdwatch"]
    assert corrected["suggestion"] is None
    assert client.get(url, {"q": "zzqxv"}).json()["suggestion"] is None


def test_the_highest_similarity_wins_and_ties_go_alphabetically(tenant: Any, registry: Any) -> None:
    resource(tenant, "Kestrels Counted")  # "kestrels" is less like "kestral" than "kestrel" is
    assert suggest.suggest(tenant.district, RegistryFilters(q="kestral")) == "kestrel"
    resource(tenant, "Larkspur Notes")
    resource(tenant, "Larkspun Tales")  # "larkspux" is as like one as the other: the first wins
    assert suggest.similarity("larkspux", "larkspur") == suggest.similarity("larkspux", "larkspun")
    assert suggest.suggest(tenant.district, RegistryFilters(q="larkspux")) == "larkspun"


def test_python_trigrams_follow_pg_trgm() -> None:
    assert suggest.trigrams("Cat") == {"  c", " ca", "cat", "at "}
    assert suggest.similarity("fernlef", "fernleaf") == pytest.approx(6 / 11)
    assert suggest.similarity("kestral", "kestrel") == pytest.approx(5 / 11)
    assert suggest.similarity("", "kestrel") == 0.0
    assert suggest.vocabulary_words("Fernleaf Interactive, Inc. 3D a1") == {"fernleaf", "interactive", "inc"}


PAIRS = [
    ("fernlef", "fernleaf"),
    ("kestral", "kestrel"),
    ("compas", "compass"),
    ("birdwach", "birdwatch"),
    ("math-lab", "mathlab"),
    ("écrire", "ecrire"),
    ("quiz", "quizlet"),
    ("a", "abc"),
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with pg_trgm itself")
def test_python_similarity_equals_pg_trgm_similarity() -> None:
    with connection.cursor() as cursor:
        for a, b in PAIRS:
            cursor.execute("SELECT similarity(%s, %s)", [a, b])
            assert cursor.fetchone()[0] == pytest.approx(suggest.similarity(a, b), abs=1e-6), (a, b)
