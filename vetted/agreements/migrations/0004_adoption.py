import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="adopted_document",
            field=models.ForeignKey(
                blank=True,
                help_text="The originating agreement's public copy, carried by a subscription to its general offer.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="adoptions",
                to="agreements.agreementdocument",
            ),
        ),
        migrations.AlterField(
            model_name="provisioncheck",
            name="source",
            field=models.CharField(
                choices=[
                    ("person", "A person"),
                    ("automatic", "Automatic review"),
                    ("adopted", "Adopted with a general offer"),
                ],
                default="person",
                max_length=10,
            ),
        ),
    ]
