"""Every figure of the statistics page (/thong-ke/), aggregated in the database: `statistics()`
assembles them; the page, its JSON, its charts and its Excel export all use it, so they always
agree. Who and what is counted at all: `stats.scope`; the territory's units and rows:
`stats.territory`; coverage targets: `stats.coverage`; NTM: `stats.ntm`; links: `stats.links`.

Counting rules (the sơ kết tables):

- Registered: the period's registrations (`stats.scope.registered_q`). Collective / individual
  by the implementer; new / carried over by `registration_type`. A continuing model also
  counts, carried over, in each later year of the period with a yearly progress row (it was
  maintained that year).
- Recognised at the local level (district rounds until 30/6/2025, commune rounds after; the
  page names it by date, `local_level_label`) / provincial level: distinct models with a
  `reviews.Entry` in a round of that level whose round year is in the period and whose state is in
  `RECOGNISING_STATES` (recognised, exemplary, proposed to the higher level). The registering
  year of the model does not matter: a 2017 model recognised in 2018 counts for 2018.
- Exemplary: distinct models with an entry marked exemplary (state EXEMPLARY, or the
  `is_exemplary` flag an exemplary entry keeps when it is then proposed to the higher level),
  at any level, in a round of the period. Proposed higher, returned, not recognised: likewise
  with those states. Results local staff may not see yet stay out (`stats.scope`).
- Commendations: `reviews.Recipient` rows whose decision is for a year of the period, grouped
  by issuing body and form, split collective / individual; in the territory through the model
  commended or, when the decision names no model, through the place of the commended
  collective or individual.
- By unit: every record in the row of the unit it rolls up into among the units of the years
  shown (`TerritoryTree.subunit_of`); a known unit that rolls up into none gets its own row.

Sections of sibling apps (the help for difficult communes of the period's last year) are
added under their own key by `stats.sections`.

Speed: a fixed number of queries whatever the data (pinned by tests). The registrations are
read once from their counts per (year, owner unit, commune, field)
(`models_registry.RegistrationCount`, moved by every write: `models_registry.facts`) and
summed into the three tables in Python (at most one row per group); the NTM links and the
communes carried out in likewise from the counts of their per-model rows (`CriterionCount`,
`PlaceCount`). Results and reviewed models, counted distinct across years, are read from the
per-model result rows (`models_registry.ResultFact`, one covering index). Below the province
each query is the UNION of two index reads (`stats.scope.territory_parts`). All are kept in
the transaction of every write (`models_registry.facts`, `reviews.facts`); `stats.reference`
computes the same from the entries, links and places, for the tests. Nothing is cached: every
request computes the figures from the data as they are (bench/README.md has the times right
after a write).
"""

from functools import reduce
from operator import add, or_

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from models_registry.models import (
    REGISTRATION_COUNTS,
    RESULT_OUTCOMES,
    DvkModel,
    Field,
    RegistrationCount,
    YearlyProgress,
)
from reviews.models import (
    CommendationForm,
    IssuerLevel,
    Recipient,
)
from territory.models import Level

from .coverage import coverage
from .links import RESULT_LINKS, links
from .ntm import choose_criterion_set, criteria_links, ntm_statistics
from .scope import (
    EXCLUDED_STATUSES,
    counted_parts,
    counted_results_in_period,
    grouped,
    model_territory_q,
    place_q,
    results_in_period,
    territory_parts,
)
from .sections import sections
from .territory import OTHER_PLACE, Period, TerritoryTree, local_level_label, rolled_up_note

ISSUER_ORDER = {level: i for i, level in enumerate(IssuerLevel.values)}


# The registration figures of a group: the sums of its count rows (`RegistrationCount`).
REGISTERED_COUNTS = {name: Sum(name) for name in REGISTRATION_COUNTS}
REGISTRATION_KEYS = ("commune_id", "unit_id", "field_id", "year")


def registration_groups(user, unit, period, unit_ids):
    """The period's registrations in the territory by (commune, owner unit, field, year),
    counted (`models_registry.RegistrationCount`, kept by every write: the province of one
    year reads some 900 rows instead of grouping its 74.000 models); below the province, the
    two parts of `stats.scope.territory_parts`, each from one index."""
    parts = counted_parts(RegistrationCount, user, unit, period, unit_ids)
    return grouped(parts, REGISTRATION_KEYS, REGISTERED_COUNTS)


