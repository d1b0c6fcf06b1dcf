"""The statistics' figures computed from the registry and the reviews themselves (places,
models, units, criteria, entries and rounds joined), as the page did before it read the
summary rows (`models_registry.facts`, `reviews.facts`). What the rows must always agree with:
`tests/test_stats_summary.py` runs the page's figures with each of these in place of the
function that reads the rows, after every kind of write. Not used by the page."""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q

from models_registry.models import DvkModel, RegistrationType
from reviews.models import LOCAL_ROUND_LEVELS, RECOGNISING_STATES, EntryState, RoundLevel
from territory.models import Level

from .scope import entries_in_period, registered_q


def registration_counts(prefix=""):
    """The registration counts of a group of models, counted from the models (each named
    `prefix` + the count's name)."""
    return {
        f"{prefix}total": Count("*"),
        f"{prefix}collective": Count("collective"),
        f"{prefix}individual": Count("individual"),
        f"{prefix}new": Count("pk", filter=Q(registration_type=RegistrationType.NEW)),
        f"{prefix}carried_over": Count(
            "pk", filter=Q(registration_type=RegistrationType.CARRIED_OVER)
        ),
    }


def registration_groups(user, unit, period, unit_ids):
    """As `stats.figures.registration_groups`: the period's registrations by (commune, owner
    unit, field, year), grouped from the models themselves."""
    return (
        DvkModel.objects.filter(registered_q(user, unit, period, unit_ids))
        .order_by()
        .values("commune_id", "unit_id", "field_id", "year")
        .annotate(**registration_counts())
    )


def place_rows(user, unit, period, unit_ids):
    """As `stats.coverage.place_rows`: (commune carried out in, field, linked to a criterion
    of its year's set) of the period's registrations."""
    criteria = DvkModel.criteria.through.objects.filter(dvkmodel_id=OuterRef("dvkmodel_id")).filter(
        criterion__criterion_set__start_year__lte=OuterRef("dvkmodel__year"),
        criterion__criterion_set__end_year__gte=OuterRef("dvkmodel__year"),
    )
    rows = (
        DvkModel.places.through.objects.filter(
            registered_q(user, unit, period, unit_ids, "dvkmodel__")
        )
        .filter(unit__level__gte=Level.COMMUNE)
        .order_by()
        .values(
            "unit_id",
            "unit__level",
            "unit__parent_id",
            "dvkmodel__field_id",
            ntm_linked=Exists(criteria),
        )
        .distinct()
    )
    found = {
        (
            row["unit_id"] if row["unit__level"] == Level.COMMUNE else row["unit__parent_id"],
            row["dvkmodel__field_id"],
            row["ntm_linked"],
        )
        for row in rows
    }
    return [
        {"place_id": place, "field_id": field, "ntm_linked": linked}
        for place, field, linked in found
        if place is not None
    ]


def criteria_links(user, unit, period, unit_ids):
    """As `stats.ntm.criteria_links`: (criterion, commune, models, of the model's year's set)."""
    of_the_year = Q(
        criterion__criterion_set__start_year__lte=F("dvkmodel__year"),
        criterion__criterion_set__end_year__gte=F("dvkmodel__year"),
    )
    return list(
        DvkModel.criteria.through.objects.filter(
            registered_q(user, unit, period, unit_ids, "dvkmodel__")
        )
        .order_by()
        .values(
            "criterion_id",
            commune_id=F("dvkmodel__commune_id"),
            of_the_year=ExpressionWrapper(of_the_year, output_field=BooleanField()),
        )
        .annotate(n=Count("id"))
    )


def reviewed_by_commune(user, unit, period, unit_ids):
    """As `stats.coverage.reviewed_by_commune`."""
    from reviews.models import Entry

    return {
        row["model__commune_id"]: row["n"]
        for row in Entry.objects.filter(registered_q(user, unit, period, unit_ids, "model__"))
        .order_by()
        .values("model__commune_id")
        .annotate(n=Count("model", distinct=True))
    }


def _distinct_models(condition):
    return Count("model", distinct=True, filter=condition)


_COLLECTIVE = Q(model__collective__isnull=False)
_INDIVIDUAL = Q(model__individual__isnull=False)
_LOCAL = Q(round__level__in=LOCAL_ROUND_LEVELS, state__in=RECOGNISING_STATES)
_PROVINCE = Q(round__level=RoundLevel.PROVINCE, state__in=RECOGNISING_STATES)
_EXEMPLARY = Q(state=EntryState.EXEMPLARY) | Q(is_exemplary=True)
RESULT_COUNTS = {
    "recognised_district": _distinct_models(_LOCAL),
    "recognised_district_collective": _distinct_models(_LOCAL & _COLLECTIVE),
    "recognised_district_individual": _distinct_models(_LOCAL & _INDIVIDUAL),
    "recognised_province": _distinct_models(_PROVINCE),
    "recognised_province_collective": _distinct_models(_PROVINCE & _COLLECTIVE),
    "recognised_province_individual": _distinct_models(_PROVINCE & _INDIVIDUAL),
    "recognised_any": _distinct_models(Q(state__in=RECOGNISING_STATES)),
    "exemplary": _distinct_models(_EXEMPLARY),
    "exemplary_collective": _distinct_models(_EXEMPLARY & _COLLECTIVE),
    "exemplary_individual": _distinct_models(_EXEMPLARY & _INDIVIDUAL),
    "proposed_higher": _distinct_models(Q(state=EntryState.PROPOSED_HIGHER)),
    "returned": _distinct_models(Q(state=EntryState.RETURNED)),
    "not_recognised": _distinct_models(Q(state=EntryState.NOT_RECOGNISED)),
}


def result_rows(user, unit, period, unit_ids):
    """As `stats.figures.result_rows`: distinct models per outcome by (commune, owner, field)."""
    return [
        {
            "commune_id": row.pop("model__commune_id"),
            "unit_id": row.pop("model__unit_id"),
            "field_id": row.pop("model__field_id"),
            **row,
        }
        for row in entries_in_period(user, unit, period, unit_ids)
        .order_by()
        .values("model__commune_id", "model__unit_id", "model__field_id")
        .annotate(**RESULT_COUNTS)
    ]


def year_results(user, unit, period, unit_ids):
    """As `stats.figures.year_results`: {round year: distinct models per outcome}."""
    rows = (
        entries_in_period(user, unit, period, unit_ids)
        .order_by()
        .values("round__year")
        .annotate(**RESULT_COUNTS)
    )
    return {row["round__year"]: {name: row[name] for name in RESULT_COUNTS} for row in rows}


def commended_recipients(user, unit, period, tree):
    """As `stats.figures.commended_recipients`: the period's recipients in the territory in
    one query, through the model commended or the place of the collective or individual."""
    from reviews.models import Recipient

    from .scope import model_territory_q, place_q

    in_territory = (
        Q(model__isnull=False) & model_territory_q(user, unit, tree.unit_ids, "model__")
    ) | (
        Q(model__isnull=True)
        & (
            place_q(user, unit, tree.unit_ids, "collective__unit")
            | place_q(user, unit, tree.unit_ids, "individual__unit")
        )
    )
    return [
        Recipient.objects.filter(
            decision__year__gte=period.start_year, decision__year__lte=period.end_year
        ).filter(in_territory)
    ]
