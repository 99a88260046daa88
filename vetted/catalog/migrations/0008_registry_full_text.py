"""Full-text search for the registry's words (issue 15, vetted.catalog.search).

SQLite: an FTS5 table over catalog_resource.search_text (external content, rowid = resource id),
kept current by triggers, so every way a resource is written (save(), bulk_create, a raw UPDATE)
updates it. If this SQLite has no FTS5, nothing is made and the search keeps its LIKE path.
Note: a later migration that rebuilds catalog_resource on SQLite (Django copies the table to change
a column) drops these triggers with the old table; such a migration must create them again
(`create_sqlite`), and the registry's search tests fail on SQLite until it does.

PostgreSQL: a GIN index on to_tsvector('simple', search_text) — 'simple' so names and vendors
are not stemmed or dropped as stop words — used by the registry's to_tsquery('simple', ...)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE catalog_resource_fts USING fts5("
    "search_text, content='catalog_resource', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER catalog_resource_fts_insert AFTER INSERT ON catalog_resource BEGIN "
    "INSERT INTO catalog_resource_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalog_resource_fts_delete AFTER DELETE ON catalog_resource BEGIN "
    "INSERT INTO catalog_resource_fts(catalog_resource_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER catalog_resource_fts_update AFTER UPDATE OF search_text ON catalog_resource BEGIN "
    "INSERT INTO catalog_resource_fts(catalog_resource_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO catalog_resource_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO catalog_resource_fts(catalog_resource_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_resource_fts_insert",
    "DROP TRIGGER IF EXISTS catalog_resource_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_resource_fts_update",
    "DROP TABLE IF EXISTS catalog_resource_fts",
]
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS catalog_resource_search_fts ON catalog_resource "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS catalog_resource_search_fts"]


def sqlite_has_fts5(connection):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        return any(row[0] == "ENABLE_FTS5" for row in cursor.fetchall())


def create_sqlite(schema_editor):
    for statement in SQLITE_DROP + SQLITE:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite" and sqlite_has_fts5(schema_editor.connection):
        create_sqlite(schema_editor)
    elif vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP if vendor == "postgresql" else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_approval_reviews"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
