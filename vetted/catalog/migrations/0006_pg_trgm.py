"""pg_trgm on PostgreSQL, for the registry's 'did you mean' suggestion (vetted.catalog.suggest).

No index: the suggestion ranks one district's vocabulary of a few hundred words, and a trigram index
on resource names would tempt the planner away from the main search's district-first plan.
Nothing happens on SQLite, where the same similarity is computed in Python."""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_recorded_facts"),
    ]

    operations = [
        migrations.RunPython(create_extension, migrations.RunPython.noop, elidable=False),
    ]
