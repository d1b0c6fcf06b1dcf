from django.db import migrations

TABLES = [
    "models_registry_placefact",
    "models_registry_criterionfact",
    "models_registry_resultfact",
]


def no_parallel_workers(apps, schema_editor):
    """The statistics page reads a few thousand rows of each summary table per query, from an
    index; on PostgreSQL a parallel worker costs more to start and join than it saves (the
    period's place rows of today's province: 17 ms with one worker, 5 ms without, 100.000
    models, a busy 2-core machine)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} SET (parallel_workers = 0)")


def default_workers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0018_statistics_criterion_and_result_facts")]

    operations = [migrations.RunPython(no_parallel_workers, default_workers)]
