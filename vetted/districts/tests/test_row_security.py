"""Row-level security and the app's own role, tried as an attacker (or a careless query) would.

Each test runs its queries as the app's role (`as_app_role`), because PostgreSQL's superuser, whom
the suite connects as, skips every policy. Without the policy or the role, each test here fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from vetted.audit.models import AuditEvent
from vetted.catalog import services as catalog
from vetted.catalog.models import ResourceDecision
from vetted.districts import row_security
from vetted.districts.middleware import DistrictRowScopeMiddleware
from vetted.districts.models import District, Membership
from vetted.outbox.models import Message
from vetted.outbox.services import queue

from .app_role import POSTGRES_ONLY, as_app_role

# Tables the tests below fill in both districts.
SCOPED_MODELS = [Membership, AuditEvent, ResourceDecision, Message]


def _fill(tenant: Any) -> None:
    admin = tenant.user("admin")
    with transaction.atomic():
        vendor = catalog.create_vendor(
            tenant.district, actor=admin, data={"legal_name": f"Vendor of {tenant.district.slug}"}
        )
        resource = catalog.create_resource(
            tenant.district, actor=admin, data={"name": f"Tool of {tenant.district.slug}", "vendor": vendor}
        )
        catalog.decide(
            tenant.district, resource, actor=admin, status="approved", internal_notes="private note"
        )
        queue(
            tenant.district, kind="test", to=f"admin@{tenant.district.slug}.example",
            key=f"rls-{tenant.district.slug}", subject="A notice", body="Private body.",
        )  # fmt: skip


@pytest.fixture
def two_districts(tenant: Any, other_tenant: Any) -> tuple[District, District]:
    _fill(tenant)
    _fill(other_tenant)
    return tenant.district, other_tenant.district


def test_every_model_owned_by_a_district_is_covered_by_the_policy() -> None:
    """A table added later with a foreign key to District must be found by `district_tables()`
    (the column must be `district_id`), or it would silently escape the backstop."""
    district = apps.get_model("districts", "District")
    owned = {
        m._meta.db_table
        for m in apps.get_models()
        if not m._meta.proxy
        and any(getattr(f, "related_model", None) is district for f in m._meta.concrete_fields)
    }
    assert owned, "no model refers to District: the test would prove nothing"
    assert owned <= set(row_security.district_tables()), owned - set(row_security.district_tables())


# Tables read across districts by design; each model gives its reason (`row_security_shared`).
# A new entry here is a decision to review, not a way to make this test pass.
EXPECTED_SHARED = {"catalog_catalogchange", "catalog_catalogchangeanswer"}


def test_only_the_reviewed_shared_tables_escape_the_policy() -> None:
    assert set(row_security.shared_tables()) == EXPECTED_SHARED
    assert all(len(reason) > 20 for reason in row_security.shared_tables().values())


@POSTGRES_ONLY
@pytest.mark.django_db
def test_every_district_table_in_the_database_has_a_forced_policy() -> None:
    policed = set(row_security.district_tables()) - set(row_security.shared_tables())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, p.polname IS NOT NULL "
            "FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = %s "
            "WHERE c.relname = ANY(%s) AND c.relnamespace = current_schema()::regnamespace",
            [row_security.POLICY, sorted(policed)],
        )
        found = {name: flags for name, *flags in cursor.fetchall()}
    assert set(found) == policed
    assert {name for name, flags in found.items() if flags != [True, True, True]} == set()


@POSTGRES_ONLY
def test_unscoped_query_inside_district_a_sees_nothing_of_district_b(two_districts: Any) -> None:
    a, b = two_districts
    with as_app_role(), row_security.in_district(a.pk):
        for model in SCOPED_MODELS:
            seen = set(
                model._default_manager.all().values_list("district_id", flat=True)
            )  # no district filter
            assert seen == {a.pk}, (model.__name__, seen)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {model._meta.db_table} WHERE district_id = %s", [b.pk])  # noqa: S608
                assert cursor.fetchone() == (0,), model.__name__
        assert not ResourceDecision.objects.filter(internal_notes="private note", district=b).exists()
        # The same role in the system context (the worker, commands) sees both: the scope did it.
        with row_security.across_districts():
            for model in SCOPED_MODELS:
                assert set(model._default_manager.values_list("district_id", flat=True)) == {a.pk, b.pk}


@POSTGRES_ONLY
def test_writing_into_district_b_from_district_a_scope_is_refused(two_districts: Any) -> None:
    a, b = two_districts
    with as_app_role(), row_security.in_district(a.pk):
        # Updates and deletes of B's rows find nothing to change.
        assert ResourceDecision.objects.filter(district=b).update(internal_notes="overwritten") == 0
        assert Membership.objects.filter(district=b).delete()[0] == 0
        # A row claiming to belong to B is refused by the policy's WITH CHECK.
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Membership.objects.create(
                district=b, user=Membership.objects.filter(district=a)[0].user, role="admin"
            )
    assert ResourceDecision.objects.get(district=b).internal_notes == "private note"
    assert Membership.objects.filter(district=b).count() == 5


@POSTGRES_ONLY
def test_an_unknown_district_scope_sees_no_district_rows(two_districts: Any) -> None:
    with as_app_role(), row_security.in_district(row_security.NO_DISTRICT):
        assert not any(m._default_manager.exists() for m in SCOPED_MODELS)


ATTACKS_ON_THE_TRAIL = {
    "update an event": "UPDATE audit_auditevent SET details = '{}'",
    "delete the newest event": "DELETE FROM audit_auditevent WHERE seq = (SELECT max(seq) FROM audit_auditevent)",
    "truncate the trail": "TRUNCATE audit_auditevent",
    "disable the append-only trigger": "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change",
    "drop the append-only trigger": "DROP TRIGGER audit_event_no_change ON audit_auditevent",
    "replica mode skips triggers": "SET session_replication_role = replica",
    "turn row security off": "ALTER TABLE audit_auditevent NO FORCE ROW LEVEL SECURITY",
    "take the table over": "ALTER TABLE audit_auditevent OWNER TO CURRENT_USER",
}


@POSTGRES_ONLY
@pytest.mark.parametrize("attack", ATTACKS_ON_THE_TRAIL)
def test_the_app_role_cannot_rewrite_or_unprotect_the_audit_trail(two_districts: Any, attack: str) -> None:
    before = list(AuditEvent.objects.order_by("pk").values_list("pk", "hash"))
    with as_app_role():
        refused = pytest.raises(DatabaseError, match="permission denied|must be owner")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(ATTACKS_ON_THE_TRAIL[attack])
        # Appending is still allowed: the app records events as this role.
        with transaction.atomic():
            _fill_one_more_event(two_districts[0])
    assert list(AuditEvent.objects.order_by("pk").values_list("pk", "hash"))[: len(before)] == before


def _fill_one_more_event(district: District) -> None:
    from vetted.audit.services import record

    record(district, "test.appended")


@POSTGRES_ONLY
def test_a_staff_page_and_the_api_under_district_a_work_as_the_app_role(
    two_districts: Any, tenant: Any, client_as: Any, api_as: Any
) -> None:
    a, b = two_districts
    admin = tenant.user("admin")
    with as_app_role():
        page = client_as(admin).get(f"/manage/{a.slug}/audit/")
        assert row_security.current_scope() == "", "the scope outlived the request on this connection"
        api = api_as(admin).get(f"/api/v1/districts/{a.slug}/decisions/")
        people = client_as(admin).get(f"/manage/{a.slug}/people/")
    assert page.status_code == 200 and "vendor.created" in page.content.decode()
    assert api.status_code == 200
    assert [d["resource_name"] for d in api.json()["results"]] == [f"Tool of {a.slug}"]
    assert people.status_code == 200 and "admin@birchfield.example" in people.content.decode()
    assert "larchmont.example" not in people.content.decode()


@POSTGRES_ONLY
@pytest.mark.django_db
def test_db_roles_prints_grants_without_update_or_delete_on_the_trail(capsys: Any) -> None:
    call_command("db_roles", "--app-role", "vetted_app")
    sql = capsys.readouterr().out
    assert 'GRANT SELECT, INSERT ON TABLE "audit_auditevent" TO "vetted_app"' in sql
    assert 'GRANT SELECT ON TABLE "django_migrations" TO "vetted_app"' in sql
    assert "TRUNCATE" not in sql and "SUPERUSER" not in sql.replace("NOSUPERUSER", "")


@POSTGRES_ONLY
@pytest.mark.django_db
def test_db_roles_refuses_a_superuser_as_the_app_role() -> None:
    with pytest.raises(CommandError, match="Refused for role postgres: is a superuser"):
        call_command("db_roles", "--app-role", "postgres", "--apply")


@pytest.mark.django_db
def test_db_roles_refuses_a_hostile_role_name_or_sqlite() -> None:
    with pytest.raises(CommandError, match="plain role name|PostgreSQL features"):
        call_command("db_roles", "--app-role", "x'; DROP TABLE audit_auditevent; --")


def _unscoped_view(request: Any, district_slug: str) -> HttpResponse:
    """A view with the bug the backstop is for: it forgot to filter by district."""
    return HttpResponse(
        ",".join(sorted({str(d) for d in AuditEvent.objects.values_list("district_id", flat=True)}))
    )


@POSTGRES_ONLY
@pytest.mark.parametrize("path", ["/manage/{slug}/audit/", "/api/v1/districts/{slug}/audit-events/"])
def test_a_view_that_forgot_its_district_filter_sees_only_its_own_district(
    two_districts: Any, path: str
) -> None:
    a, b = two_districts
    middleware = DistrictRowScopeMiddleware(lambda request: _run_view(middleware, request, a.slug))
    with as_app_role():
        response = middleware(RequestFactory().get(path.format(slug=a.slug)))
        assert row_security.current_scope() == "", "the scope outlived the request on this connection"
        # The same forgetful view outside /manage/ and the API (a public page) is not scoped.
        public = DistrictRowScopeMiddleware(lambda request: _run_view(public, request, a.slug))
        everything = public(RequestFactory().get(f"/d/{a.slug}/resources/"))
    assert response.content.decode() == str(a.pk)
    assert everything.content.decode() == ",".join(sorted([str(a.pk), str(b.pk)]))


def _run_view(middleware: DistrictRowScopeMiddleware, request: Any, slug: str) -> HttpResponse:
    middleware.process_view(request, _unscoped_view, (), {"district_slug": slug})
    return _unscoped_view(request, slug)


@POSTGRES_ONLY
@pytest.mark.django_db
def test_db_roles_run_as_the_app_role_itself_is_refused_not_half_done() -> None:
    with as_app_role() as role, pytest.raises(CommandError, match="must be run as the tables' owner"):
        call_command("db_roles", "--app-role", role, "--apply")


@pytest.mark.django_db
def test_migrating_as_an_owner_on_another_kind_of_database_is_refused(monkeypatch: Any) -> None:
    other = (
        "sqlite:///elsewhere.sqlite3"
        if connection.vendor == "postgresql"
        else "postgres://owner@db.example/vetted"
    )
    monkeypatch.setenv("VETTED_MIGRATE_DATABASE_URL", other)
    with pytest.raises(ImproperlyConfigured, match="same kind of database"):
        call_command("migrate", "--check", verbosity=0)


@POSTGRES_ONLY
def test_a_made_up_district_slug_in_the_url_scopes_to_no_district_at_all(two_districts: Any) -> None:
    middleware = DistrictRowScopeMiddleware(
        lambda request: _run_view(middleware, request, "no-such-district")
    )
    with as_app_role():
        response = middleware(RequestFactory().get("/manage/no-such-district/audit/"))
    assert response.content.decode() == ""


@POSTGRES_ONLY
def test_the_scope_does_not_let_a_district_rewrite_a_vendor_another_district_publishes(
    two_districts: Any, tenant: Any
) -> None:
    """Hiding B's decisions must not make governance think nobody else publishes B's vendor: the
    edit from A's scope must still become a proposal B answers (across_districts)."""
    from vetted.catalog import governance
    from vetted.catalog.models import CatalogChange, Vendor

    a, b = two_districts
    vendor = Vendor.objects.get(legal_name=f"Vendor of {b.slug}")
    with as_app_role(), row_security.in_district(a.pk), transaction.atomic():
        result = governance.update_vendor(
            a, vendor, actor=tenant.user("admin"), data={"legal_name": "Hijacked Inc."}
        )
    assert isinstance(result, CatalogChange)
    assert Vendor.objects.get(pk=vendor.pk).legal_name == f"Vendor of {b.slug}"
