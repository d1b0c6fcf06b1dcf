"""Loading the reference territory tree from the CSV files in fixtures/ (never retyped).

Used by the data migration (with historical models) and by `manage.py load_reference_data`.
Idempotent: every row is keyed by (code, valid_from), villages by (parent, name).
"""

import csv
from datetime import date
from pathlib import Path

from danvan.text import clean, fold

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BACKAN_UNTIL = date(2025, 6, 30)
REFORM_DAY = date(2025, 7, 1)
LEVELS = {"province": 1, "district": 2, "commune": 3, "village": 4}


def _rows(name):
    with open(FIXTURES / name, encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _kind(name, level):
    # Imported lazily: the migration must not depend on model classes, only on these helpers.
    from territory.models import kind_from_name, split_prefix

    return kind_from_name(name, level), fold(split_prefix(name)[1])


def _upsert(Unit, *, code, name, level, parent, valid_from, valid_until):
    kind, search_name = _kind(name, level)
    lookup = {"code": code, "valid_from": valid_from} if code else {"parent": parent, "name": name}
    # update_or_create keeps reruns idempotent; names come from the official lists each time.
    unit, _ = Unit.objects.update_or_create(
        **lookup,
        defaults={
            "name": clean(name),
            "kind": kind,
            "level": level,
            "parent": parent,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "search_name": search_name,
        },
    )
    path = f"{parent.path if parent else '/'}{unit.pk}/"
    if unit.path != path:
        Unit.objects.filter(pk=unit.pk).update(path=path)
        unit.path = path
    return unit


def load_territory(Unit):
    by_code = {}
    for row in _rows("backan_units_2024.csv"):
        level = LEVELS[row["level"]]
        by_code[row["code"]] = _upsert(
            Unit,
            code=row["code"],
            name=row["name"],
            level=level,
            parent=by_code.get(row["parent_code"]) if row["parent_code"] else None,
            valid_from=None,
            valid_until=BACKAN_UNTIL,
        )
    thai_nguyen = _upsert(
        Unit,
        code="19",
        name="Tỉnh Thái Nguyên",
        level=1,
        parent=None,
        valid_from=REFORM_DAY,
        valid_until=None,
    )
    by_code["06"].successors.add(thai_nguyen)
    for row in _rows("thainguyen_communes_2025_from_backan.csv"):
        new = _upsert(
            Unit,
            code=row["code"],
            name=row["name"],
            level=3,
            parent=thai_nguyen,
            valid_from=REFORM_DAY,
            valid_until=None,
        )
        for old_code in row["formed_from_codes"].split(";"):
            by_code[old_code.strip()].successors.add(new)
    for row in _rows("villages.csv"):
        commune = by_code[row["commune_code"]]
        _upsert(
            Unit,
            code="",
            name=row["name"],
            level=4,
            parent=commune,
            valid_from=None,
            valid_until=None,
        )
