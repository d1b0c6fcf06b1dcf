"""The territory and period of the statistics page: which unit a page is about (today's
unit for a replaced one; the year it opens on is `accounts.dated.opening_year`), and the tree of units its rows are made of
(`TerritoryTree`: the units valid in the years shown, older ones rolled up into them).
`stats.figures`, `stats.coverage` and `stats.ntm` count within them."""

from dataclasses import dataclass
from datetime import date

from django.http import Http404

from accounts.dated import REFORM_DAY, unit_for_year
from danvan.text import fold
from territory.models import SUCCESSION_DEPTH, Level, Unit, resolve_code

from .scope import within_own_subtree

PROVINCE_CODE = "06"
OTHER_PLACE = "Chưa xác định xã hoặc địa bàn khác"


@dataclass(frozen=True)
class Period:
    start_year: int
    end_year: int

    @property
    def end(self):
        return date(self.end_year, 12, 31)

    @property
    def years(self):
        return range(self.start_year, self.end_year + 1)

    @property
    def label(self):
        if self.start_year == self.end_year:
            return f"năm {self.start_year}"
        return f"giai đoạn {self.start_year} – {self.end_year}"

    def params(self):
        return {"tu_nam": self.start_year, "den_nam": self.end_year}


def territory_for(user, code, period):
    """The unit the statistics are about; 404 when unknown or outside the user's scope.

    A code means the unit that bore it at the end of the period (01864 is Xã Bộc Bố for 2024,
    Xã Bằng Thành for 2026). Without a code: the user's own unit (or the one that replaced it
    in that year); the province for an administrator without a unit.
    """
    if code:
        unit = resolve_code(code, at=period.end)
    elif user.unit_id:
        # A replaced province or commune opens on its successor (Bắc Kạn's account sees
        # Thái Nguyên in 2026); a district, which has none, on itself.
        unit = unit_for_year(user.unit, period.end_year) or user.unit
    elif user.sees_everything:
        unit = default_province(period)
    else:
        unit = None
    if unit is None or unit.level > Level.COMMUNE:
        raise Http404("Không tìm thấy đơn vị.")
    # The unit is a province, district or commune: the scope id list holds those (not read
    # for a unit under the user's own, always in the scope: its recursive query is one of
    # the page's slowest).
    if not within_own_subtree(user, unit) and unit.pk not in user.scope_unit_ids():
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def default_province(period):
    """An administrator's default territory: the province of the period's end (Thái Nguyên
    from 1/7/2025, Bắc Kạn before)."""
    province = resolve_code(PROVINCE_CODE, at=period.end)
    if province is not None:
        province = unit_for_year(province, period.end_year) or province
    return province


def rolled_up_note(unit, period, tree=None):
    """Said on the page when a period runs across 1/7/2025 for a unit of today: the old
    districts' and communes' records are counted in the units formed from them; a commune
    split between several new ones is named with its parts, its records being counted in the
    mapping's main part (`TerritoryTree.splits`)."""
    if period.start_year <= REFORM_DAY.year <= period.end_year and (
        unit.valid_from is not None and unit.valid_from >= REFORM_DAY
    ):
        note = (
            "Thời gian thống kê có ngày 01/07/2025: số liệu của các huyện, xã cũ được cộng vào "
            "xã, phường hiện nay được thành lập từ các xã đó."
        )
        splits = tree.splits() if tree is not None else []
        if splits:
            described = "; ".join(
                f"{old} (nay chia cho {parts[0]} (phần chính) và {', '.join(parts[1:])})"
                if len(parts) == 2
                else f"{old} (nay chia cho {parts[0]} (phần chính), "
                f"{', '.join(parts[1:-1])} và {parts[-1]})"
                for old, parts in splits
            )
            note += (
                " Số liệu của xã, phường cũ được chia cho nhiều xã, phường mới được tính vào phần chính: "
                f"{described}."
            )
        return note
    return ""


def local_level_label(period):
    """The dated name of the local recognition level: cấp huyện until 30/6/2025, cấp xã
    after."""
    if period.end_year < REFORM_DAY.year:
        return "cấp huyện"
    if period.start_year > REFORM_DAY.year:
        return "cấp xã"
    return "cấp huyện, cấp xã"


def reference_day(unit, period):
    """The day whose communes the coverage counts: the end of the period, or the last day of
    a unit retired before it (Ba Bể's 2026 page counts its communes of 30/6/2025). A unit formed
    after the period (today's Thái Nguyên in 2019) counts the communes of that year in the
    units it was formed from, not its own later communes."""
    day = period.end
    if unit.valid_until and unit.valid_until < day:
        day = unit.valid_until
    return day


