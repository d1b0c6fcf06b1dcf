"""The territory version: a second row of `stats_dataversion` (no longer written; see stats.dataversion)."""

from django.db import migrations


def create_territory_row(apps, schema_editor):
    apps.get_model("stats", "DataVersion").objects.get_or_create(
        pk=2, defaults={"token": "initial"}
    )


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_data_version")]

    operations = [migrations.RunPython(create_territory_row, migrations.RunPython.noop)]
