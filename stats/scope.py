"""Which records a statistics figure may count: in the territory (the units rolled up into the
chosen unit, `stats.territory.TerritoryTree`), in the user's scope, registered, and the results
the user may see.

- Registered: models (`models_registry.DvkModel`) whose registering year is in the period, in the
  territory (`DvkModel.objects.in_territory`: today's units roll up the units they were formed
  from), visible to the user, and neither a draft nor withdrawn: a draft was never registered,
  a withdrawn registration no longer counts.
- What district staff see of results: the same rule as `reviews.models.Entry.outcome_is_public`
  (published outcomes, plus "returned" and "being reviewed" at once); results recorded quietly
  stay out of their figures until the round closes. Reviewers and administrators count every
  entry.

The territory is a literal list of unit ids (see `model_territory_q`).
"""

from django.db.models import Q

from danvan import lookups  # noqa: F401 -- `id_in`
from models_registry.models import NOT_REGISTERED, DvkModel, ResultCount, ResultFact
from reviews.models import Entry, EntryState
from reviews.rules import sees_outcomes_when_published
from territory.models import Level

# Statuses that are not registrations (see the counting rules above).
EXCLUDED_STATUSES = NOT_REGISTERED


def within_own_subtree(user, unit):
    """Everything rolled up into a unit under the user's own unit is in the user's scope
    (in_scope_of covers the same subtree and succession chains as rolled_up_into), so the
    visibility filter can be skipped: one subquery less on every statistics query."""
    return user.sees_everything or (
        user.unit_id is not None and unit.path.startswith(user.unit.path)
    )


def model_territory_q(user, unit, unit_ids, prefix=""):
    """Models in the territory (and visible to the user), for `DvkModel` (prefix "") or for a
    query that reaches the model through a relation (prefix "model__").

    Same rule as `DvkModel.objects.in_territory(unit)`: owner unit or commune among the units
    rolled up into `unit` (test_stats pins the equivalence). `unit_ids` are those units'
    ids at district and commune level, a literal list (a model's owner and commune are never
    villages): PostgreSQL then estimates the filter well and starts from the period's few
    entries or recipients instead of scanning every model.
    """
    q = Q(**{f"{prefix}unit__id_in": unit_ids}) | Q(**{f"{prefix}commune__id_in": unit_ids})
    return q & _scope_q(user, unit, unit_ids, prefix)


def _scope_q(user, unit, unit_ids, prefix=""):
    """The visibility filter `model_territory_q` adds, or an empty Q when it changes nothing."""
    if within_own_subtree(user, unit):
        return Q()
    # The same district and commune ids as `scope_units()` (User.scope_unit_ids, read once per
    # request). When every unit of the territory is among them (a provincial reviewer of today
    # looking at old Bắc Kạn), a model in the territory is in the scope: no second filter.
    scope = user.scope_unit_ids()
    if set(unit_ids) <= set(scope):
        return Q()
    return Q(**{f"{prefix}unit__id_in": scope}) | Q(**{f"{prefix}commune__id_in": scope})


def registered_q(user, unit, period, unit_ids, prefix=""):
    """The registrations the page counts (see the rules at the top), for `DvkModel` (prefix "")
    or through a relation ("model__"): reviewed entries and NTM links filter their model with
    the same condition in one join instead of `model__in=<subquery>`, which made PostgreSQL
    join the model table twice."""
    return _in_period_q(period, prefix) & model_territory_q(user, unit, unit_ids, prefix)


def _in_period_q(period, prefix=""):
    """Registered in a year of the period, and not a draft or withdrawn."""
    return Q(
        **{f"{prefix}year__gte": period.start_year, f"{prefix}year__lte": period.end_year}
    ) & ~Q(**{f"{prefix}status__in": EXCLUDED_STATUSES})


def registered_models(user, unit, period, unit_ids):
    """The registrations the page counts; year first."""
    return DvkModel.objects.filter(registered_q(user, unit, period, unit_ids))


def registered_parts(user, unit, period, unit_ids, rows=None):
    """`registered_models` as the querysets whose rows together are the registrations
    (`territory_parts`); with `rows`, those summary rows of the registrations."""
    rows = DvkModel.objects.all() if rows is None else rows
    return territory_parts(rows.filter(_in_period_q(period)), user, unit, unit_ids)