class TerritoryTree:
    """The units rolled up into the chosen unit (districts and communes, at most a few
    hundred rows) and their successions, to place aggregated rows in Python without queries."""

    def __init__(self, unit, period):
        self.unit = unit
        self.period = period
        rows = Unit.objects.rolled_up_into(unit, down_to=Level.COMMUNE).values(
            "id", "code", "name", "level", "parent_id", "valid_from", "valid_until"
        )
        self.units = {row["id"]: row for row in rows}
        self.units.setdefault(
            unit.pk,
            {
                "id": unit.pk,
                "code": unit.code,
                "name": unit.name,
                "level": unit.level,
                "parent_id": unit.parent_id,
                "valid_from": unit.valid_from,
                "valid_until": unit.valid_until,
            },
        )
        self.unit_ids = sorted(self.units)
        self.successors = {}
        # A split unit's default successor first: `_follow` takes the first one it can place.
        # The successions out of the tree's units, and into them: a commune of the tree may
        # have taken a part of a split commune whose records roll up elsewhere (`splits`).
        # Districts and communes only (a village's succession places nothing here), by their
        # id list: the recursive subquery again cost PostgreSQL 10–20 ms, estimated badly.
        # Two index reads put together (UNION): their OR, estimated at thousands of rows, made
        # PostgreSQL hash every unit twice (4–8 ms for the four links of a commune).
        links = Unit.successors.through.objects
        into_tree = links.filter(to_unit__id_in=self.unit_ids).values("from_unit_id")
        columns = ("is_default", "from_unit_id", "to_unit_id", "from_unit__name", "to_unit__name")
        pairs = (
            links.filter(from_unit__id_in=self.unit_ids)
            .values_list(*columns)
            .union(links.filter(from_unit__in=into_tree).values_list(*columns))
            .order_by("-is_default", "to_unit_id")
        )
        # Names of both ends, some outside the tree (the other parts of a split commune).
        self.successor_names, self.former_names = {}, {}
        for _default, old, new, old_name, new_name in pairs:
            self.successors.setdefault(old, []).append(new)
            self.successor_names[new] = new_name
            self.former_names[old] = old_name
        day = reference_day(unit, period)
        if unit.level == Level.COMMUNE:
            self.coverage_ids = [unit.pk]
        else:
            self.coverage_ids = sorted(
                (
                    row["id"]
                    for row in self.units.values()
                    if row["level"] == Level.COMMUNE and _valid_on(row, day)
                ),
                key=lambda pk: fold(self.units[pk]["name"]),
            )
        self.subunit_ids = self._subunits()
        self._coverage_set, self._subunit_set = set(self.coverage_ids), set(self.subunit_ids)

    def _subunits(self):
        if self.unit.level == Level.COMMUNE:
            # A commune shows itself and the former communes it was formed from.
            others = sorted(
                (
                    row["id"]
                    for row in self.units.values()
                    if row["level"] == Level.COMMUNE and row["id"] != self.unit.pk
                ),
                key=lambda pk: fold(self.units[pk]["name"]),
            )
            return [self.unit.pk, *others]
        start, end = date(self.period.start_year, 1, 1), self.period.end

        def by_name(pk):
            return fold(self.units[pk]["name"])

        if self.unit.level == Level.PROVINCE:
            # The units just below the province and the provinces it was formed from, as they
            # stood at the end of the period: Thái Nguyên's 2019 rows are Bắc Kạn's districts,
            # its 2026 rows today's communes (older records roll up into them).
            provinces = {pk for pk, row in self.units.items() if row["level"] == Level.PROVINCE} | {
                self.unit.pk
            }
            below = [row for row in self.units.values() if row["parent_id"] in provinces]
            at_end = [row["id"] for row in below if _valid_on(row, end)]
            if at_end:
                return sorted(at_end, key=by_name)
            return sorted((row["id"] for row in below if _overlaps(row, start, end)), key=by_name)
        return sorted(
            (
                row["id"]
                for row in self.units.values()
                if row["parent_id"] == self.unit.pk and _overlaps(row, start, end)
            ),
            key=by_name,
        )

    def _follow(self, pk, targets, depth=0):
        """`pk` itself, its nearest ancestor, or (after a merger) its successor in `targets`."""
        seen = pk
        while seen is not None:
            if seen in targets:
                return seen
            seen = self.units.get(seen, {}).get("parent_id")
        if depth < SUCCESSION_DEPTH:
            for new in self.successors.get(pk, ()):
                found = self._follow(new, targets, depth + 1)
                if found is not None:
                    return found
        return None

    def splits(self):
        """(former commune, [names of its parts, the main one first]) for each commune split
        between several new ones that is in the tree or left a part in it, by name."""
        found = [
            (self.former_names[old], [self.successor_names[new] for new in parts])
            for old, parts in self.successors.items()
            if len(parts) > 1
            and (old in self.units or any(new in self.units for new in parts))
            and self.units.get(old, {"level": Level.COMMUNE})["level"] == Level.COMMUNE
        ]
        return sorted(found, key=lambda item: fold(item[0]))

    def coverage_commune_of(self, commune_id):
        return self._follow(commune_id, self._coverage_set) if commune_id else None

    def subunit_of(self, commune_id):
        return self._follow(commune_id, self._subunit_set) if commune_id else None

    def name(self, pk):
        return self.units[pk]["name"] if pk in self.units else OTHER_PLACE

    def label(self, pk):
        """The name, with the dates when the unit did not exist for the whole period (the old
        and the new Xã Bằng Thành both appear in Bằng Thành's 2024–2026 table)."""
        row = self.units.get(pk)
        if row is None:
            return OTHER_PLACE
        if row["valid_until"] and row["valid_until"] < self.period.end:
            return f"{row['name']} (đến {row['valid_until']:%d/%m/%Y})"
        if row["valid_from"] and row["valid_from"] > date(self.period.start_year, 1, 1):
            return f"{row['name']} (từ {row['valid_from']:%d/%m/%Y})"
        return row["name"]

    def code(self, pk):
        return self.units[pk]["code"] if pk in self.units else ""


def _valid_on(row, day):
    return (row["valid_from"] is None or row["valid_from"] <= day) and (
        row["valid_until"] is None or row["valid_until"] >= day
    )


def _overlaps(row, start, end):
    return (row["valid_from"] is None or row["valid_from"] <= end) and (
        row["valid_until"] is None or row["valid_until"] >= start
    )
