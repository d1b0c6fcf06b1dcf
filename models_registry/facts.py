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

Beside the rows, their counts by group (`models_registry.models.counts`: the registrations,
the place rows and the criterion links of registered models), which the statistics sum: a
write moves its models' counts from the groups they were in to the groups they are in now
(`models_registry.tallies`, where the rules that keep them exact are). The registrations are
counted from `RegistrationFact`, one row per registered model (the group it was counted in).
"""

from django.db import connection
from django.db.models import Q

from territory.models import Level, Unit

from .models import (
    CRITERION_GROUP,
    NOT_REGISTERED,
    PLACE_GROUP,
    REGISTRATION_COUNTS,
    REGISTRATION_GROUP,
    RESULT_GROUP,
    RESULT_OUTCOMES,
    Criterion,
    CriterionCount,
    CriterionFact,
    CriterionSet,
    DvkModel,
    PlaceCount,
    PlaceFact,
    RegistrationCount,
    RegistrationFact,
    RegistrationType,
    ResultCount,
    ResultFact,
)
from .tallies import Tally, add_up

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


REGISTERED = ~Q(status__in=NOT_REGISTERED)
TALLIES = (
    Tally(
        RegistrationFact,
        RegistrationCount,
        REGISTRATION_GROUP,
        # The total counts every row; each other count, the rows whose flag of that name is set.
        {name: Q(**{name: True}) if name != "total" else Q() for name in REGISTRATION_COUNTS},
    ),
    Tally(PlaceFact, PlaceCount, PLACE_GROUP, {"n": Q()}, counted=REGISTERED),
    Tally(CriterionFact, CriterionCount, CRITERION_GROUP, {"n": Q()}, counted=REGISTERED),
)
# The result rows' counts: kept with the copies of the model's columns here, and with the
# outcomes by `reviews.facts`, which writes the rows.
RESULTS = Tally(
    ResultFact, ResultCount, RESULT_GROUP, {"n": Q(), **RESULT_OUTCOMES}, counted=REGISTERED
)


def forget_models(model_ids):
    """Take these models out of the counts (before they are deleted)."""
    ids = sorted({int(pk) for pk in model_ids})
    tallies = (*TALLIES, RESULTS)
    before = [{} for _ in tallies]
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        for tally, counted in zip(tallies, before, strict=True):
            add_up(counted, tally.of(part))
            tally.facts.objects.filter(model_id__in=part).delete()
    for tally, counted in zip(tallies, before, strict=True):
        tally.move(counted, {})


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
    tallies = (*TALLIES, RESULTS)
    before, after = [{} for _ in tallies], [{} for _ in tallies]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(part))
            for tally, counted in zip(tallies, before, strict=True):
                add_up(counted, tally.of(part))
            PlaceFact.objects.filter(model_id__in=part).delete()
            cursor.execute(_place_sql(f"AND m.id IN ({marks})"), part)
            CriterionFact.objects.filter(model_id__in=part).delete()
            cursor.execute(_criterion_sql(f"AND m.id IN ({marks})"), part)
            RegistrationFact.objects.filter(model_id__in=part).delete()
            cursor.execute(_registration_sql(f"AND m.id IN ({marks})"), REGISTRATION_PARAMS + part)
            cursor.execute(_result_copies_sql(marks), part)
            for tally, counted in zip(tallies, after, strict=True):
                add_up(counted, tally.of(part))
    # The counts once, after every chunk: the groups are then changed in one order.
    for tally, old, new in zip(tallies, before, after, strict=True):
        tally.move(old, new)


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


def rebuild_registration_facts():
    """Rewrite what every model is counted as from scratch."""
    RegistrationFact.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(_registration_sql(""), REGISTRATION_PARAMS)
    return RegistrationFact.objects.count()


def rebuild_counts():
    """Count every registration, place and criterion row again (also the migration that added
    the counts; the result rows' counts: `reviews.facts.rebuild_result_facts`)."""
    return sum(tally.rebuild() for tally in TALLIES)


def rebuild_facts():
    """Rewrite every place, criterion and registration row, and their counts, from scratch;
    returns how many rows there are (the result rows are rebuilt whole by
    `reviews.facts.rebuild_result_facts`)."""
    rows = rebuild_place_facts() + rebuild_criterion_facts() + rebuild_registration_facts()
    rebuild_counts()
    return rows
