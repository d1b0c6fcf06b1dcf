"""The review results of the statistics' summary rows (`models_registry.ResultFact`): one row
per (model, year of a round it was entered in, audience) saying which outcomes its entries in
that year's rounds have, with the model's columns copied beside them
(`models_registry.facts` explains why rows per model, and keeps the copies when the model
changes).

The outcomes, as `stats.figures` counts them: recognised at the local level (a district or
commune round) or at the provincial level (`RECOGNISING_STATES`), exemplary (the state, or the
flag an exemplary entry keeps when proposed higher), proposed higher, returned, not
recognised. Two audiences: every entry (reviewers and administrators), and the entries local
staff may see (`Entry.outcome_is_public`: published, or returned, or being reviewed); a
model's row for local staff exists only when one of its entries of that year is visible.

Who keeps them: every function that creates, changes or removes an entry calls
`refresh_result_facts` in its transaction (`reviews.workflow`, `reviews.bulk`, the round's
admin page), which also moves the rows' counts by group (`models_registry.ResultCount`,
`models_registry.facts.RESULTS`); `rebuild_result_facts` (`manage.py rebuild_statistics`)
rewrites them all.
"""

from django.db import connection

from models_registry.facts import RESULTS
from models_registry.models import DvkModel, ResultFact
from models_registry.tallies import add_up

from .models import (
    LOCAL_ROUND_LEVELS,
    RECOGNISING_STATES,
    Entry,
    EntryState,
    ReviewRound,
    RoundLevel,
)

# Ids per statement when refreshing a given list of models.
CHUNK = 2000


def _quoted(values):
    return ", ".join(f"'{value}'" for value in values)


def _insert_sql(where):
    facts, entry = ResultFact._meta.db_table, Entry._meta.db_table
    round_, model = ReviewRound._meta.db_table, DvkModel._meta.db_table
    recognising, local = _quoted(RECOGNISING_STATES), _quoted(LOCAL_ROUND_LEVELS)
    visible = _quoted((EntryState.PROPOSED, EntryState.RETURNED))
    s = EntryState

    def any_entry(condition):
        # MAX over 0/1: the same on PostgreSQL and SQLite (PostgreSQL has no MAX(boolean)).
        return f"MAX(CASE WHEN {condition} THEN 1 ELSE 0 END) = 1"

    # Identifiers and states come from the model definitions; the ids travel as parameters.
    return f"""
        INSERT INTO {facts} (model_id, round_year, public_only, year, unit_id, commune_id,
                             field_id, status, by_individual, entry_recognised_local,
                             entry_recognised_province, entry_exemplary, entry_proposed_higher,
                             entry_returned, entry_not_recognised)
        SELECT e.model_id, r.year, a.public_only, m.year, m.unit_id, m.commune_id, m.field_id,
               m.status, m.individual_id IS NOT NULL,
               {any_entry(f"r.level IN ({local}) AND e.state IN ({recognising})")},
               {any_entry(f"r.level = '{RoundLevel.PROVINCE}' AND e.state IN ({recognising})")},
               {any_entry(f"e.state = '{s.EXEMPLARY}' OR e.is_exemplary")},
               {any_entry(f"e.state = '{s.PROPOSED_HIGHER}'")},
               {any_entry(f"e.state = '{s.RETURNED}'")},
               {any_entry(f"e.state = '{s.NOT_RECOGNISED}'")}
        FROM {entry} e
        JOIN {round_} r ON r.id = e.round_id
        JOIN {model} m ON m.id = e.model_id
        CROSS JOIN (SELECT FALSE AS public_only UNION ALL SELECT TRUE) a
        WHERE (NOT a.public_only OR e.is_published OR e.state IN ({visible})) {where}
        GROUP BY e.model_id, r.year, a.public_only, m.year, m.unit_id, m.commune_id,
                 m.field_id, m.status, m.individual_id
    """  # noqa: S608


def refresh_result_facts(model_ids):
    """Rewrite the result rows of these models from their entries (call inside the writing
    transaction, after the entries are written)."""
    ids = sorted({int(pk) for pk in model_ids})
    before, after = {}, {}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            add_up(before, RESULTS.of(part))
            ResultFact.objects.filter(model_id__in=part).delete()
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(_insert_sql(f"AND e.model_id IN ({marks})"), part)
            add_up(after, RESULTS.of(part))
    RESULTS.move(before, after)


def rebuild_result_facts():
    """Rewrite every result row, and their counts, from scratch; returns how many rows there
    are."""
    ResultFact.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(""))
    RESULTS.rebuild()
    return ResultFact.objects.count()
