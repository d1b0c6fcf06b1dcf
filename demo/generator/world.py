"""Reference data in memory (territory, fields, criteria) and the rounds, issuers and decisions
the generated records need, created once."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from django.db import transaction

from danvan.text import fold
from models_registry.models import (
    Collective,
    CriterionSet,
    Field,
)
from reviews.models import (
    Decision,
    IssuingBody,
    ReviewRound,
    RoundLevel,
)
from territory.models import Kind, Level, Succession, Unit, split_prefix
from territory.workflow import carry_villages_forward

from .words import COLLECTIVES, ETHNICITIES, TITLES, VILLAGE_FIRST, VILLAGE_SECOND

CHUNK = 50_000
REFORM_DAY = date(2025, 7, 1)
ICT = timezone(timedelta(hours=7))


def marker(seed):
    return f"[gen:{seed}]"


# ---------------------------------------------------------------- reference data in memory


@dataclass
class Commune:
    unit: Unit
    district: Unit | None  # None for the post-2025 communes
    villages: list = field(default_factory=list)
    successor: "Commune | None" = None


class World:
    """Territory, fields, criteria and lazily created rounds/issuers/decisions."""

    def __init__(self, seed, count, years):
        self.seed = seed
        self.years = list(range(years[0], years[1] + 1))
        self.open_year = years[1]
        self.old_province = Unit.objects.get(code="06", valid_from__isnull=True)
        self.new_province = Unit.objects.filter(code="19", level=Level.PROVINCE).first()
        old = list(
            Unit.objects.filter(level=Level.COMMUNE, valid_from__isnull=True)
            .filter(path__startswith=self.old_province.path)
            .select_related("parent")
            .order_by("code")
        )
        self.communes = [Commune(u, u.parent) for u in old]
        ensure_villages(old, villages_per_commune(count))
        # The villages of an ended commune live on under its successor (as the territory
        # migration carries the reference villages): a model of after 1/7/2025 is at those.
        carry_villages_forward(Unit, Succession)
        new_by_old = {}
        for through in Unit.successors.through.objects.filter(
            from_unit__in=old, to_unit__level=Level.COMMUNE
        ).select_related("to_unit__parent"):
            new_by_old[through.from_unit_id] = through.to_unit
        villages = {}
        communes = old + list(new_by_old.values())
        for v in Unit.objects.filter(level=Level.VILLAGE, parent__in=communes).order_by(
            "name", "id"
        ):
            villages.setdefault(v.parent_id, []).append(v)
        new_communes = {}
        for c in self.communes:
            c.villages = villages.get(c.unit.pk, [])
            new = new_by_old.get(c.unit.pk)
            if new is not None:
                c.successor = new_communes.setdefault(
                    new.pk, Commune(new, None, villages.get(new.pk, []))
                )
        rng = random.Random(f"{seed}:world")
        self.commune_weights = list(
            accumulate_weights(0.4 + rng.random() * 1.2 for _ in self.communes)
        )
        year_weights = [1 + 0.05 * (y - self.years[0]) for y in self.years]
        if len(year_weights) > 1:
            year_weights[-1] *= 0.8  # the open year is still filling up
        self.year_weights = list(accumulate_weights(year_weights))
        self.fields = {f.code: f.pk for f in Field.objects.all()}
        self.criteria = {}
        for cs in CriterionSet.objects.prefetch_related("criteria"):
            crits = sorted(cs.criteria.all(), key=lambda c: c.number)
            for year in range(cs.start_year, cs.end_year + 1):
                self.criteria[year] = crits
        self.titles = [t for t in TITLES if t[0] in self.fields]
        # Which collectives fit a model: village-level ones need a village, district-level
        # ones a district (none after 1/7/2025).
        self.collective_options = {}
        for has_village in (True, False):
            for post in (True, False):
                fitting = [
                    c
                    for c in COLLECTIVES
                    if (has_village or c[2] != "village") and not (post and c[2] == "district")
                ]
                self.collective_options[(has_village, post)] = (
                    fitting,
                    list(accumulate_weights(c[3] for c in fitting)),
                )
        self.collectives = {
            (unit_id, name): pk
            for pk, unit_id, name in Collective.objects.values_list("pk", "unit_id", "name")
        }
        self._rounds = {}
        self._issuers = {}
        self._decisions = {}

    def round_for(self, year, level, organiser):
        key = (year, level, organiser.pk)
        if key not in self._rounds:
            qs = ReviewRound.objects.filter(year=year, level=level)
            if level == RoundLevel.DISTRICT:
                qs = qs.filter(organiser=organiser)
            found = qs.order_by("id").first()
            if found is None:
                closed = year < self.open_year
                # Districts review by the end of October (by the end of May in 2025, before
                # they were abolished); the province reviews what they propose in November.
                if level == RoundLevel.DISTRICT:
                    deadline = date(year, 5, 31) if year == 2025 else date(year, 10, 31)
                else:
                    deadline = date(year, 12, 15) if year == self.open_year else date(year, 11, 30)
                found = ReviewRound.objects.create(
                    name=f"Bình xét mô hình “Dân vận khéo” năm {year} – {organiser.name}",
                    year=year,
                    level=level,
                    organiser=organiser,
                    deadline=deadline,
                    is_closed=closed,
                    closed_at=at(deadline + timedelta(days=20), 16) if closed else None,
                )
            self._rounds[key] = found
        return self._rounds[key]

    def issuer(self, name, level, unit, valid_from=None, valid_until=None):
        if name not in self._issuers:
            found = IssuingBody.objects.filter(name=name).order_by("valid_from").first()
            if found is None:
                found = IssuingBody.objects.create(
                    name=name,
                    level=level,
                    unit=unit,
                    valid_from=valid_from,
                    valid_until=valid_until,
                )
            self._issuers[name] = found
        return self._issuers[name]

    def decision(self, issuer, year, form, number_suffix, when, review_round):
        key = (issuer.pk, year, form)
        if key not in self._decisions:
            number = f"{100 + (year * 37 + issuer.pk * 11) % 880}{number_suffix}"
            found, _ = Decision.objects.get_or_create(
                issuer=issuer,
                number=number,
                date=when,
                defaults={"form": form, "year": year, "round": review_round},
            )
            self._decisions[key] = [found, found.recipients.count()]
        return self._decisions[key]


def accumulate_weights(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def at(day, hour=8):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=ICT)


def villages_per_commune(count):
    # A few villages for the demo; more for national-size data so implementers stay varied.
    return max(4, min(40, count // 10_000))


def ensure_villages(communes, target):
    """Give every commune at least `target` villages (real ones from fixtures count first).
    Names are seeded by the commune code, so every run makes the same ones."""
    have = {}
    for parent_id, name in Unit.objects.filter(
        level=Level.VILLAGE, parent__in=communes
    ).values_list("parent_id", "name"):
        have.setdefault(parent_id, set()).add(name)
    new = []
    for commune in communes:
        names = have.get(commune.pk, set())
        rng = random.Random(f"villages:{commune.code}")
        urban = commune.kind in (Kind.WARD, Kind.TOWNSHIP)
        number = 0
        attempts = 0
        while len(names) < target and attempts < 10 * target:
            attempts += 1
            if urban:
                number += 1
                name = f"Tổ dân phố {number}"
            else:
                first = rng.choice(VILLAGE_FIRST)
                prefix = "Bản" if rng.random() < 0.15 else "Thôn"
                if first == "Bản":
                    prefix = "Thôn"
                name = f"{prefix} {first} {rng.choice(VILLAGE_SECOND)}"
            if name in names:
                continue
            names.add(name)
            kind = (
                Kind.RESIDENTIAL_GROUP
                if urban
                else (Kind.HAMLET if name.startswith("Bản") else Kind.VILLAGE)
            )
            new.append(
                Unit(
                    name=name,
                    kind=kind,
                    level=Level.VILLAGE,
                    parent=commune,
                    search_name=fold(split_prefix(name)[1]),
                    note="Thôn sinh tự động cho dữ liệu mẫu",
                )
            )
    if not new:
        return
    with transaction.atomic():
        created = Unit.objects.bulk_create(new, batch_size=2000)
        if any(u.pk is None for u in created):  # backends that do not return ids
            created = list(Unit.objects.filter(level=Level.VILLAGE, path=""))
        for unit in created:
            unit.path = f"{unit.parent.path}{unit.pk}/"
        Unit.objects.bulk_update(created, ["path"], batch_size=2000)


ETHNICITY_WEIGHTS = list(accumulate_weights(w for _, w in ETHNICITIES))


def pick(rng, cumulative):
    """Index drawn from cumulative weights (random.choices without building a list)."""
    x = rng.random() * cumulative[-1]
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo
