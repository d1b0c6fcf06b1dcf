"""Every figure of the statistics page (/thong-ke/), aggregated in the database.

Counting rules (the sơ kết tables); the page, its JSON, its charts and its Excel export all use
`statistics()`, so they always agree:

- Registered: models (`models_registry.Model`) whose registering year is in the period, in the
  territory (`Model.objects.in_territory`: today's units roll up the units they were formed
  from), visible to the user, and neither a draft nor withdrawn: a draft was never registered,
  a withdrawn registration no longer counts. Collective / individual by the implementer;
  new / carried over by `registration_type`. A continuing model also counts, carried over, in
  each later year of the period with a yearly progress row (it was maintained that year).
- Recognised at the local level (district rounds until 30/6/2025, commune rounds after; the
  page names it by date, `local_level_label`) / provincial level: distinct models with a
  `reviews.Entry` in a round of that level whose round year is in the period and whose state is in
  `RECOGNISING_STATES` (recognised, exemplary, proposed to the higher level). The registering
  year of the model does not matter: a 2017 model recognised in 2018 counts for 2018.
- Exemplary: distinct models with an entry marked exemplary (state EXEMPLARY, or the
  `is_exemplary` flag an exemplary entry keeps when it is then proposed to the higher level),
  at any level, in a round of the period. Proposed higher, returned, not recognised: likewise
  with those states.
- What district staff see of results: the same rule as `reviews.models.Entry.outcome_is_public`
  (published outcomes, plus "returned" and "being reviewed" at once); results recorded quietly
  stay out of their figures until the round closes. Reviewers and administrators count every
  entry.
- Commendations: `reviews.Recipient` rows whose decision is for a year of the period, grouped
  by issuing body and form, split collective / individual; in the territory through the model
  commended or, when the decision names no model, through the place of the commended
  collective or individual.
- Coverage (Đề án 06-ĐA/TU): the communes of a territory are the communes valid on the
  reference day (the last day of the period, or the day the chosen unit was retired) in its
  rolled-up tree: today's Thái Nguyên counts the old communes in 2019, its 92 in 2026. A
  commune is covered when a registered model of the period is carried out in it (its commune
  or any of its places; a village stands for its commune) or in a commune it was formed from.
  "In New Rural Development" means a model of a field flagged `is_new_rural` (BK-NTM) or
  linked to at least one NTM criterion of the set valid in its registering year; it covers
  each of its communes alike. Agencies are collectives of
  kind "co_quan" placed in the territory, covered when they carry out a registered model of the
  period. Reviewed: registered models of the period with at least one entry in any round.

Speed: a fixed number of queries whatever the data (pinned by tests). The period's models are
read once, grouped by (commune, field, year) in SQL and summed into the three tables in Python
(at most one row per group); results are read from the period's entries, joined to their models
by primary key. The territory is a literal list of unit ids (see `model_territory_q`). On
PostgreSQL the registration grouping is answered from an index alone when Model has the
covering index (year, commune, field) INCLUDE (unit, status, registration_type, collective,
individual, id); without it, from model_year_id_idx and the table. The page calls
`cached_statistics`, which runs all this once per data version (see `stats.cache`).
"""

from datetime import date
from functools import lru_cache
from urllib.parse import quote

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Window,
)
from django.urls import reverse

from models_registry.filters import LOCAL_RECOGNITION
from models_registry.models import (
    Collective,
    CollectiveKind,
    Criterion,
    CriterionSet,
    Field,
    Model,
    RegistrationType,
    Status,
    YearlyProgress,
)
from reviews.models import (
    LOCAL_ROUND_LEVELS,
    RECOGNISING_STATES,
    CommendationForm,
    Entry,
    EntryState,
    IssuerLevel,
    Recipient,
    RoundLevel,
)
from reviews.rules import sees_outcomes_when_published
from territory.models import Level, Unit

from .models import DEFAULT_PERCENT, CoverageTarget, TargetKey
from .territory import OTHER_PLACE, Period, local_level_label, rolled_up_note, territory_tree

# Statuses that are not registrations (see the counting rules above).
EXCLUDED_STATUSES = (Status.DRAFT, Status.WITHDRAWN)
# Long lists of missing agencies are cut; the page says how many more there are.
MISSING_LIMIT = 200
ISSUER_ORDER = {level: i for i, level in enumerate(IssuerLevel.values)}


