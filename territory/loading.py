"""Loading provinces of 1/7/2025, with their history, from `vietnamadminunits` (see library.py).

`load_provinces(Unit, Succession, ["19"])` loads Tỉnh Thái Nguyên of today and its 92 communes,
the two provinces it was formed from (old Thái Nguyên and Bắc Kạn) with all their districts and
communes as they stood until 30/6/2025, and the links from every old unit to the new ones it
went into (a split commune: one link per part, one of them the default). `codes=None` loads the
whole country.

Used by a data migration (with historical models, for `settings.PORTAL_PROVINCES`) and by
`manage.py load_territory`. Idempotent: units are keyed by (code, valid_from), the key the
database constraint `unit_code_once_per_start` holds; a unit already there is left as it is
(name, dates and id: records and earlier fixtures keyed on it stay valid), a missing one is
added, and links are added or their default flag set as the mapping says. Rows go in with bulk
inserts, level by level: the whole country (about 14.000 units) loads in about ten seconds.
"""

from datetime import date

from danvan.text import clean, fold

from . import library

LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)
REFORM_DAY = date(2025, 7, 1)
BATCH = 500


class UnknownProvince(ValueError):
    pass


def official_name(name):
    """ "Thành Phố Bắc Kạn" -> "Thành phố Bắc Kạn": the prefix written as in official lists."""
    from territory.models import split_prefix

    prefix, rest = split_prefix(name)
    return f"{prefix.capitalize()} {rest}" if prefix else clean(name)


def provinces_to_load(codes):
    """The new province codes asked for, checked against the library ("*" or None: all)."""
    country = library.country()
    known = set(country.old_provinces_of)
    if not codes or "*" in codes:
        return sorted(known)
    wanted = {str(code).strip().zfill(2) for code in codes}
    unknown = wanted - known
    if unknown:
        raise UnknownProvince(
            f"Không có tỉnh mã {', '.join(sorted(unknown))} trong danh mục từ 01/07/2025 "
            f"(các mã: {', '.join(sorted(known))})."
        )
    return sorted(wanted)


def load_provinces(Unit, Succession, codes=None):
    """Load the new provinces `codes` (None: all 34) with their history. Returns the number of
    units and links added."""
    from territory.models import kind_from_name

    country = library.country()
    new_codes = set(provinces_to_load(codes))
    old_codes = {old for new in new_codes for old in country.old_provinces_of[new]}
    old_districts = {r.code for r in country.legacy if r.level == 2 and r.parent_code in old_codes}
    legacy = [
        r
        for r in country.legacy
        if (r.level == 1 and r.code in old_codes)
        or (r.level == 2 and r.code in old_districts)
        or (r.level == 3 and r.parent_code in old_districts)
    ]
    current = [
        r
        for r in country.current
        if (r.level == 1 and r.code in new_codes) or (r.level == 3 and r.parent_code in new_codes)
    ]

    # (code, valid_from) -> (pk, path) of every coded unit already there.
    known = {
        (code, start): (pk, path)
        for code, start, pk, path in Unit.objects.exclude(code="").values_list(
            "code", "valid_from", "pk", "path"
        )
    }
    added = 0
    for level in (1, 2, 3):
        rows = [(r, None, LAST_DAY_BEFORE_REFORM) for r in legacy if r.level == level]
        rows += [(r, REFORM_DAY, None) for r in current if r.level == level]
        fresh = []
        for row, start, end in rows:
            if (row.code, start) in known:
                continue
            parent = known.get((row.parent_code, start)) if row.parent_code else None
            name = official_name(row.name)
            unit = Unit(
                code=row.code,
                name=name,
                kind=kind_from_name(name, level),
                level=level,
                parent_id=parent[0] if parent else None,
                valid_from=start,
                valid_until=end,
                search_name=fold(_short(name)),
                path="",
            )
            fresh.append((unit, parent[1] if parent else "/"))
        units = [unit for unit, _ in fresh]
        Unit.objects.bulk_create(units, batch_size=BATCH)
        for unit, parent_path in fresh:
            unit.path = f"{parent_path}{unit.pk}/"
            known[(unit.code, unit.valid_from)] = (unit.pk, unit.path)
        Unit.objects.bulk_update(units, ["path"], batch_size=BATCH)
        added += len(units)

    return added, _link(Succession, country, known)


def _link(Succession, country, known):
    """Links of the mapping between units that are both loaded; the default flags as the
    mapping says (turned off before others are turned on: one default per old unit is a
    constraint)."""
    wanted = {}
    for link in country.links:
        old = known.get((link.old_code, None))
        new = known.get((link.new_code, REFORM_DAY))
        if old and new:
            wanted[(old[0], new[0])] = link.is_default
    has_default = {f for (f, _), default in wanted.items() if default}
    # The whole table: it holds reference links only (about 10.700 for the whole country).
    existing = {(s.from_unit_id, s.to_unit_id): s for s in Succession.objects.all()}
    turned_off, turned_on = [], []
    for pair, link in existing.items():
        # A link the mapping lacks (an administrator's) stays; it stops being the default
        # when the mapping names another one.
        should = wanted.get(pair, link.is_default and pair[0] not in has_default)
        if link.is_default != should:
            link.is_default = should
            (turned_on if should else turned_off).append(link)
    fresh = [
        Succession(from_unit_id=f, to_unit_id=t, is_default=default)
        for (f, t), default in wanted.items()
        if (f, t) not in existing
    ]
    Succession.objects.bulk_update(turned_off, ["is_default"], batch_size=BATCH)
    Succession.objects.bulk_update(turned_on, ["is_default"], batch_size=BATCH)
    Succession.objects.bulk_create(fresh, batch_size=BATCH)
    return len(fresh)


def _short(name):
    from territory.models import split_prefix

    return split_prefix(name)[1]