# Results: the outcomes of the period's rounds, three of them also by implementer, as figure
# name -> (outcome, implementer condition); the outcomes are those of a result row
# (`models_registry.RESULT_OUTCOMES`, also the columns of its counts `ResultCount`).
OUTCOMES = {
    "recognised_district": "entry_recognised_local",
    "recognised_province": "entry_recognised_province",
    "recognised_any": "entry_recognised_any",
    "exemplary": "entry_exemplary",
    "proposed_higher": "entry_proposed_higher",
    "returned": "entry_returned",
    "not_recognised": "entry_not_recognised",
}
BY_IMPLEMENTER = {"collective": Q(by_individual=False), "individual": Q(by_individual=True)}
SPLIT_BY_IMPLEMENTER = ("recognised_district", "recognised_province", "exemplary")
RESULT_FIGURES = {
    figure: (outcome, condition)
    for name, outcome in OUTCOMES.items()
    for figure, condition in [
        (name, Q()),
        *(
            (f"{name}_{who}", by)
            for who, by in BY_IMPLEMENTER.items()
            if name in SPLIT_BY_IMPLEMENTER
        ),
    ]
}
RESULT_COUNTS = dict.fromkeys(RESULT_FIGURES, 0)
RESULT_KEYS = ("commune_id", "unit_id", "field_id")


def distinct_results():
    """Models per outcome over the result rows (`ResultFact`): a model recognised in two round
    years of the period is one model of the period."""
    return {
        name: Count("model", distinct=True, filter=RESULT_OUTCOMES[outcome] & who)
        for name, (outcome, who) in RESULT_FIGURES.items()
    }


def counted_results():
    """Models per outcome over the counts of the result rows (`ResultCount`): within one
    round year a model has one row, so the counts add up."""
    return {
        name: Coalesce(Sum(outcome, filter=who or None), 0)
        for name, (outcome, who) in RESULT_FIGURES.items()
    }


def result_rows(user, unit, period, unit_ids):
    """Models per outcome of the period's rounds, by the model's (commune, owner, field): for
    one year from the counts, for several from the rows (distinct models)."""
    if period.start_year == period.end_year:
        parts, counts = counted_results_in_period(user, unit, period, unit_ids), counted_results()
    else:
        parts, counts = results_in_period(user, unit, period, unit_ids), distinct_results()
    return list(grouped(parts, RESULT_KEYS, counts))


def year_results(user, unit, period, unit_ids):
    """{round year: models per outcome} (from the counts; the parts' figures added up)."""
    counts = counted_results()
    by_year = {}
    parts = counted_results_in_period(user, unit, period, unit_ids)
    for row in grouped(parts, ("round_year",), counts):
        _add(by_year.setdefault(row["round_year"], {}), {name: row[name] for name in counts})
    return by_year


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


def _sums(rows, names, *group_of):
    """The sums of the columns `names` over `rows`: in all, then by each of `group_of` (a
    function of a row giving its group), as {group: sums}. Some thousand rows a page (the
    province of one year: 860 registration groups, 1.500 result groups of 20 figures): one
    pass, each row's figures added as one list (`map(add, …)`), no dict per row."""
    total = [0] * len(names)
    by = [{} for _ in group_of]
    for row in rows:
        values = [row[name] for name in names]
        total = list(map(add, total, values))
        for groups, key_of in zip(by, group_of, strict=True):
            key = key_of(row)
            sums = groups.get(key)
            # Never changed in place, so one row's list may start several groups.
            groups[key] = values if sums is None else list(map(add, sums, values))

    def named(sums):
        return dict(zip(names, sums, strict=True))

    return [named(total), *({key: named(sums) for key, sums in groups.items()} for groups in by)]


def _add(target, source):
    for name, value in source.items():
        target[name] = target.get(name, 0) + value


ISSUER_KEYS = (
    "decision__issuer_id",
    "decision__issuer__name",
    "decision__issuer__level",
    "decision__form",
)
RECIPIENT_COUNTS = {
    "collective": Count("id", filter=Q(collective__isnull=False)),
    "individual": Count("id", filter=Q(individual__isnull=False)),
}


def commended_recipients(user, unit, period, tree):
    """The period's recipients in the territory, as two disjoint parts: those named with the
    model commended, in the territory through it; the others, through the place of the
    commended collective or individual. For a commune, the model's part keeps the recipients
    whose model is one of the commune's (`stats.scope.territory_parts`: two index reads of
    the commune's model ids, hashed), instead of looking up the model of every recipient of
    the period (Bằng Thành across 2019–2026 at 1.000.000 models: 17.800 lookups, 190 → 40
    ms); a district or a province holds too many models for that (Chợ Đồn 2018–2020:
    110 → 190 ms), so there each recipient's model is looked up."""
    recipients = Recipient.objects.filter(
        decision__year__gte=period.start_year, decision__year__lte=period.end_year
    )
    with_model = recipients.filter(model__isnull=False)
    if unit.level != Level.COMMUNE:
        with_model = with_model.filter(model_territory_q(user, unit, tree.unit_ids, "model__"))
    else:
        models = territory_parts(DvkModel.objects.all(), user, unit, tree.unit_ids)
        with_model = with_model.filter(
            reduce(or_, (Q(model__in=part.values("pk")) for part in models))
        )
    by_place = recipients.filter(model__isnull=True).filter(
        place_q(user, unit, tree.unit_ids, "collective__unit")
        | place_q(user, unit, tree.unit_ids, "individual__unit")
    )
    return [with_model, by_place]