# ---------------------------------------------------------------- territory and scope


def _within_own_subtree(user, unit):
    """Everything rolled up into a unit under the user's own unit is in the user's scope
    (in_scope_of covers the same subtree and succession chains as rolled_up_into), so the
    visibility filter can be skipped: one subquery less on every statistics query."""
    return user.sees_everything or (
        user.unit_id is not None and unit.path.startswith(user.unit.path)
    )


def model_territory_q(user, unit, unit_ids, prefix=""):
    """Models in the territory (and visible to the user), for `Model` (prefix "") or for a
    query that reaches the model through a relation (prefix "model__").

    Same rule as `Model.objects.in_territory(unit)`: owner unit or commune among the units
    rolled up into `unit` (test_stats pins the equivalence). `unit_ids` are those units'
    ids at district and commune level, a literal list (a model's owner and commune are never
    villages): PostgreSQL then estimates the filter well and starts from the period's few
    entries or recipients instead of scanning every model.
    """
    q = Q(**{f"{prefix}unit__in": unit_ids}) | Q(**{f"{prefix}commune__in": unit_ids})
    if not _within_own_subtree(user, unit):
        scope = user.scope_units()
        q &= Q(**{f"{prefix}unit__in": scope}) | Q(**{f"{prefix}commune__in": scope})
    return q


def registered_q(user, unit, period, unit_ids, prefix=""):
    """The registrations the page counts (see the rules at the top), for `Model` (prefix "")
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
    return Model.objects.filter(registered_q(user, unit, period, unit_ids))


def _place_q(user, unit, lookup):
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


# ---------------------------------------------------------------- links to the model list


def model_list_url(code, period, **params):
    """/mo-hinh/ with the registry's filter parameters (see issue 6: every number links).
    Built by string concatenation: a province page has a few thousand links."""
    query = f"don_vi={quote(code or '')}&tu_nam={period.start_year}&den_nam={period.end_year}"
    for key, value in params.items():
        if value not in (None, ""):
            query += f"&{key}={quote(str(value))}"
    return f"{_model_list_path()}?{query}"


@lru_cache(maxsize=1)
def _model_list_path():
    return reverse("models_registry:index")


REGISTERED_LINKS = {
    "total": {},
    "collective": {"loai": "tap_the"},
    "individual": {"loai": "ca_nhan"},
    "new": {"dang_ky": RegistrationType.NEW},
    "carried_over": {"dang_ky": RegistrationType.CARRIED_OVER},
}
RESULT_LINKS = {
    "recognised_district": {"cong_nhan": LOCAL_RECOGNITION},
    "recognised_province": {"cong_nhan": RoundLevel.PROVINCE},
    "exemplary": {"dien_hinh": 1},
    "proposed_higher": {"trang_thai": Status.PROPOSED},
    "returned": {"trang_thai": Status.RETURNED},
    "not_recognised": {"trang_thai": Status.NOT_RECOGNISED},
}


def _links(code, period, keys, extra=None):
    links = {**REGISTERED_LINKS, **RESULT_LINKS}
    return {key: model_list_url(code, period, **links[key], **(extra or {})) for key in keys}


# ---------------------------------------------------------------- aggregates


# Only columns of the grouping's own filter (no COUNT(id)), so that PostgreSQL can answer it
# from a covering index alone (see the report on model_stats_idx).
REGISTERED_COUNTS = {
    "total": Count("*"),
    "collective": Count("collective"),  # COUNT of a nullable column: the non-null ones
    "individual": Count("individual"),
    "new": Count("registration_type", filter=Q(registration_type=RegistrationType.NEW)),
    "carried_over": Count(
        "registration_type", filter=Q(registration_type=RegistrationType.CARRIED_OVER)
    ),
}


def _distinct_models(condition):
    return Count("model", distinct=True, filter=condition)


COLLECTIVE = Q(model__collective__isnull=False)
INDIVIDUAL = Q(model__individual__isnull=False)
# The local level: district rounds until 30/6/2025, commune rounds after (`local_level_label`).
DISTRICT_RECOGNISED = Q(round__level__in=LOCAL_ROUND_LEVELS, state__in=RECOGNISING_STATES)
PROVINCE_RECOGNISED = Q(round__level=RoundLevel.PROVINCE, state__in=RECOGNISING_STATES)
EXEMPLARY = Q(state=EntryState.EXEMPLARY) | Q(is_exemplary=True)
RESULT_COUNTS = {
    "recognised_district": _distinct_models(DISTRICT_RECOGNISED),
    "recognised_district_collective": _distinct_models(DISTRICT_RECOGNISED & COLLECTIVE),
    "recognised_district_individual": _distinct_models(DISTRICT_RECOGNISED & INDIVIDUAL),
    "recognised_province": _distinct_models(PROVINCE_RECOGNISED),
    "recognised_province_collective": _distinct_models(PROVINCE_RECOGNISED & COLLECTIVE),
    "recognised_province_individual": _distinct_models(PROVINCE_RECOGNISED & INDIVIDUAL),
    "recognised_any": _distinct_models(Q(state__in=RECOGNISING_STATES)),
    "exemplary": _distinct_models(EXEMPLARY),
    "exemplary_collective": _distinct_models(EXEMPLARY & COLLECTIVE),
    "exemplary_individual": _distinct_models(EXEMPLARY & INDIVIDUAL),
    "proposed_higher": _distinct_models(Q(state=EntryState.PROPOSED_HIGHER)),
    "returned": _distinct_models(Q(state=EntryState.RETURNED)),
    "not_recognised": _distinct_models(Q(state=EntryState.NOT_RECOGNISED)),
}


def _as_registration(row):
    """A continuing model's progress row in the shape of a registration row (carried over)."""
    return {
        "commune_id": row["model__commune_id"],
        "unit_id": row["model__unit_id"],
        "field_id": row["model__field_id"],
        "year": row["year"],
        "total": row["total"],
        "collective": row["collective"],
        "individual": row["individual"],
        "new": 0,
        "carried_over": row["total"],
    }


