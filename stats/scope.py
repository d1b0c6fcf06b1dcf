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

from models_registry.models import DvkModel, Status
from reviews.models import Entry, EntryState
from reviews.rules import sees_outcomes_when_published
from territory.models import Unit

# Statuses that are not registrations (see the counting rules above).
EXCLUDED_STATUSES = (Status.DRAFT, Status.WITHDRAWN)


def _within_own_subtree(user, unit):
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
    q = Q(**{f"{prefix}unit__in": unit_ids}) | Q(**{f"{prefix}commune__in": unit_ids})
    if _within_own_subtree(user, unit):
        return q
    # The same district and commune ids as `scope_units()` (User.scope_unit_ids, read once per
    # request). When every unit of the territory is among them (a provincial reviewer of today
    # looking at old Bắc Kạn), a model in the territory is in the scope: no second filter.
    scope = user.scope_unit_ids()
    if set(unit_ids) <= set(scope):
        return q
    return q & (Q(**{f"{prefix}unit__in": scope}) | Q(**{f"{prefix}commune__in": scope}))


def registered_q(user, unit, period, unit_ids, prefix=""):
    """The registrations the page counts (see the rules at the top), for `DvkModel` (prefix "")
    or through a relation ("model__"): reviewed entries and NTM links filter their model with
    the same condition in one join instead of `model__in=<subquery>`, which made PostgreSQL
    join the model table twice."""
    return (
        Q(**{f"{prefix}year__gte": period.start_year, f"{prefix}year__lte": period.end_year})
        & model_territory_q(user, unit, unit_ids, prefix)
        & ~Q(**{f"{prefix}status__in": EXCLUDED_STATUSES})
    )


def registered_models(user, unit, period, unit_ids):
    """The registrations the page counts; year first."""
    return DvkModel.objects.filter(registered_q(user, unit, period, unit_ids))


def place_q(user, unit, lookup):
    """Collectives or individuals placed in the territory (and the user's scope): any level,
    villages included, so the recursive subquery rather than the tree's short id list (a
    literal list of thousands of ids costs Django and PostgreSQL more than the subquery)."""
    q = Q(**{f"{lookup}__in": Unit.objects.rolled_up_into(unit)})
    if not _within_own_subtree(user, unit):
        q &= Q(**{f"{lookup}__in": user.scope_units()})
    return q


def published_entries_q(user):
    """Results local staff may count: as `Entry.outcome_is_public`, in SQL."""
    if sees_outcomes_when_published(user):
        return Q(is_published=True) | Q(state__in=(EntryState.PROPOSED, EntryState.RETURNED))
    return Q()


def entries_in_period(user, unit, period, unit_ids):
    return (
        Entry.objects.filter(round__year__gte=period.start_year, round__year__lte=period.end_year)
        .filter(model_territory_q(user, unit, unit_ids, "model__"))
        .exclude(model__status__in=EXCLUDED_STATUSES)
        .filter(published_entries_q(user))
    )
