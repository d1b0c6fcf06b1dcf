"""PostgreSQL only: entries of a round with the columns the statistics count, index-only.

The statistics read the period's entries (~25.000 for a province and one year at 1.000.000
models) by round; `entry_round_facts_idx` (round) INCLUDE (model, state, is_exemplary,
is_published) answers that without visiting the table's 18.000 pages. SQLite has no INCLUDE.
"""

from django.db import migrations

INDEX_NAME = "entry_round_facts_idx"
COMMENT = "Statistics: entries of a round with their model and outcome (index-only)"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON reviews_entry "
        "(round_id) INCLUDE (model_id, state, is_exemplary, is_published)"
    )
    schema_editor.execute(f"COMMENT ON INDEX {INDEX_NAME} IS '{COMMENT}'")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_default_rubric_and_issuing_bodies")]

    operations = [migrations.RunPython(create_index, drop_index)]
