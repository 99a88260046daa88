"""PostgreSQL: the registry's full-text vector stored with each resource (issue 15).

0008 indexed the expression to_tsvector('simple', search_text). A word search in a district walks the
district's few hundred decisions and tests each resource's text, and PostgreSQL computed the vector
again for each row (about 12 µs each, 6 ms for a district of 500). A stored generated column holds it
once; the GIN index moves to the column. Django's model does not declare the column (only the
search's SQL reads it), so inserts and updates never name it; changing the type of search_text later
must drop and re-add this column. SQLite keeps its FTS5 table (0008) and is untouched.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE catalog_resource ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS catalog_resource_search_vector ON catalog_resource USING gin (search_vector)",
    "DROP INDEX IF EXISTS catalog_resource_search_fts",
]
BACKWARDS = [
    "CREATE INDEX IF NOT EXISTS catalog_resource_search_fts ON catalog_resource "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
    "DROP INDEX IF EXISTS catalog_resource_search_vector",
    "ALTER TABLE catalog_resource DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_registry_full_text"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
