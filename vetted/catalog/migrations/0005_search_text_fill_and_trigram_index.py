"""Fill search_text for existing rows; on PostgreSQL, index it with pg_trgm so '%word%' is fast."""

from django.db import migrations


def fill(apps, schema_editor):
    resource = apps.get_model("catalog", "Resource")
    batch = []
    for r in resource.objects.select_related("vendor").iterator(chunk_size=2000):
        r.search_text = " ".join((r.name, r.vendor.legal_name, r.description)).lower()
        batch.append(r)
        if len(batch) >= 2000:
            resource.objects.bulk_update(batch, ["search_text"])
            batch = []
    resource.objects.bulk_update(batch, ["search_text"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_resource_search_trgm "
            "ON catalog_resource USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_resource_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_resource_search_text")]
    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
