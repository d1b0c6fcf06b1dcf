"""The data version goes: its triggers (on every table of the registry, the reviews, the
territory and the statistics), their function on PostgreSQL, and its table. Nothing reads it
any more: the importer checks the rows a stored plan was made from (importer.existing)."""

from django.db import migrations

TRIGGER = "danvan_data_version"


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The statement triggers all call this function: CASCADE drops them with it.
            cursor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}() CASCADE")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}_%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {connection.ops.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("stats", "0005_vietnamese_labels")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
    ]
