"""A prepared statement runs the SQL compiled once with each call's own ids, converts values as the
ORM does, keeps a compiled statement per thread, and refuses a query whose SQL would change by value."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from vetted.districts.models import District
from vetted.kit.prepared import Prepared

pytestmark = pytest.mark.django_db(transaction=True)


def _by_id() -> Prepared:
    return Prepared(lambda district: District.objects.filter(pk=district).values("slug", "name"), "district")


def test_each_call_binds_its_own_ids(tenant: Any, other_tenant: Any) -> None:
    prepared = _by_id()
    assert prepared.values(district=tenant.district.pk) == [
        {"slug": "birchfield", "name": tenant.district.name}
    ]
    assert prepared.values(district=other_tenant.district.pk)[0]["slug"] == other_tenant.district.slug
    assert prepared.values(district=-1) == []


def test_values_are_converted_as_the_orm_converts_them(tenant: Any, catalog_item: Any) -> None:
    from vetted.catalog.models import ResourceDecision

    prepared = Prepared(
        lambda decision: ResourceDecision.objects.filter(pk=decision).values("decided_at", "staff_only"),
        "decision",
    )
    decision = ResourceDecision.objects.filter(district=tenant.district).first()
    assert decision is not None
    row = prepared.values(decision=decision.pk)[0]
    assert isinstance(row["decided_at"], dt.datetime) and row["decided_at"] == decision.decided_at
    assert row["staff_only"] is decision.staff_only


def test_each_thread_compiles_its_own(tenant: Any) -> None:
    prepared = _by_id()
    prepared.values(district=tenant.district.pk)
    mine = prepared._local.compiled[0]
    seen: list[Any] = []

    def other() -> None:
        from django.db import connection

        try:
            prepared.values(district=tenant.district.pk)
            seen.append(prepared._local.compiled[0])
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen and seen[0] is not mine and seen[0].connection is not mine.connection


def test_a_query_whose_sql_would_change_with_the_value_is_refused(tenant: Any) -> None:
    # The marker is turned into something else (a string) before it reaches the parameters.
    prepared = Prepared(lambda district: District.objects.filter(slug=str(district)).values("pk"), "district")
    with pytest.raises(ValueError, match="cannot be prepared"):
        prepared.values(district=tenant.district.pk)


def test_text_arguments_are_compared_as_given(tenant: Any, other_tenant: Any) -> None:
    prepared = Prepared(lambda slug: District.objects.filter(slug=slug).values("pk"), "slug", text=["slug"])
    assert prepared.values(slug=tenant.district.slug) == [{"pk": tenant.district.pk}]
    assert prepared.values(slug=other_tenant.district.slug) == [{"pk": other_tenant.district.pk}]
    assert prepared.values(slug="' OR 1=1 --") == []


def test_like_arguments_are_escaped_as_the_orm_escapes_them(tenant: Any) -> None:
    District.objects.filter(pk=tenant.district.pk).update(name="Birch 100% Field_North")
    prepared = Prepared(
        lambda part: District.objects.filter(name__icontains=part).values("pk"), "part", like=["part"]
    )
    assert prepared.values(part="100% field") == [{"pk": tenant.district.pk}]
    # "%" and "_" are literal characters, not wildcards: no district is named with "0x1".
    assert prepared.values(part="100_") == []
    assert prepared.values(part="%") == [{"pk": tenant.district.pk}]
    assert District.objects.filter(name__icontains="%").count() == 1


def test_a_text_marker_changed_on_its_way_is_refused(tenant: Any) -> None:
    prepared = Prepared(
        lambda slug: District.objects.filter(slug=slug.upper()).values("pk"), "slug", text=["slug"]
    )
    with pytest.raises(ValueError, match="cannot be prepared"):
        prepared.values(slug=tenant.district.slug)


def test_shapes_are_kept_up_to_a_limit(tenant: Any) -> None:
    from vetted.kit.prepared import PreparedShapes

    made: list[int] = []

    def factory(limit: int) -> Prepared:
        made.append(limit)
        return Prepared(
            lambda district: District.objects.filter(pk=district).values("pk")[:limit], "district"
        )

    shapes = PreparedShapes(factory, limit=2)
    for limit in (1, 1, 2, 3, 1):
        assert shapes.values(limit, district=tenant.district.pk) == [{"pk": tenant.district.pk}]
    assert made == [1, 2, 3, 1]  # the fourth shape pushed out the oldest


def test_a_small_integer_column_takes_its_argument(tenant: Any, catalog_item: Any) -> None:
    # PostgreSQL's backend drops a comparison with a value a small-integer column cannot hold; the
    # markers sit inside every integer range, so the grade still reaches the statement.
    from vetted.catalog.models import ResourceDecision

    prepared = Prepared(
        lambda district, grade: ResourceDecision.objects.filter(
            district_id=district, grade_min__lte=grade
        ).values("pk"),
        "district",
        "grade",
    )
    ResourceDecision.objects.filter(district=tenant.district).update(grade_min=6)
    assert prepared.values(district=tenant.district.pk, grade=5) == []
    expected = list(ResourceDecision.objects.filter(district=tenant.district).values("pk"))
    assert expected and prepared.values(district=tenant.district.pk, grade=6) == expected


def test_a_constant_equal_to_a_marker_stays_a_constant(tenant: Any) -> None:
    prepared = Prepared(
        lambda district: District.objects.filter(pk=district).exclude(pk=31_000).values("pk"), "district"
    )
    assert prepared.values(district=tenant.district.pk) == [{"pk": tenant.district.pk}]


def test_a_window_reads_every_page_with_one_statement(tenant: Any, other_tenant: Any) -> None:
    def build(start: int, stop: int, low: int) -> Any:
        return District.objects.filter(pk__gte=low).order_by("pk").values("pk")[start:stop]

    first = Prepared(build, "low", window="first")
    later = Prepared(build, "low", window="later")
    everything = list(District.objects.order_by("pk").values("pk"))
    assert len(everything) >= 2
    assert first.values(low=0, start=0, stop=1) == everything[:1]
    assert later.values(low=0, start=1, stop=2) == everything[1:2]
    compiled = later._local.compiled
    assert later.values(low=0, start=1, stop=50) == everything[1:50]
    assert later._local.compiled is compiled and "LIMIT %s" in compiled[1]  # not compiled again
    assert later.values(low=0, start=1, stop=1) == []
    with pytest.raises(ValueError, match="does not fit"):
        later.values(low=0, start=0, stop=1)
