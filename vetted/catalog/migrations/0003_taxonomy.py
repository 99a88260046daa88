from django.db import migrations

from vetted.catalog.taxonomy import load_taxonomy


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
