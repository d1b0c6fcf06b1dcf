"""PostgreSQL only: a covering index for the statistics page.

The statistics read a period's registrations grouped by commune, field and year
(stats.figures); with the other columns they count INCLUDEd, PostgreSQL answers from the index
alone (an index-only scan) instead of visiting a million table rows. SQLite has no INCLUDE.
"""

from django.db import migrations

INDEX_NAME = "model_stats_idx"
COMMENT = "Statistics: registrations of a period grouped by commune, field and year (index-only)"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON models_registry_model "
        "(year, commune_id, field_id) "
        "INCLUDE (unit_id, status, registration_type, collective_id, individual_id, id)"
    )
    schema_editor.execute(f"COMMENT ON INDEX {INDEX_NAME} IS '{COMMENT}'")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0003_model_search_trigram_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
