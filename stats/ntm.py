"""The New Rural Development (nông thôn mới, NTM) figures: models per NTM criterion and per
commune, and which criterion set a period is read with.

- A model counts for a criterion when it is linked to it (`DvkModel.criteria`); the NTM view shows
  the criteria of one set (the one asked for, else the set valid in the period's last year);
  its links list those registered models (drafts and withdrawn left out, trang_thai=hieu_luc).
- For the NTM coverage target (`stats.coverage`), a criterion link counts when the criterion
  belongs to the set valid in the model's registering year: a 2026 model linked to a 2021–2025
  criterion does not.
"""

from django.db.models import Sum

from models_registry.models import Criterion, CriterionCount, CriterionSet

from .links import criterion_links
from .scope import counted_parts, grouped


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


def criteria_links(user, unit, period, unit_ids):
    """(criterion, model's commune, models, whether the criterion is of the model's year's
    set) of the period's registrations linked to NTM criteria, any criterion set: feeds both
    the NTM view and the NTM coverage target (one query, over the counts of the links
    `models_registry.CriterionCount`)."""
    rows = grouped(
        counted_parts(CriterionCount, user, unit, period, unit_ids),
        ("criterion_id", "commune_id", "of_the_year"),
        {"n": Sum("n")},
    )
    return [row for row in rows if row["n"]]


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
        commune = tree.coverage_commune_of(row["commune_id"])
        if commune is not None:
            key = (commune, row["criterion_id"])
            cells[key] = cells.get(key, 0) + row["n"]
    communes = []
    for pk in tree.coverage_ids:
        url_of = criterion_links(tree.code(pk), period)
        row = [(c["id"], cells.get((pk, c["id"]), 0)) for c in criteria]
        communes.append(
            {
                "code": tree.code(pk),
                "name": tree.name(pk),
                "cells": [
                    {"models": models, "url": url_of(criterion_id) if models else ""}
                    for criterion_id, models in row
                ],
            }
        )
    territory_url_of = criterion_links(unit.code, period)
    for row in communes:
        row["criteria_covered"] = sum(1 for cell in row["cells"] if cell["models"])
    return {
        "criterion_set": criterion_set.name,
        "criterion_set_id": criterion_set.pk,
        "criteria": [
            {
                **c,
                "models": per_criterion.get(c["id"], 0),
                "url": territory_url_of(c["id"]),
                "missing": [
                    tree.name(pk) for pk in tree.coverage_ids if not cells.get((pk, c["id"]))
                ],
            }
            for c in criteria
        ],
        "communes": communes,
    }
