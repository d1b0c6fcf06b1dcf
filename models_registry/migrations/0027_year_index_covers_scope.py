"""PostgreSQL only: the (year, id) index also carries the columns of the scope filter
(`DvkModel.objects.visible_to`: owner unit, commune) and of the status, so the list of a year
in its default order (newest first) walks that index alone. The last of a capped list's
pages (10.000 rows deep) read its ids by scanning the year's 64.000 entries of
`model_stats_idx` and sorting them (87 ms at 1.000.000 models); it now reads them in order
from this index (29 ms), as the capped count does. The index keeps its name and its leading
columns.

SQLite has no INCLUDE and needs it not at its sizes.
"""

from django.db import migrations

NAME = "model_year_id_idx"


def _recreate(schema_editor, include):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")
    schema_editor.execute(f"CREATE INDEX {NAME} ON models_registry_model (year, id) {include}")


def cover(apps, schema_editor):
    _recreate(schema_editor, "INCLUDE (unit_id, commune_id, status)")


def uncover(apps, schema_editor):
    _recreate(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0026_result_counts")]

    operations = [migrations.RunPython(cover, uncover)]
