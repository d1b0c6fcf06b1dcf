"""Changes to the territory tree made by the portal: villages that live on, villages added.

A village (thôn, bản, tổ dân phố) is not abolished when its commune merges: from the day after
the commune ended it belongs to the commune's successor. The old row keeps its parent and gets
an end date (records of 2019 stay exactly as they were, under the old commune and district);
a new row under the successor commune carries it on from the next day, linked to it as its
successor, so a 2026 model of Xã Bằng Thành picks the villages of old Bộc Bố, Nhạn Môn, Giáo
Hiệu and Bằng Thành, and the statistics roll the two rows up into the same commune.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from danvan.text import clean, fold

from .models import SUCCESSION_DEPTH, Kind, Level, Unit

VILLAGE_KINDS = [Kind.VILLAGE, Kind.HAMLET, Kind.RESIDENTIAL_GROUP]


def carry_villages_forward(units, links):
    """Give every village of an ended commune its row under the commune's default successor.

    `units`, `links`: the Unit and Succession models (historical ones in a data migration).
    Idempotent: a village that already has a successor, or whose commune has no successor
    loaded yet, is left alone. A village the successor already had (same folded name, e.g.
    added by its officer) is linked, not doubled; two old villages of the same name from two
    merged communes stay two villages. Repeats while villages move, for a commune merged twice
    (2020, then 2025). Returns the number of villages carried."""
    carried = 0
    for _ in range(SUCCESSION_DEPTH):
        moved = _carry_once(units, links)
        carried += moved
        if not moved:
            break
    return carried


def _carry_once(units, links):
    villages = list(
        units.objects.filter(
            level=Level.VILLAGE,
            valid_until__isnull=True,
            parent__valid_until__isnull=False,
            succession_links__isnull=True,
        ).select_related("parent")
    )
    if not villages:
        return 0
    heirs = {}
    for link in links.objects.filter(
        from_unit__in={v.parent_id for v in villages}, is_default=True
    ).select_related("from_unit", "to_unit"):
        start = link.from_unit.valid_until + timedelta(days=1)
        heir = link.to_unit
        if (heir.valid_from is None or heir.valid_from <= start) and (
            heir.valid_until is None or heir.valid_until >= start
        ):
            heirs[link.from_unit_id] = heir
    already_there = {
        (parent_id, search_name): pk
        for parent_id, search_name, pk in units.objects.filter(
            level=Level.VILLAGE, parent__in=[h.pk for h in heirs.values()]
        ).values_list("parent_id", "search_name", "pk")
    }
    fresh, new_links, ended = [], [], []
    for village in villages:
        heir = heirs.get(village.parent_id)
        if heir is None:
            continue
        village.valid_until = village.parent.valid_until
        ended.append(village)
        existing = already_there.get((heir.pk, village.search_name))
        if existing:
            new_links.append(links(from_unit_id=village.pk, to_unit_id=existing))
            continue
        successor = units(
            name=village.name,
            kind=village.kind,
            level=Level.VILLAGE,
            parent_id=heir.pk,
            valid_from=village.valid_until + timedelta(days=1),
            search_name=village.search_name,
            note=village.note,
            path="",
        )
        fresh.append((successor, heir.path, village.pk))
    units.objects.bulk_create([s for s, _, _ in fresh], batch_size=500)
    for successor, parent_path, former_pk in fresh:
        successor.path = f"{parent_path}{successor.pk}/"
        new_links.append(links(from_unit_id=former_pk, to_unit_id=successor.pk))
    units.objects.bulk_update([s for s, _, _ in fresh], ["path"], batch_size=500)
    units.objects.bulk_update(ended, ["valid_until"], batch_size=500)
    links.objects.bulk_create(new_links, batch_size=500)
    return len(ended)


# Village prefixes as typed without diacritics or case, longest first ("tổ dân phố" before "tổ").
FOLDED_PREFIXES = ["to dan pho", "thon", "ban", "to"]


def _bare(name):
    """The village's own name without its prefix, however the prefix was typed: "Thôn Nà Hin",
    "thon Nà Hin" and "Nà Hin" -> "Nà Hin"."""
    name = clean(name)
    folded = fold(name)
    for prefix in FOLDED_PREFIXES:
        if folded.startswith(prefix + " "):
            return clean(name[len(prefix) + 1 :])
    return name


def village_name(name, kind):
    """ "Nà Hin" (or "thon Nà Hin") added as a thôn -> "Thôn Nà Hin"."""
    return f"{Kind(kind).label} {_bare(name)}"


def duplicate_village(commune, name):
    """The current village of `commune` whose name folds like `name` ("Thôn Nà Hin", "na hin",
    "Bản NÀ HIN" are one village), or None."""
    folded = fold(_bare(name))
    return Unit.objects.villages().current().filter(parent=commune, search_name=folded).first()


@transaction.atomic
def add_village(commune, *, name, kind, user):
    """Add a village to a current commune; refuses a name the commune already has.

    The rule lives here, not in a database constraint: demo villages and historical lists
    hold "Thôn X" beside "Bản X" in one commune, which a unique folded name would refuse."""
    if kind not in VILLAGE_KINDS:
        raise ValidationError({"kind": "Chọn thôn, bản hoặc tổ dân phố."})
    if not _bare(name):
        raise ValidationError({"name": "Nhập tên thôn, bản hoặc tổ dân phố."})
    if commune.level != Level.COMMUNE or not commune.is_current:
        raise ValidationError("Chỉ thêm thôn cho xã, phường đang có hiệu lực.")
    full_name = village_name(name, kind)
    same = duplicate_village(Unit.objects.select_for_update().get(pk=commune.pk), full_name)
    if same is not None:
        raise ValidationError({"name": f"{same.name} đã có trong {commune.name}."})
    return Unit.objects.create(
        name=full_name,
        kind=kind,
        parent=commune,
        note=f"Thêm trên cổng bởi {user.get_username()}",
    )
