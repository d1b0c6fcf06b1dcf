"""The statistics' summary rows kept by the registry: `PlaceFact`, one row per (model, commune
it is carried out in), with the model's year, owner, first commune, field, status and whether it
is linked to a New Rural Development criterion of its year's set.

Why rows per model and not counters per (unit, year): the coverage asks whether a commune has
a model at all, and a model carried out in several communes covers each of them but counts
once for their district or province. Rows per (model, commune) answer that with a DISTINCT over
the period's rows read from one covering index, without the join of places, models, units and
criteria the page made before; they are rewritten for a model from its current data, so a
write never has to know what it changed.

Who keeps them: every function that changes a model's places, criteria, year, owner, commune,
field or status calls `refresh_place_facts` in its transaction (`models_registry.workflow`,
the admin, the importer's apply and undo); a deleted model or unit takes its rows with it.
`rebuild_place_facts` (`manage.py rebuild_statistics`) rewrites them all: after the demo
generator's bulk load, and in the migration that added them.
"""

from django.db import connection

from territory.models import Level, Unit

from .models import Criterion, CriterionSet, DvkModel, PlaceFact

# Ids per statement when refreshing a given list of models.
CHUNK = 2000


def _insert_sql(where):
    model, places = DvkModel._meta.db_table, DvkModel.places.through._meta.db_table
    links = DvkModel.criteria.through._meta.db_table
    unit, criterion = Unit._meta.db_table, Criterion._meta.db_table
    criterion_set, facts = CriterionSet._meta.db_table, PlaceFact._meta.db_table
    # Identifiers come from the model definitions; the ids travel as parameters.
    return f"""
        INSERT INTO {facts} (model_id, place_id, year, unit_id, commune_id, field_id, status,
                             ntm_linked)
        SELECT DISTINCT m.id, CASE WHEN u.level = {Level.COMMUNE} THEN u.id ELSE u.parent_id END,
               m.year, m.unit_id, m.commune_id, m.field_id, m.status,
               EXISTS (SELECT 1 FROM {links} mc
                       JOIN {criterion} c ON c.id = mc.criterion_id
                       JOIN {criterion_set} s ON s.id = c.criterion_set_id
                       WHERE mc.dvkmodel_id = m.id AND s.start_year <= m.year
                         AND s.end_year >= m.year)
        FROM {places} p
        JOIN {model} m ON m.id = p.dvkmodel_id
        JOIN {unit} u ON u.id = p.unit_id
        WHERE (u.level = {Level.COMMUNE}
               OR (u.level = {Level.VILLAGE} AND u.parent_id IS NOT NULL)) {where}
    """  # noqa: S608


def refresh_place_facts(model_ids):
    """Rewrite the rows of these models from their current data (call inside the writing
    transaction, after the places and criteria are written)."""
    ids = sorted({int(pk) for pk in model_ids})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            PlaceFact.objects.filter(model_id__in=part).delete()
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(_insert_sql(f"AND m.id IN ({marks})"), part)


def rebuild_place_facts():
    """Rewrite every row from scratch; returns how many there are."""
    PlaceFact.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(""))
    return PlaceFact.objects.count()
