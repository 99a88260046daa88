"""The cache table the rate limits count in (settings.CACHES), made by `migrate` on every install."""

from django.core.management import call_command
from django.db import migrations


def make_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(make_cache_table, migrations.RunPython.noop)]
