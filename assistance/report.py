"""The yearly report on help for difficult communes: who helped which commune, with how much,
and the communes no agency helped. A fixed number of queries whatever the number of rows."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from danvan import lookups  # noqa: F401 -- `id_in`
from danvan.formatting import count

from .models import Activity, Assignment, DifficultCommune


@dataclass
class CommuneRow:
    commune: object
    agencies: list = field(default_factory=list)
    money: int = 0
    in_kind: int = 0
    activities: int = 0
    models: list = field(default_factory=list)

    @property
    def total(self):
        return self.money + self.in_kind


@dataclass
class AgencyRow:
    agency: object
    communes: list = field(default_factory=list)
    money: int = 0
    in_kind: int = 0
    activities: int = 0

    @property
    def total(self):
        return self.money + self.in_kind


@dataclass
class Report:
    year: int
    communes: list
    agencies: list
    without_helper: list
    money: int
    in_kind: int
    activities: int

    @property
    def total(self):
        return self.money + self.in_kind


def overlapping(year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))


def yearly_report(year, units=None, within=None):
    """`units`: the ids of the communes the user may see, or None for all;
    `within`: the ids of a territory's units (the statistics page's territory), or None."""
    listed = DifficultCommune.objects.filter(year=year).select_related("commune__parent")
    assignments = Assignment.objects.filter(overlapping(year)).select_related("agency", "commune")
    for allowed in (units, within):
        if allowed is not None:
            listed = listed.filter(commune__id_in=allowed)
            assignments = assignments.filter(commune__id_in=allowed)
    activities = Activity.objects.filter(date__year=year).prefetch_related(
        Prefetch("models_started", to_attr="started")
    )
    assignments = list(assignments.prefetch_related(Prefetch("activities", queryset=activities)))

    rows = {d.commune_id: CommuneRow(d.commune) for d in listed}
    by_agency = {}
    for assignment in assignments:
        row = rows.get(assignment.commune_id)
        agency_row = by_agency.setdefault(assignment.agency_id, AgencyRow(assignment.agency))
        agency_row.communes.append(assignment.commune)
        if row is not None and assignment.agency not in row.agencies:
            row.agencies.append(assignment.agency)
        for activity in assignment.activities.all():
            agency_row.money += activity.money
            agency_row.in_kind += activity.in_kind_value
            agency_row.activities += 1
            if row is None:
                # Help to a commune not on this year's list still counts for the agency.
                continue
            row.money += activity.money
            row.in_kind += activity.in_kind_value
            row.activities += 1
            row.models.extend(m for m in activity.started if m not in row.models)
    communes = sorted(rows.values(), key=lambda r: r.commune.name)
    agencies = sorted(by_agency.values(), key=lambda r: (-r.total, r.agency.name))
    return Report(
        year=year,
        communes=communes,
        agencies=agencies,
        without_helper=[r.commune for r in communes if not r.agencies],
        money=sum(a.money for a in agencies),
        in_kind=sum(a.in_kind for a in agencies),
        activities=sum(a.activities for a in agencies),
    )


def years():
    found = set(DifficultCommune.objects.values_list("year", flat=True).distinct())
    found |= {d.year for d in Activity.objects.dates("date", "year")}
    return sorted(found, reverse=True)


def money_words(amount):
    """3_600_000_000 -> "3,6 tỷ đồng"; 250_000_000 -> "250 triệu đồng"; else "1.234.000 đồng"."""
    for size, word in ((10**9, "tỷ"), (10**6, "triệu")):
        if amount >= size:
            value = f"{amount / size:.2f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{value} {word} đồng"
    return f"{count(amount)} đồng"
