"""The statistics' summary rows kept by the registry: per model, one `PlaceFact` per commune it
is carried out in, one `CriterionFact` per NTM criterion it is linked to, and the copies of its
columns on its `ResultFact` rows (the review results by round year, written by
`reviews.facts`).

Why rows per model and not counters per (unit, year): the coverage asks whether a commune has
a model at all, and a model carried out in several communes covers each of them but counts
once for their district or province; a model recognised in two years of a period is one model
of the period. Rows per model answer that with a DISTINCT (or, within one year, a plain count)
over the period's rows read from one covering index, without the joins of places, models,
units, criteria and entries the page made before. They are rewritten for a model from its
current data, so a write never has to know what it changed, and two writes of different
models never touch the same row (no counter to lock or to lose an update on).

Who keeps them: every function that changes a model's places, criteria, year, owner, commune,
field, implementer or status calls `refresh_facts` in its transaction
(`models_registry.workflow`, the admin, the importer's apply and undo, `reviews.workflow` when
it copies an outcome onto the model); a village put under another commune rewrites the
rows of the models carried out in it (`models_registry.signals`); a deleted model or unit
takes its rows with it.
`rebuild_facts` (`manage.py rebuild_statistics`) rewrites them all: after the demo generator's
bulk load, and in the migrations that added them.

The registrations are counted, not listed: `RegistrationCount` holds the registered models
per (year, owner unit, commune, field), what the page's registration figures sum. There a
model's rows would be the models themselves, and grouping a province's year of them was the
page's costliest query. `refresh_facts` compares what each model was counted as
(`RegistrationFact`, its one row) with what its data now say, and moves the difference from
one group's counts to the other's, with `UPDATE … SET total = total + 1` on one row of the
group: two writes of one group wait for each other's row lock and neither is lost. A group
that has no row yet gets one; two transactions doing that at once give the group two rows,
which the readers add up. A deleted model is taken out of its group first (`forget_models`,
from the registry's pre_delete signal: the admin, the workflow and the bulk undo all delete
through the ORM).
"""

from django.db import connection
from django.db.models import Count, F, Q

from territory.models import Level, Unit

from .models import (
    NOT_REGISTERED,
    REGISTRATION_COUNTS,
    REGISTRATION_GROUP,
    Criterion,
    CriterionFact,
    CriterionSet,
    DvkModel,
    PlaceFact,
    RegistrationCount,
    RegistrationFact,
    RegistrationType,
    ResultFact,
)

# Ids per statement when refreshing a given list of models.
CHUNK = 2000


def _tables():
    return {
        "model": DvkModel._meta.db_table,
        "places": DvkModel.places.through._meta.db_table,
        "links": DvkModel.criteria.through._meta.db_table,
        "unit": Unit._meta.db_table,
        "criterion": Criterion._meta.db_table,
        "criterion_set": CriterionSet._meta.db_table,
        "place_facts": PlaceFact._meta.db_table,
        "criterion_facts": CriterionFact._meta.db_table,
        "result_facts": ResultFact._meta.db_table,
        "registration_facts": RegistrationFact._meta.db_table,
        "registration_counts": RegistrationCount._meta.db_table,
    }


def _of_the_year(t, link="mc"):
    """The link's criterion belongs to the set valid in the model's year."""
    return f"""EXISTS (SELECT 1 FROM {t["criterion"]} c
                       JOIN {t["criterion_set"]} s ON s.id = c.criterion_set_id
                       WHERE c.id = {link}.criterion_id AND s.start_year <= m.year
                         AND s.end_year >= m.year)"""  # noqa: S608


def _place_sql(where):
    t = _tables()
    # Identifiers come from the model definitions; the ids travel as parameters.
    return f"""
        INSERT INTO {t["place_facts"]} (model_id, place_id, year, unit_id, commune_id, field_id,
                                        status, ntm_linked)
        SELECT DISTINCT m.id, CASE WHEN u.level = {Level.COMMUNE} THEN u.id ELSE u.parent_id END,
               m.year, m.unit_id, m.commune_id, m.field_id, m.status,
               EXISTS (SELECT 1 FROM {t["links"]} mc WHERE mc.dvkmodel_id = m.id
                       AND {_of_the_year(t)})
        FROM {t["places"]} p
        JOIN {t["model"]} m ON m.id = p.dvkmodel_id
        JOIN {t["unit"]} u ON u.id = p.unit_id
        WHERE (u.level = {Level.COMMUNE}
               OR (u.level = {Level.VILLAGE} AND u.parent_id IS NOT NULL)) {where}
    """  # noqa: S608


def _criterion_sql(where):
    t = _tables()
    return f"""
        INSERT INTO {t["criterion_facts"]} (model_id, criterion_id, year, unit_id, commune_id,
                                            status, of_the_year)
        SELECT m.id, mc.criterion_id, m.year, m.unit_id, m.commune_id, m.status,
               {_of_the_year(t)}
        FROM {t["links"]} mc
        JOIN {t["model"]} m ON m.id = mc.dvkmodel_id
        WHERE TRUE {where}
    """  # noqa: S608


def _registration_sql(where):
    """What each registered model counts for (its `RegistrationFact`); params: the
    registration types new and carried over, the statuses that are not registrations."""
    t = _tables()
    marks = ", ".join(["%s"] * len(NOT_REGISTERED))
    return f"""
        INSERT INTO {t["registration_facts"]} (model_id, year, unit_id, commune_id, field_id,
                                               collective, individual, new, carried_over)
        SELECT m.id, m.year, m.unit_id, m.commune_id, m.field_id, m.collective_id IS NOT NULL,
               m.individual_id IS NOT NULL, m.registration_type = %s, m.registration_type = %s
        FROM {t["model"]} m
        WHERE m.status NOT IN ({marks}) {where}
    """  # noqa: S608


