"""PostgreSQL row-level security keyed by the current district: a backstop, not the guard.

The guard is the app's own scoping (`member_district`, `get_for_user`, selectors that filter by
district). This is a second wall behind it: on every table with a `district_id` column a policy
hides the rows of other districts whenever the connection's `vetted.district_id` setting names a
district, so a query that forgot its `.filter(district=...)` still returns only the current
district's rows, and a write into another district's rows is refused.

What it is and is not:
- The scope is set for requests under /manage/<district>/ and /api/v1/districts/<district>/
  (`DistrictRowScopeMiddleware`). Everything else runs in the system context (setting empty: every
  row visible): the worker, management commands, public pages that read many districts, sign-in.
- Code that must read or write across districts on purpose (consortium partners, general offers,
  the shared catalogue's governance, the list of one's own districts) says so with
  `across_districts()`; grep for it to see every such place.
- Some rows are read across districts by design and say so on their model:
  `row_security_also_visible` (a general offer is addressed to other districts) widens reads, and
  `row_security_shared` (a proposed change to a shared catalogue row, answered by every district
  that publishes it) leaves the table without the policy. Both give their reason there.
- Rows without `district_id` are not covered: the shared catalogue (vendors, resources), users,
  sessions, and child rows reached through a parent (agreement documents, provision checks,
  comments). The app's own scoping is their only guard.
- It does not hold against SQL injection or a compromised app: the app's role may set
  `vetted.district_id` itself. It holds against the common bug, the forgotten filter.
- PostgreSQL superusers and roles with BYPASSRLS skip every policy. So it only works when the app
  connects as its own role (`vetted db_roles`, README "Production database"); development and the
  test suite connect as `postgres` and see everything, as before. SQLite has no row security:
  these functions do nothing there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

SETTING = "vetted.district_id"
POLICY = "vetted_district_scope"
COLUMN = "district_id"
# Empty or unset: the system context, every row. Otherwise only the named district's rows.
# nullif(...)::bigint never casts '' (an OR's operands may be evaluated in any order).
SCOPE_EXPR = (
    f"coalesce(current_setting('{SETTING}', true), '') = '' "
    f"OR {COLUMN} = nullif(current_setting('{SETTING}', true), '')::bigint"
)
NO_DISTRICT = 0  # the scope for an unknown slug: no district's rows at all (fails closed)


def _district_models() -> list[type[Model]]:
    district_model = apps.get_model("districts", "District")
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if any(
            f.column == COLUMN and getattr(f, "related_model", None) is district_model
            for f in meta.concrete_fields
        ):
            found.append(model)
    return found


def district_tables() -> list[str]:
    """Every table with a `district_id` foreign key to District, from Django's app registry, so a
    model added later is covered without anyone remembering to list it."""
    return sorted(m._meta.db_table for m in _district_models())


def shared_tables() -> dict[str, str]:
    """Tables left without the policy, each with the reason its model gives
    (`row_security_shared = "..."`): rows several districts work on together by design."""
    return {
        m._meta.db_table: str(getattr(m, "row_security_shared", ""))
        for m in _district_models()
        if getattr(m, "row_security_shared", "")
    }


def policy_sql(table: str, also_visible: str = "") -> list[str]:
    """The statements that put `table` under the district policy (idempotent).

    `also_visible` is a predicate on the row (from the model's `row_security_also_visible`) for
    rows of other districts that the district may read by design, such as a general offer; it
    widens reads only, a write must still belong to the district in scope. FORCE makes the policy
    bind the table's owner too (owners skip it otherwise)."""
    name = connection.ops.quote_name(table)
    using = f"{SCOPE_EXPR} OR ({also_visible})" if also_visible else SCOPE_EXPR
    return [
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {name}",
        f"CREATE POLICY {POLICY} ON {name} USING ({using}) WITH CHECK ({SCOPE_EXPR})",
    ]


def apply_row_security(conn: BaseDatabaseWrapper | None = None) -> list[str]:
    """Put every district table under the policy, except shared ones; returns the tables policed.
    Run by `vetted migrate`."""
    conn = conn or connection
    if conn.vendor != "postgresql":
        return []
    existing = set(conn.introspection.table_names())
    done = []
    with conn.cursor() as cursor:
        for model in _district_models():
            table = model._meta.db_table
            if table not in existing:
                continue
            if getattr(model, "row_security_shared", ""):
                cursor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {conn.ops.quote_name(table)}")
                cursor.execute(f"ALTER TABLE {conn.ops.quote_name(table)} DISABLE ROW LEVEL SECURITY")
                continue
            for sql in policy_sql(table, str(getattr(model, "row_security_also_visible", ""))):
                cursor.execute(sql)
            done.append(table)
    return sorted(done)


# --- the current district of this connection ------------------------------------------------


def active() -> bool:
    return connection.vendor == "postgresql" and getattr(settings, "VETTED_ROW_SECURITY", True)


def current_scope() -> str:
    """'' in the system context, else the district's id as text."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [SETTING])
        row = cursor.fetchone()
    return (row[0] if row else None) or ""


def set_scope(district_id: int | str | None) -> None:
    """Scope this connection to one district (None: the system context).

    Session-level (`set_config(..., false)`), because requests do not run in one transaction
    (ATOMIC_REQUESTS is off): whoever sets it must clear it, or a persistent connection carries it
    into the next request. The middleware clears it in `finally`."""
    if not active():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, false)", [SETTING, "" if district_id is None else str(district_id)]
        )


def set_scope_by_slug(slug: str) -> None:
    """Scope this connection to the district with this slug, in one round trip; an unknown slug
    scopes it to no district at all (NO_DISTRICT), so it fails closed."""
    if not active():
        return
    table = connection.ops.quote_name(apps.get_model("districts", "District")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT set_config(%s, coalesce((SELECT id::text FROM {table} WHERE slug = %s), %s), false)",  # noqa: S608
            [SETTING, slug, str(NO_DISTRICT)],
        )


@contextmanager
def _scoped(district_id: int | None) -> Iterator[None]:
    """Run a block with another scope, then put the previous one back.

    If the block failed inside a transaction that is now aborted, putting the scope back fails too;
    the rollback restores it anyway, so that error is dropped and the block's own error is raised."""
    if not active():
        yield
        return
    previous = current_scope() or None
    if previous == (None if district_id is None else str(district_id)):
        yield
        return
    set_scope(district_id)
    try:
        yield
    except BaseException:
        with suppress(DatabaseError):
            set_scope(previous)
        raise
    set_scope(previous)


@contextmanager
def across_districts() -> Iterator[None]:
    """The system context for a block that reads or writes across districts on purpose (consortium
    partners, general offers, the shared catalogue's governance, one's own list of districts)."""
    with _scoped(None):
        yield


@contextmanager
def in_district(district_id: int) -> Iterator[None]:
    """A block scoped to one district (the middleware does this for a whole request)."""
    with _scoped(district_id):
        yield
