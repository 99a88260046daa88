"""Fill search_text for rows that existed before the column."""

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


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_resource_search_text")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