REGISTRATION_PARAMS = [RegistrationType.NEW, RegistrationType.CARRIED_OVER, *NOT_REGISTERED]


def _counted(model_ids):
    """{group: counts} of these models' `RegistrationFact` rows."""
    rows = (
        RegistrationFact.objects.filter(model_id__in=model_ids)
        .order_by()
        .values(*REGISTRATION_GROUP)
        .annotate(
            total=Count("*"),
            **{
                name: Count("pk", filter=Q(**{name: True}))
                for name in REGISTRATION_COUNTS
                if name != "total"
            },
        )
    )
    return {
        tuple(row[key] for key in REGISTRATION_GROUP): [row[n] for n in REGISTRATION_COUNTS]
        for row in rows
    }


def _move_counts(before, after):
    """Add `after - before` (each {group: counts}) to the groups' `RegistrationCount` rows."""
    # In one order (the groups' keys, sorted), so that two writes that move models between the
    # same groups in opposite directions wait for each other instead of deadlocking.
    for group in sorted(before.keys() | after.keys(), key=_sort_key):
        old, new = before.get(group), after.get(group)
        nothing = [0] * len(REGISTRATION_COUNTS)
        change = [n - o for n, o in zip(new or nothing, old or nothing, strict=True)]
        if not any(change):
            continue
        key = dict(zip(REGISTRATION_GROUP, group, strict=True))
        pk = (
            RegistrationCount.objects.filter(**key)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        counts = dict(zip(REGISTRATION_COUNTS, change, strict=True))
        rows = RegistrationCount.objects.filter(pk=pk)
        # 0 rows when there is none, or when another transaction emptied and removed it
        # while this one waited for its lock: then a new row.
        if pk is None or not rows.update(**{n: F(n) + c for n, c in counts.items()}):
            RegistrationCount.objects.create(**key, **counts)
        else:
            # Emptied: removed (only when every count is 0: with two rows of a group, one of
            # them may hold a model's share of another's, say collective 1 and individual -1).
            rows.filter(**dict.fromkeys(REGISTRATION_COUNTS, 0)).delete()


def _sort_key(group):
    return tuple((value is None, value or 0) for value in group)


def forget_models(model_ids):
    """Take these models out of the registration counts (before they are deleted)."""
    ids = sorted({int(pk) for pk in model_ids})
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        before = _counted(part)
        RegistrationFact.objects.filter(model_id__in=part).delete()
        _move_counts(before, {})


def _result_copies_sql(marks):
    """The model's columns on its result rows (the outcomes are `reviews.facts`' to write)."""
    t = _tables()
    return f"""
        UPDATE {t["result_facts"]} SET year = m.year, unit_id = m.unit_id,
               commune_id = m.commune_id, field_id = m.field_id, status = m.status,
               by_individual = m.individual_id IS NOT NULL
        FROM {t["model"]} m
        WHERE m.id = {t["result_facts"]}.model_id AND m.id IN ({marks})
    """  # noqa: S608


def refresh_facts(model_ids):
    """Rewrite the rows of these models from their current data (call inside the writing
    transaction, after the places and criteria are written)."""
    ids = sorted({int(pk) for pk in model_ids})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(part))
            PlaceFact.objects.filter(model_id__in=part).delete()
            cursor.execute(_place_sql(f"AND m.id IN ({marks})"), part)
            CriterionFact.objects.filter(model_id__in=part).delete()
            cursor.execute(_criterion_sql(f"AND m.id IN ({marks})"), part)
            cursor.execute(_result_copies_sql(marks), part)
            before = _counted(part)
            RegistrationFact.objects.filter(model_id__in=part).delete()
            cursor.execute(_registration_sql(f"AND m.id IN ({marks})"), REGISTRATION_PARAMS + part)
            _move_counts(before, _counted(part))


def rebuild_place_facts():
    """Rewrite every place row from scratch (also the migration that added them)."""
    PlaceFact.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(_place_sql(""))
    return PlaceFact.objects.count()


def rebuild_criterion_facts():
    """Rewrite every criterion row from scratch (also the migration that added them)."""
    CriterionFact.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(_criterion_sql(""))
    return CriterionFact.objects.count()


def rebuild_registration_counts():
    """Rewrite what every model is counted as, and the counts, from scratch (also the
    migration that added them)."""
    t = _tables()
    RegistrationCount.objects.all().delete()
    RegistrationFact.objects.all().delete()
    group = ", ".join(REGISTRATION_GROUP)
    sums = ", ".join(f"SUM(CASE WHEN {name} THEN 1 ELSE 0 END)" for name in REGISTRATION_COUNTS[1:])
    with connection.cursor() as cursor:
        cursor.execute(_registration_sql(""), REGISTRATION_PARAMS)
        cursor.execute(
            f"""INSERT INTO {t["registration_counts"]} ({group}, {", ".join(REGISTRATION_COUNTS)})
                SELECT {group}, COUNT(*), {sums}
                FROM {t["registration_facts"]} GROUP BY {group}"""  # noqa: S608
        )
    return RegistrationFact.objects.count()


def rebuild_facts():
    """Rewrite every place, criterion and registration row from scratch; returns how many
    there are (the result rows are rebuilt whole by `reviews.facts.rebuild_result_facts`)."""
    return rebuild_place_facts() + rebuild_criterion_facts() + rebuild_registration_counts()
