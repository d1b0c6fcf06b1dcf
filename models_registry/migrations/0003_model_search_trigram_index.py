"""PostgreSQL only: a trigram index on Model.search_text.

The registry search runs `search_text LIKE '%token%'` for every typed word (same query on
SQLite and PostgreSQL); on PostgreSQL this GIN trigram index serves it, so the search stays fast
at a million rows. SQLite scans, which is fine at its sizes.
"""

from django.db import migrations

INDEX_NAME = "model_search_trgm_idx"
COMMENT = "Registry list search: search_text LIKE per typed word (ModelQuerySet.search)"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} "
        "ON models_registry_model USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(f"COMMENT ON INDEX {INDEX_NAME} IS '{COMMENT}'")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0002_reference_fields_criteria")]

    operations = [migrations.RunPython(create_index, drop_index)]