def _empty(counts):
    return dict.fromkeys(counts, 0)


def entries_in_period(user, unit, period, unit_ids):
    return (
        Entry.objects.filter(round__year__gte=period.start_year, round__year__lte=period.end_year)
        .filter(model_territory_q(user, unit, unit_ids, "model__"))
        .exclude(model__status__in=EXCLUDED_STATUSES)
        .filter(published_entries_q(user))
    )


def _grouped(queryset, key, counts):
    """{group value: {count name: n}}: one GROUP BY query, default ordering cleared."""
    rows = queryset.order_by().values(key).annotate(**counts)
    return {row[key]: {name: row[name] for name in counts} for row in rows}


def _add(target, source):
    for name, value in source.items():
        target[name] = target.get(name, 0) + value


def commendations(user, unit, period, tree):
    """Recipients of the period's decisions in the territory, by issuing body and form."""
    in_territory = (
        Q(model__isnull=False) & model_territory_q(user, unit, tree.unit_ids, "model__")
    ) | (
        Q(model__isnull=True)
        & (_place_q(user, unit, "collective__unit") | _place_q(user, unit, "individual__unit"))
    )
    rows = (
        Recipient.objects.filter(
            decision__year__gte=period.start_year, decision__year__lte=period.end_year
        )
        .filter(in_territory)
        .order_by()
        .values(
            "decision__issuer_id",
            "decision__issuer__name",
            "decision__issuer__level",
            "decision__form",
        )
        .annotate(
            collective=Count("id", filter=Q(collective__isnull=False)),
            individual=Count("id", filter=Q(individual__isnull=False)),
        )
    )
    result = [
        {
            "issuer": row["decision__issuer__name"],
            "issuer_level": row["decision__issuer__level"],
            "form": row["decision__form"],
            "form_label": CommendationForm(row["decision__form"]).label
            if row["decision__form"] in CommendationForm.values
            else row["decision__form"],
            "collective": row["collective"],
            "individual": row["individual"],
            "total": row["collective"] + row["individual"],
        }
        for row in rows
    ]
    result.sort(
        key=lambda r: (ISSUER_ORDER.get(r["issuer_level"], 99), r["issuer"], r["form"] or "")
    )
    return result


def _percent(achieved, total):
    return round(100 * achieved / total, 1) if total else None


def _coverage_row(key, targets, achieved, total, missing, missing_more=0):
    target = targets.get(key, DEFAULT_PERCENT)
    percent = _percent(achieved, total)
    return {
        "key": key,
        "name": TargetKey(key).label,
        "target": target,
        "achieved": achieved,
        "total": total,
        "percent": percent,
        "met": percent is not None and percent >= target,
        "missing": missing,
        "missing_more": missing_more,
    }


