"""How a place is named on a page that shows records (a model's page, the registry list and its
export): a former commune says what it belongs to today, "Xã Bộc Bố, Huyện Pác Nặm (cũ; nay
thuộc Xã Bằng Thành)", a former village what it is today, "Thôn Còn Châm, Xã Yên Thượng (cũ;
nay là Thôn Còn Châm, Xã Yên Thịnh)", and a commune split between several new ones names every
part, the mapping's default one first, "… (cũ; nay chia cho Phường Gia Sàng (phần chính) và
Phường Tích Lương)". The statistics count a split commune's records in that default part
(`UnitQuerySet.default_successors_of`)."""

from dataclasses import dataclass
from datetime import date

from .models import SUCCESSION_DEPTH, Level, Succession


@dataclass
class PlaceLine:
    unit: object
    note: str = ""

    @property
    def label(self):
        return self.unit.label()


def _name(unit):
    """A successor as the line names it: a commune alone, a village with its commune."""
    if unit.level == Level.VILLAGE and unit.parent_id:
        return f"{unit.name}, {unit.parent.name}"
    return unit.name


def _note(parts):
    """`parts`: today's units, the default one first."""
    if not parts:
        return ""
    if len(parts) == 1:
        # A village is carried on whole into a commune of today: it "is" that village now.
        verb = "là" if parts[0].level == Level.VILLAGE else "thuộc"
        return f"cũ; nay {verb} {_name(parts[0])}"
    names = [f"{_name(parts[0])} (phần chính)", *(_name(p) for p in parts[1:])]
    return f"cũ; nay chia cho {', '.join(names[:-1])} và {names[-1]}"


def place_lines(places, on=None):
    """`PlaceLine`s of `places` (units whose parents are loaded), in their order.

    One query reads the successions of all former places at once; a successor that has itself
    ended (a commune merged in 2020, then again in 2025) costs one more query per further step,
    up to SUCCESSION_DEPTH."""
    on = on or date.today()
    places = list(places)
    ended = {p.pk for p in places if p.valid_until is not None and p.valid_until < on}
    parts = {pk: [] for pk in ended}  # former place -> today's units, default first
    pending = {pk: pk for pk in ended}  # unit whose successors are read -> former place
    for _ in range(SUCCESSION_DEPTH):
        if not pending:
            break
        links = (
            Succession.objects.filter(from_unit__in=pending)
            .select_related("to_unit__parent")
            .order_by("from_unit_id", "-is_default", "to_unit__name")
        )
        further = {}
        for link in links:
            origin, new = pending[link.from_unit_id], link.to_unit
            if new.valid_until is not None and new.valid_until < on:
                further.setdefault(new.pk, origin)
            elif new not in parts[origin]:
                parts[origin].append(new)
        pending = further
    return [PlaceLine(p, _note(parts.get(p.pk, []))) for p in places]


def place_lines_of(records, on=None):
    """For each record (with its `places` prefetched, parents loaded), the `PlaceLine`s of its
    places: one `place_lines` call for all of them, so a list page or an export chunk costs the
    same few queries whatever its number of rows."""
    records = list(records)
    unique = {}
    for record in records:
        for place in record.places.all():
            unique.setdefault(place.pk, place)
    notes = {line.unit.pk: line.note for line in place_lines(unique.values(), on=on)}
    return [[PlaceLine(p, notes[p.pk]) for p in record.places.all()] for record in records]
