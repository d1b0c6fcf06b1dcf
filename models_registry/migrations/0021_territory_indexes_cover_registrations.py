"""PostgreSQL only: the (unit, year) and (commune, year) indexes also carry the columns the
statistics count of a registration, so `stats.scope.registered_parts` (the models whose
commune is in the territory; those whose owner unit is) reads each part from one index
alone. Before, the territory's `unit OR commune` filter scanned every model of the period's
years in `model_stats_idx` (a commune across 2019–2026 at 1.000.000 models: 110 → 12 ms).
The indexes keep their names and their leading columns, so the lists use them as before.

SQLite has no INCLUDE and needs it not at its sizes.
"""

from django.db import migrations

COUNTED = "field_id, status, registration_type, collective_id, individual_id"
INDEXES = {
    "model_unit_year_idx": ("(unit_id, year)", f"INCLUDE ({COUNTED}, commune_id)"),
    "model_commune_year_idx": ("(commune_id, year)", f"INCLUDE ({COUNTED}, unit_id)"),
}


def _recreate(schema_editor, with_include):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (columns, include) in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON models_registry_model {columns} "
            f"{include if with_include else ''}"
        )


def cover(apps, schema_editor):
    _recreate(schema_editor, with_include=True)


def uncover(apps, schema_editor):
    _recreate(schema_editor, with_include=False)


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0020_place_fact_list_index")]

    operations = [migrations.RunPython(cover, uncover)]