def commendations(user, unit, period, tree):
    """Recipients of the period's decisions in the territory, by issuing body and form."""
    totals = {}
    for row in grouped(
        commended_recipients(user, unit, period, tree), ISSUER_KEYS, RECIPIENT_COUNTS
    ):
        _add(
            totals.setdefault(tuple(row[k] for k in ISSUER_KEYS), {}),
            {k: row[k] for k in RECIPIENT_COUNTS},
        )
    result = [
        {
            "issuer": name,
            "issuer_level": level,
            "form": form,
            "form_label": CommendationForm(form).label if form in CommendationForm.values else form,
            "collective": counts["collective"],
            "individual": counts["individual"],
            "total": counts["collective"] + counts["individual"],
        }
        for (_issuer, name, level, form), counts in totals.items()
    ]
    result.sort(
        key=lambda r: (ISSUER_ORDER.get(r["issuer_level"], 99), r["issuer"], r["form"] or "")
    )
    return result


def statistics(user, unit, period, criterion_set_id=None):
    """All figures for one territory and period, as plain JSON-ready data."""
    tree = TerritoryTree(unit, period)

    # Registrations: ONE query over the period's registration counts, by (commune, owner,
    # field, year); every model is in exactly one group, so the commune, field and year
    # tables are sums of it.
    registration_rows = registration_groups(user, unit, period, tree.unit_ids)
    # Results: models are distinct per (commune, field) group, but a model recognised in two
    # years is one model of the period and one of each year, hence a second query per year
    # (for a single year the period's results are that year's: no second query).
    result_groups = result_rows(user, unit, period, tree.unit_ids)
    by_year_results = (
        year_results(user, unit, period, tree.unit_ids)
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

    # by_place: by commune, or by owner unit for a model placed in no commune (a district's
    # own model): the sub-unit table places every record whose unit is known.
    registered, by_commune, by_place, by_field_counts, year_counts = _sums(
        registration_rows,
        tuple(REGISTERED_COUNTS),
        lambda row: row["commune_id"],
        lambda row: row["commune_id"] or row["unit_id"],
        lambda row: row["field_id"],
        lambda row: row["year"],
    )
    new_rural = {pk for pk, field in fields.items() if field["is_new_rural"]}
    ntm_communes = {row["commune_id"] for row in registration_rows if row["field_id"] in new_rural}
    results, results_by_place, results_by_field = _sums(
        result_groups,
        tuple(RESULT_COUNTS),
        lambda row: row["commune_id"] or row["unit_id"],
        lambda row: row["field_id"],
    )
    if by_year_results is None:
        by_year_results = {period.start_year: results}

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
            "urls": links(tree.code(pk), period, row_keys),
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
                "urls": links(unit.code, period, row_keys, {"linh_vuc": field["code"]})
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
            **by_year_results.get(year, _empty(RESULT_COUNTS)),
            "urls": links(unit.code, Period(year, year), row_keys),
        }
        for year in period.years
    ]

    # Commendations.
    commended = commendations(user, unit, period, tree)

    # Coverage targets (stats.coverage) and the NTM view (stats.ntm) share the criteria links.
    link_rows = criteria_links(user, unit, period, tree.unit_ids)
    coverage_rows, reviewed_total = coverage(
        user,
        unit,
        period,
        tree,
        fields=fields,
        by_commune=by_commune,
        new_rural_communes=ntm_communes,
        link_rows=link_rows,
        registered_total=registered["total"],
    )

    sets, criterion_set = choose_criterion_set(period.end_year, criterion_set_id)
    ntm = ntm_statistics(unit, period, tree, criterion_set, link_rows)

    commended_total = sum(r["total"] for r in commended)
    figures = {
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
        "coverage": coverage_rows,
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
        "urls": links(unit.code, period, row_keys),
    }
    # Sections of sibling apps (stats.sections), for the period's last year.
    for section in sections():
        figures[section.KEY] = section.figures(user, tree.unit_ids, period.end_year)
    return figures
