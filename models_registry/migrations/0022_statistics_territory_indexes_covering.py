"""The territory's indexes of the statistics' summary rows carry the columns the statistics
read, so that `stats.scope.territory_parts` (below the province: the rows whose commune is in
the territory; those whose owner unit is) reads each part from one index alone. On
PostgreSQL the models' (unit, year) and (commune, year) indexes (migration 0021) also carry
the id, for the commendations' models of a territory (`stats.figures.commended_recipients`).
Included columns are PostgreSQL's; elsewhere the indexes are as before."""

from django.db import migrations, models

COUNTED = "field_id, status, registration_type, collective_id, individual_id"
MODEL_INDEXES = {
    "model_unit_year_idx": ("(unit_id, year)", "commune_id"),
    "model_commune_year_idx": ("(commune_id, year)", "unit_id"),
}


def _recreate(schema_editor, with_id):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (columns, other) in MODEL_INDEXES.items():
        included = f"{COUNTED}, {other}" + (", id" if with_id else "")
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON models_registry_model {columns} INCLUDE ({included})"
        )


def with_id(apps, schema_editor):
    _recreate(schema_editor, with_id=True)


def without_id(apps, schema_editor):
    _recreate(schema_editor, with_id=False)


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0021_territory_indexes_cover_registrations"),
        ("territory", "0006_vietnamese_labels"),
    ]

    operations = [
        migrations.RunPython(with_id, without_id),
        migrations.RemoveIndex(
            model_name="criterionfact",
            name="criterion_fact_unit_idx",
        ),
        migrations.RemoveIndex(
            model_name="criterionfact",
            name="criterion_fact_commune_idx",
        ),
        migrations.RemoveIndex(
            model_name="resultfact",
            name="result_fact_unit_idx",
        ),
        migrations.RemoveIndex(
            model_name="resultfact",
            name="result_fact_commune_idx",
        ),
        migrations.AddIndex(
            model_name="criterionfact",
            index=models.Index(
                fields=["unit", "year"],
                include=("criterion", "commune", "of_the_year", "status"),
                name="criterion_fact_unit_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="criterionfact",
            index=models.Index(
                fields=["commune", "year"],
                include=("criterion", "unit", "of_the_year", "status"),
                name="criterion_fact_commune_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="resultfact",
            index=models.Index(
                fields=["unit", "round_year"],
                include=(
                    "public_only",
                    "status",
                    "year",
                    "model",
                    "field",
                    "by_individual",
                    "entry_recognised_local",
                    "entry_recognised_province",
                    "entry_exemplary",
                    "entry_proposed_higher",
                    "entry_returned",
                    "entry_not_recognised",
                    "commune",
                ),
                name="result_fact_unit_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="resultfact",
            index=models.Index(
                fields=["commune", "round_year"],
                include=(
                    "public_only",
                    "status",
                    "year",
                    "model",
                    "field",
                    "by_individual",
                    "entry_recognised_local",
                    "entry_recognised_province",
                    "entry_exemplary",
                    "entry_proposed_higher",
                    "entry_returned",
                    "entry_not_recognised",
                    "unit",
                ),
                name="result_fact_commune_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="resultfact",
            index=models.Index(
                fields=["unit", "year"],
                include=("public_only", "status", "commune", "model"),
                name="result_fact_unit_year_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="resultfact",
            index=models.Index(
                fields=["commune", "year"],
                include=("public_only", "status", "unit", "model"),
                name="result_fact_commune_year_idx",
            ),
        ),
    ]