def counted_parts(counts, user, unit, period, unit_ids, year="year", **conditions):
    """The count rows (`models_registry.models.counts`: registered models only) of the
    period's years (by the column `year`) in the territory and the user's scope, as
    `territory_parts`; a group's figure is the sum of its rows."""
    rows = counts.objects.filter(
        **{f"{year}__gte": period.start_year, f"{year}__lte": period.end_year}, **conditions
    )
    return territory_parts(rows, user, unit, unit_ids)


def territory_parts(queryset, user, unit, unit_ids):
    """The rows of `queryset` (the models, or summary rows carrying the model's owner unit and
    commune) in the territory and the user's scope, as the querysets whose rows together are
    those rows.

    A province's territory holds most of the period's rows: one scan of the period's years
    reads the fewest index entries. Below the province, two disjoint parts: the rows whose
    commune is in the territory, and those whose owner unit is while their commune is not (or
    is not known), each read from one index alone, (commune, year) or (unit, year), where the
    OR of the two columns scanned every row of the period's years. At 1.000.000 models: the
    registrations of a commune across 2019–2026 95 → 13 ms, a district over three years
    60 → 30 ms; the province of one year would go 42 → 70 ms, so it keeps the one scan.

    Grouped by a key that holds the commune, each group comes from one part; a count over
    another key is the sum of the parts' (they share no model)."""
    if unit.level == Level.PROVINCE:
        return [queryset.filter(model_territory_q(user, unit, unit_ids))]
    scoped = queryset.filter(_scope_q(user, unit, unit_ids))
    by_commune = scoped.filter(commune__id_in=unit_ids)
    by_owner = scoped.filter(unit__id_in=unit_ids).filter(
        Q(commune__isnull=True) | ~Q(commune__id_in=unit_ids)
    )
    return [by_commune, by_owner]


def grouped(parts, keys, counts):
    """The parts' rows grouped by `keys` with `counts`, in one query (UNION ALL)."""
    first, *others = (part.order_by().values(*keys).annotate(**counts) for part in parts)
    return first.union(*others, all=True) if others else first


def place_q(user, unit, unit_ids, lookup):
    """Collectives or individuals placed in the territory (and the user's scope), at any
    level: a unit among `unit_ids` (the tree's provinces, districts and communes) or a
    village of one of them. The same units as `Unit.objects.rolled_up_into(unit)` (a
    village rolls up with its commune; test_stats_coverage pins the equivalence), as literal
    id lists: the recursive subquery, estimated at hundreds of thousands of rows, made
    PostgreSQL probe it once per collective."""
    q = _units_or_their_villages(lookup, unit_ids)
    if not within_own_subtree(user, unit):
        scope = user.scope_unit_ids()
        if not set(unit_ids) <= set(scope):
            q &= _units_or_their_villages(lookup, scope)
    return q


def _units_or_their_villages(lookup, unit_ids):
    return Q(**{f"{lookup}__id_in": unit_ids}) | Q(
        **{f"{lookup}__level": Level.VILLAGE, f"{lookup}__parent__id_in": unit_ids}
    )


def published_entries_q(user):
    """Results local staff may count: as `Entry.outcome_is_public`, in SQL."""
    if sees_outcomes_when_published(user):
        return Q(is_published=True) | Q(state__in=(EntryState.PROPOSED, EntryState.RETURNED))
    return Q()


def entries_in_period(user, unit, period, unit_ids):
    """The period's entries the user counts (what the result rows summarise:
    `stats.reference`)."""
    return (
        Entry.objects.filter(round__year__gte=period.start_year, round__year__lte=period.end_year)
        .filter(model_territory_q(user, unit, unit_ids, "model__"))
        .exclude(model__status__in=EXCLUDED_STATUSES)
        .filter(published_entries_q(user))
    )


def results_in_period(user, unit, period, unit_ids):
    """The summary rows of the same entries (`models_registry.ResultFact`): one per model and
    round year of the period, with the outcomes of the entries the user may count; as the
    parts of `territory_parts`."""
    rows = ResultFact.objects.filter(
        round_year__gte=period.start_year,
        round_year__lte=period.end_year,
        public_only=sees_outcomes_when_published(user),
    ).exclude(status__in=EXCLUDED_STATUSES)
    return territory_parts(rows, user, unit, unit_ids)


def counted_results_in_period(user, unit, period, unit_ids):
    """The counts of those rows by group (`models_registry.ResultCount`: registered models
    only), as the parts of `territory_parts`; a group's figure is the sum of its rows."""
    return counted_parts(
        ResultCount,
        user,
        unit,
        period,
        unit_ids,
        year="round_year",
        public_only=sees_outcomes_when_published(user),
    )