def agency_coverage(user, unit, period, tree):
    """(agencies in the territory, agencies with a registered model, names of missing ones).

    One query: the two totals are window counts over every agency of the territory, carried
    on each returned row; the rows themselves are the missing agencies first, by name (an
    active one only shows up when none is missing, to carry the totals)."""
    models_of_period = Model.objects.filter(
        collective=OuterRef("pk"), year__gte=period.start_year, year__lte=period.end_year
    ).exclude(status__in=EXCLUDED_STATUSES)
    start = date(period.start_year, 1, 1)
    # Agencies that existed in the period: placed at a unit valid then (an agency of a district
    # abolished in 2025 is not missing from Thái Nguyên's 2026 target).
    existed = (Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=period.end)) & (
        Q(unit__valid_until__isnull=True) | Q(unit__valid_until__gte=start)
    )
    rows = list(
        Collective.objects.filter(kind=CollectiveKind.AGENCY)
        .filter(_place_q(user, unit, "unit"))
        .filter(existed)
        .annotate(active=Exists(models_of_period))
        .annotate(
            total=Window(Count("id")),
            achieved=Window(Count("id", filter=Q(active=True))),
        )
        .order_by("active", "name", "id")
        .values_list("name", "unit__name", "active", "total", "achieved")[:MISSING_LIMIT]
    )
    if not rows:
        return 0, 0, []
    missing = [f"{name} ({place})" for name, place, active, _, _ in rows if not active]
    return rows[0][3], rows[0][4], missing


def coverage_targets():
    return {t.key: float(t.percent) for t in CoverageTarget.objects.all()}


def choose_criterion_set(end_year, criterion_set_id=None):
    """(all criterion sets, the chosen one): the requested one, else the set valid in the end
    year, else the latest set that started before it."""
    sets = list(CriterionSet.objects.order_by("start_year"))
    chosen = None
    if criterion_set_id:
        chosen = next((s for s in sets if str(s.pk) == str(criterion_set_id)), None)
    if chosen is None:
        chosen = next((s for s in sets if s.start_year <= end_year <= s.end_year), None)
    if chosen is None:
        earlier = [s for s in sets if s.start_year <= end_year]
        chosen = earlier[-1] if earlier else (sets[0] if sets else None)
    return sets, chosen


def _criterion_of_the_year():
    """A criterion link that counts for the NTM target: the criterion belongs to the set valid
    in the model's registering year (a 2026 model linked to a 2021–2025 criterion does not)."""
    return Q(
        **{
            "criterion__criterion_set__start_year__lte": F("model__year"),
            "criterion__criterion_set__end_year__gte": F("model__year"),
        }
    )


def criteria_links(user, unit, period, unit_ids):
    """(criterion, commune, models, whether the criterion is of the model's year's set) of the
    period's registrations linked to NTM criteria, any criterion set: feeds both the NTM view
    and the NTM coverage target (one query). A model is linked to a criterion once (unique
    pair), so COUNT(*) counts models without DISTINCT's sort."""
    return list(
        Model.criteria.through.objects.filter(registered_q(user, unit, period, unit_ids, "model__"))
        .order_by()
        .values(
            "criterion_id",
            "model__commune_id",
            of_the_year=ExpressionWrapper(_criterion_of_the_year(), output_field=BooleanField()),
        )
        .annotate(n=Count("id"))
    )


def place_rows(user, unit, period, unit_ids):
    """(place, its level and parent, field, linked to a criterion of its year's set) of the
    period's registrations, one row per group: feeds the coverage of every commune a model is
    carried out in, the NTM target included (one query)."""
    criteria = Model.criteria.through.objects.filter(model_id=OuterRef("model_id")).filter(
        criterion__criterion_set__start_year__lte=OuterRef("model__year"),
        criterion__criterion_set__end_year__gte=OuterRef("model__year"),
    )
    return list(
        Model.places.through.objects.filter(registered_q(user, unit, period, unit_ids, "model__"))
        .filter(unit__level__gte=Level.COMMUNE)
        .order_by()
        .values(
            "unit_id",
            "unit__level",
            "unit__parent_id",
            "model__field_id",
            ntm_linked=Exists(criteria),
        )
        .distinct()
    )


