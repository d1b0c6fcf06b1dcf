"""The coverage targets of the statistics page (Đề án 06-ĐA/TU): every commune has a model, a
New Rural Development model, every agency a model, every model reviewed.

Counting rules:

- The communes of a territory are the communes valid on the reference day
  (`stats.territory.reference_day`: the last day of the period, or the day the chosen unit was
  retired) in its rolled-up tree: today's Thái Nguyên counts the old communes in 2019, its 92
  in 2026.
- A commune is covered when a registered model of the period (`stats.scope.registered_q`) is
  carried out in it (its commune or any of its places; a village stands for its commune) or in
  a commune it was formed from (a split commune in its default successor).
- "In New Rural Development" means a model of a field flagged `is_new_rural` (BK-NTM) or linked
  to at least one NTM criterion of the set valid in its registering year (`stats.ntm`); it
  covers each of its communes alike.
- Agencies are collectives of kind "co_quan" placed in the territory at a unit that existed in
  the period, covered when they carry out a registered model of the period.
- Reviewed: registered models of the period with at least one entry in any round.
- The target percentages are `stats.models.CoverageTarget` rows (100 % when none is set).

The communes a model is carried out in are read from the counts of `models_registry.PlaceFact`
(one row per model and commune; `PlaceCount`, by group), the reviewed models from `models_registry.ResultFact` (one row per model
and round year), both kept by the write functions (`models_registry.facts`, `reviews.facts`),
not from the places, models, units, criteria and entries joined on every request;
`stats.reference` has those joins, the reference the tests compare the rows with.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum, Window

from accounts.dated import REFORM_DAY
from models_registry.models import Collective, CollectiveKind, DvkModel, PlaceCount, ResultFact

from .models import DEFAULT_PERCENT, CoverageTarget, TargetKey
from .scope import EXCLUDED_STATUSES, counted_parts, grouped, place_q, registered_parts
from .territory import reference_day

# Long lists of missing agencies are cut; the page says how many more there are.
MISSING_LIMIT = 200


def _percent(achieved, total):
    return round(100 * achieved / total, 1) if total else None


def target_name(key, day):
    """The target's name on `day`: the communes counted after 30/6/2025 are xã and phường
    (there are no thị trấn any more; the Đề án's names are kept for the days before)."""
    name = TargetKey(key).label
    if day >= REFORM_DAY:
        return name.replace("Xã, phường, thị trấn", "Xã, phường", 1)
    return name


def _coverage_row(key, targets, achieved, total, missing, missing_more=0, *, day):
    target = targets.get(key, DEFAULT_PERCENT)
    percent = _percent(achieved, total)
    return {
        "key": key,
        "name": target_name(key, day),
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
    models_of_period = DvkModel.objects.filter(
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
        .filter(place_q(user, unit, tree.unit_ids, "unit"))
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


def place_rows(user, unit, period, unit_ids):
    """(commune carried out in, field, linked to a criterion of its year's set) of the period's
    registrations, one row per group: feeds the coverage of every commune a model is carried
    out in, the NTM target included (one query, over the counts of the place rows
    `models_registry.PlaceCount`: a village already stands for its commune there)."""
    keys = ("place_id", "field_id", "ntm_linked")
    rows = grouped(counted_parts(PlaceCount, user, unit, period, unit_ids), keys, {"n": Sum("n")})
    found = {tuple(row[key] for key in keys) for row in rows if row["n"]}
    return [dict(zip(keys, group, strict=True)) for group in found]


def reviewed_by_commune(user, unit, period, unit_ids):
    """{model's commune: registered models of the period with an entry in any round}, from the
    result rows (`models_registry.ResultFact`: a model has one per year it was entered in)."""
    rows = ResultFact.objects.filter(public_only=False)
    return {
        row["commune_id"]: row["n"]
        for row in grouped(
            registered_parts(user, unit, period, unit_ids, rows),
            ("commune_id",),
            {"n": Count("model", distinct=True)},
        )
    }


def coverage(
    user, unit, period, tree, *, fields, by_commune, new_rural_communes, link_rows, registered_total
):
    """(the four target rows, the number of reviewed models).

    `fields`: {field id: row} with `is_new_rural`; `by_commune`: {commune id: registered counts}
    (a model's first commune); `registered_total`: what the reviewed share is of; `new_rural_communes`: first communes of models of a new-rural
    field; `link_rows`: `stats.ntm.criteria_links`. Three queries: reviewed models per commune,
    the period's models by place, the agencies."""
    targets = coverage_targets()
    # Reviewed (an entry in any round) per commune.
    reviewed = reviewed_by_commune(user, unit, period, tree.unit_ids)
    ntm_communes = set(new_rural_communes) | {
        row["commune_id"] for row in link_rows if row["n"] and row["of_the_year"]
    }
    reviewed_total = sum(reviewed.values())
    covered, covered_ntm = set(), set()
    # A model carried out in several communes covers each of them (its first commune is only
    # one): the period's models by place (a village stands for its commune) and field.
    for row in place_rows(user, unit, period, tree.unit_ids):
        commune = tree.coverage_commune_of(row["place_id"])
        if commune is None:
            continue
        covered.add(commune)
        if row["ntm_linked"] or fields.get(row["field_id"], {}).get("is_new_rural"):
            covered_ntm.add(commune)
    unreviewed = {}
    for commune_id, counts in by_commune.items():
        commune = tree.coverage_commune_of(commune_id)
        if commune is None:
            continue
        covered.add(commune)
        if commune_id in ntm_communes:
            covered_ntm.add(commune)
        missing = counts["total"] - reviewed.get(commune_id, 0)
        if missing > 0:
            unreviewed[commune] = unreviewed.get(commune, 0) + missing
    communes = tree.coverage_ids
    day = reference_day(unit, period)
    agencies_total, agencies_achieved, agencies_missing = agency_coverage(user, unit, period, tree)
    rows = [
        _coverage_row(
            TargetKey.COMMUNES,
            targets,
            len(covered),
            len(communes),
            [tree.name(pk) for pk in communes if pk not in covered],
            day=day,
        ),
        _coverage_row(
            TargetKey.COMMUNES_NTM,
            targets,
            len(covered_ntm),
            len(communes),
            [tree.name(pk) for pk in communes if pk not in covered_ntm],
            day=day,
        ),
        _coverage_row(
            TargetKey.AGENCIES,
            targets,
            agencies_achieved,
            agencies_total,
            agencies_missing,
            max(0, agencies_total - agencies_achieved - len(agencies_missing)),
            day=day,
        ),
        _coverage_row(
            TargetKey.REVIEWED,
            targets,
            reviewed_total,
            registered_total,
            [
                f"{tree.name(pk)} ({n} mô hình)"
                for pk, n in sorted(unreviewed.items(), key=lambda i: tree.name(i[0]))
            ],
            day=day,
        ),
    ]
    return rows, reviewed_total