def ntm_statistics(unit, period, tree, criterion_set, link_rows):
    """Models per NTM criterion and per commune, and the communes with no model for each."""
    if criterion_set is None:
        return None
    criteria = list(
        Criterion.objects.filter(criterion_set=criterion_set)
        .order_by("number")
        .values("id", "number", "name")
    )
    in_set = {c["id"] for c in criteria}
    rows = [row for row in link_rows if row["criterion_id"] in in_set]
    cells = {}  # (coverage commune, criterion) -> models
    per_criterion = {}
    for row in rows:
        per_criterion[row["criterion_id"]] = per_criterion.get(row["criterion_id"], 0) + row["n"]
        commune = tree.coverage_commune_of(row["model__commune_id"])
        if commune is not None:
            key = (commune, row["criterion_id"])
            cells[key] = cells.get(key, 0) + row["n"]
    communes = [
        {
            "code": tree.code(pk),
            "name": tree.name(pk),
            "cells": [
                {
                    "models": cells.get((pk, c["id"]), 0),
                    "url": model_list_url(tree.code(pk), period, tieu_chi=c["id"])
                    if cells.get((pk, c["id"]))
                    else "",
                }
                for c in criteria
            ],
        }
        for pk in tree.coverage_ids
    ]
    for row in communes:
        row["criteria_covered"] = sum(1 for cell in row["cells"] if cell["models"])
    return {
        "criterion_set": criterion_set.name,
        "criterion_set_id": criterion_set.pk,
        "criteria": [
            {
                **c,
                "models": per_criterion.get(c["id"], 0),
                "url": model_list_url(unit.code, period, tieu_chi=c["id"]),
                "missing": [
                    tree.name(pk) for pk in tree.coverage_ids if not cells.get((pk, c["id"]))
                ],
            }
            for c in criteria
        ],
        "communes": communes,
    }


# ---------------------------------------------------------------- the page


def statistics(user, unit, period, criterion_set_id=None):
    """All figures for one territory and period, as plain JSON-ready data."""
    tree = territory_tree(unit, period)
    base = registered_models(user, unit, period, tree.unit_ids)
    entries = entries_in_period(user, unit, period, tree.unit_ids)

    # Registrations: ONE scan of the period's models, grouped by (commune, field, year); every
    # model is in exactly one group, so the commune, field and year tables are sums of it.
    registration_rows = (
        base.order_by()
        .values("commune_id", "unit_id", "field_id", "year")
        .annotate(**REGISTERED_COUNTS)
    )
    # Results: models are distinct per (commune, field) group, but a model recognised in two
    # years is one model of the period and one of each year, hence a second query per year.
    result_rows = (
        entries.order_by()
        .values("model__commune_id", "model__unit_id", "model__field_id")
        .annotate(**RESULT_COUNTS)
    )
    # (For a single year the period's results are that year's: no second query.)
    year_results = (
        _grouped(entries, "round__year", RESULT_COUNTS)
        if period.start_year != period.end_year
        else None
    )
    fields = {
        row["id"]: row
        for row in Field.objects.values("id", "code", "name", "order", "is_new_rural")
    }

    # Continuing models: a yearly progress row of a later year than the registration means the
    # model was carried on (duy trì) that year, and counts among that year's carried-over ones.
    continuing_rows = (
        YearlyProgress.objects.filter(
            year__gte=period.start_year, year__lte=period.end_year, year__gt=F("model__year")
        )
        .filter(model_territory_q(user, unit, tree.unit_ids, "model__"))
        .exclude(model__status__in=EXCLUDED_STATUSES)
        .order_by()
        .values("model__commune_id", "model__unit_id", "model__field_id", "year")
        .annotate(
            total=Count("*"),
            collective=Count("model__collective"),
            individual=Count("model__individual"),
        )
    )
    registration_rows = [*registration_rows, *(_as_registration(row) for row in continuing_rows)]

    registered = _empty(REGISTERED_COUNTS)
    # by_place: by commune, or by owner unit for a model placed in no commune (a district's
    # own model): the sub-unit table places every record whose unit is known.
    by_commune, by_place, by_field_counts, year_counts = {}, {}, {}, {}
    ntm_communes = set()
    for row in registration_rows:
        counts = {k: row[k] for k in REGISTERED_COUNTS}
        _add(registered, counts)
        _add(by_commune.setdefault(row["commune_id"], {}), counts)
        _add(by_place.setdefault(row["commune_id"] or row["unit_id"], {}), counts)
        _add(by_field_counts.setdefault(row["field_id"], {}), counts)
        _add(year_counts.setdefault(row["year"], {}), counts)
        if fields.get(row["field_id"], {}).get("is_new_rural"):
            ntm_communes.add(row["commune_id"])
    results = _empty(RESULT_COUNTS)
    results_by_place, results_by_field = {}, {}
    for row in result_rows:
        counts = {k: row[k] for k in RESULT_COUNTS}
        _add(results, counts)
        place = row["model__commune_id"] or row["model__unit_id"]
        _add(results_by_place.setdefault(place, {}), counts)
        _add(results_by_field.setdefault(row["model__field_id"], {}), counts)
    if year_results is None:
        year_results = {period.start_year: results}

    # Sub-units (province -> districts, district -> communes, commune -> former communes).
    subunits = {
        pk: {**_empty(REGISTERED_COUNTS), **_empty(RESULT_COUNTS)} for pk in tree.subunit_ids
    }
    other = {**_empty(REGISTERED_COUNTS), **_empty(RESULT_COUNTS)}
    for source in (by_place, results_by_place):
        for place_id, counts in source.items():
            target = tree.subunit_of(place_id)
            if target is None and place_id in tree.units:
                # A known unit that rolls up into none of the rows (a district's own model in
                # a period of today's communes) gets a row of its own, with its dates.
                target = place_id
                subunits.setdefault(target, {**_empty(REGISTERED_COUNTS), **_empty(RESULT_COUNTS)})
            _add(subunits.get(target, other), counts)
    row_keys = [*REGISTERED_COUNTS, *RESULT_LINKS]
    by_subunit = [
        {
            "code": tree.code(pk),
            "name": tree.name(pk),
            "label": tree.label(pk),
            **counts,
            "urls": _links(tree.code(pk), period, row_keys),
        }
        for pk, counts in subunits.items()
    ]
    if other["total"] or other["recognised_any"]:
        by_subunit.append(
            {"code": "", "name": OTHER_PLACE, "label": OTHER_PLACE, **other, "urls": {}}
        )

    # By field (every field with a registration or a result in the period).
    by_field = []
    for field_id in by_field_counts.keys() | results_by_field.keys():
        counts = {**_empty(REGISTERED_COUNTS), **by_field_counts.get(field_id, {})}
        field = fields.get(field_id, {"code": "", "name": "Chưa phân lĩnh vực", "order": 999})
        by_field.append(
            {
                "code": field["code"],
                "name": field["name"],
                "label": field["name"],
                "order": field["order"],
                **counts,
                **results_by_field.get(field_id, _empty(RESULT_COUNTS)),
                "urls": _links(unit.code, period, row_keys, {"linh_vuc": field["code"]})
                if field["code"]
                else {},
            }
        )
    by_field.sort(key=lambda r: (r["order"], r["code"]))

    # By year: registrations by registering year, results by round year.
    by_year = [
        {
            "year": year,
            "label": str(year),
            **{**_empty(REGISTERED_COUNTS), **year_counts.get(year, {})},
            **year_results.get(year, _empty(RESULT_COUNTS)),
            "urls": _links(unit.code, Period(year, year), row_keys),
        }
        for year in period.years
    ]

    # Commendations.
    commended = commendations(user, unit, period, tree)

    # Coverage targets.
    targets = coverage_targets()
    # Reviewed (an entry in any round) and linked to NTM criteria, per commune: counted from
    # the entries and criteria of the period's models (joins, not a probe per model).
    reviewed_by_commune = _grouped(
        Entry.objects.filter(registered_q(user, unit, period, tree.unit_ids, "model__")),
        "model__commune_id",
        {"n": Count("model", distinct=True)},
    )
    link_rows = criteria_links(user, unit, period, tree.unit_ids)
    ntm_communes.update(
        row["model__commune_id"] for row in link_rows if row["n"] and row["of_the_year"]
    )
    reviewed_total = sum(c["n"] for c in reviewed_by_commune.values())
    covered, covered_ntm = set(), set()
    # A model carried out in several communes covers each of them (its first commune is only
    # one): the period's models by place (a village stands for its commune) and field.
    for row in place_rows(user, unit, period, tree.unit_ids):
        place = row["unit_id"] if row["unit__level"] == Level.COMMUNE else row["unit__parent_id"]
        commune = tree.coverage_commune_of(place)
        if commune is None:
            continue
        covered.add(commune)
        if row["ntm_linked"] or fields.get(row["model__field_id"], {}).get("is_new_rural"):
            covered_ntm.add(commune)
    unreviewed = {}
    for commune_id, counts in by_commune.items():
        commune = tree.coverage_commune_of(commune_id)
        if commune is None:
            continue
        covered.add(commune)
        if commune_id in ntm_communes:
            covered_ntm.add(commune)
        missing = counts["total"] - reviewed_by_commune.get(commune_id, {"n": 0})["n"]
        if missing > 0:
            unreviewed[commune] = unreviewed.get(commune, 0) + missing
    communes = tree.coverage_ids
    agencies_total, agencies_achieved, agencies_missing = agency_coverage(user, unit, period, tree)
    coverage = [
        _coverage_row(
            TargetKey.COMMUNES,
            targets,
            len(covered),
            len(communes),
            [tree.name(pk) for pk in communes if pk not in covered],
        ),
        _coverage_row(
            TargetKey.COMMUNES_NTM,
            targets,
            len(covered_ntm),
            len(communes),
            [tree.name(pk) for pk in communes if pk not in covered_ntm],
        ),
        _coverage_row(
            TargetKey.AGENCIES,
            targets,
            agencies_achieved,
            agencies_total,
            agencies_missing,
            max(0, agencies_total - agencies_achieved - len(agencies_missing)),
        ),
        _coverage_row(
            TargetKey.REVIEWED,
            targets,
            reviewed_total,
            registered["total"],
            [
                f"{tree.name(pk)} ({n} mô hình)"
                for pk, n in sorted(unreviewed.items(), key=lambda i: tree.name(i[0]))
            ],
        ),
    ]

    sets, criterion_set = choose_criterion_set(period.end_year, criterion_set_id)
    ntm = ntm_statistics(unit, period, tree, criterion_set, link_rows)

    commended_total = sum(r["total"] for r in commended)
    return {
        "territory": unit.code,
        "territory_name": unit.label()
        if unit.level == Level.COMMUNE and unit.parent_id
        else unit.name,
        "from_year": period.start_year,
        "to_year": period.end_year,
        "period": period.label,
        "rolled_up_note": rolled_up_note(unit, period, tree),
        "local_level": local_level_label(period),
        "registered": registered,
        "recognised": {
            "district": results["recognised_district"],
            "province": results["recognised_province"],
            "any": results["recognised_any"],
        },
        "recognised_by_implementer": {
            key: {
                "collective": results[f"{key}_collective"],
                "individual": results[f"{key}_individual"],
            }
            for key in ("recognised_district", "recognised_province", "exemplary")
        },
        "exemplary": results["exemplary"],
        "proposed_higher": results["proposed_higher"],
        "returned": results["returned"],
        "not_recognised": results["not_recognised"],
        "reviewed": reviewed_total,
        "commendations": commended,
        "commended_total": commended_total,
        "coverage": coverage,
        "by_subunit": by_subunit,
        "by_field": by_field,
        "by_year": by_year,
        "ntm": ntm,
        "criterion_sets": [{"id": s.pk, "name": s.name} for s in sets],
        "funnel": [
            {"label": "Đăng ký", "value": registered["total"]},
            {"label": "Được công nhận", "value": results["recognised_any"]},
            {"label": "Điển hình", "value": results["exemplary"]},
            {"label": "Được khen thưởng", "value": commended_total},
        ],
        "urls": _links(unit.code, period, row_keys),
    }


def cached_statistics(user, unit, period, criterion_set_id=None):
    """`statistics()`, computed once per data version (see `stats.cache`) for everyone who
    gets the same figures: same territory, period and criterion set, same scope (the user's
    unit, or everything) and the same view of quietly recorded results (district staff or
    not)."""
    from .cache import cached

    key = (
        unit.pk,
        period.start_year,
        period.end_year,
        str(criterion_set_id or ""),
        None if user.sees_everything else user.unit_id,
        sees_outcomes_when_published(user),
    )
    return cached("statistics", key, lambda: statistics(user, unit, period, criterion_set_id))
