"""Matching the places of a row ("Thôn Nà Hin, Xã Giáo Hiệu", "Bản Thi", "X. Bằng Phúc - H.
Chợ Đồn") against the dated territory tree, within the sender's districts; villages the portal
does not know yet are new villages of their commune."""

from territory.models import Level, split_prefix

from .matching import (
    COMMUNE_PREFIXES,
    DISTRICT_PREFIXES,
    VILLAGE_PREFIXES,
    PlaceError,
    split_places,
)
from .rowplan import (
    RowPlan,
)


def _read_places(row, raw_value, lookups, owner_id, when, scoped=False):
    """Places of one cell within the owner's districts (none: anywhere); returns their label.
    `scoped` (a local officer imports): a place not found there is looked for in the whole
    province, so that the row says it is outside the officer's territory. A cell's result is
    remembered (a list repeats the same places)."""
    key = (str(raw_value), owner_id, when, scoped)
    found = lookups.place_cache.get(key)
    if found is None:
        districts = set()
        if owner_id:
            if lookups.units[owner_id]["level"] == Level.DISTRICT:
                districts = {owner_id}
            else:
                districts = lookups.commune_districts(owner_id)
        scratch = RowPlan(sheet="", number=0, raw_cells={})
        _resolve_places(scratch, raw_value, lookups, districts, when)
        if scratch.errors and districts and scoped:
            anywhere = RowPlan(sheet="", number=0, raw_cells={})
            _resolve_places(anywhere, raw_value, lookups, set(), when)
            if not anywhere.errors:
                scratch = anywhere
        labels = []
        fresh = dict(scratch.new_villages)
        for p in scratch.place_ids:
            if p in fresh:
                labels.append(f"{fresh[p]} (thôn mới), {lookups.name(p)}")
            else:
                labels.append(lookups.label(p))
        found = (
            scratch.place_ids,
            scratch.warnings,
            scratch.errors,
            "; ".join(labels),
            scratch.new_villages,
        )
        lookups.place_cache[key] = found
    place_ids, warnings, errors, label, new_villages = found
    if new_villages:
        row.new_villages.extend(new_villages)
    if place_ids:
        row.place_ids.extend(place_ids)
    if warnings:
        row.warnings.extend(warnings)
    if errors:
        row.errors.extend(errors)
    return label


def _resolve_places(row, raw_value, lookups, districts, when):
    for parts in split_places(raw_value):
        entry_districts = districts
        commune_id = None
        villages = []
        leftovers = []
        names_commune = any(
            split_prefix(p)[0] in COMMUNE_PREFIXES or not split_prefix(p)[0] for p in parts
        )
        for part in parts:
            prefix, name = split_prefix(part)
            if prefix in DISTRICT_PREFIXES:
                district = lookups.find_district(name)
                if district:
                    entry_districts = {district}
                continue
            if prefix == "tỉnh":
                continue
            if prefix in VILLAGE_PREFIXES:
                # "Bản Thi" alone is Xã Bản Thi when such a commune is in the territory.
                try:
                    bare = not names_commune and lookups.bare_commune(part, entry_districts, when)
                except PlaceError as exc:
                    row.errors.append(str(exc))
                    return
                if bare:
                    commune_id = bare
                else:
                    villages.append(part)
            else:
                leftovers.append(part)
        for part in leftovers:
            if commune_id:
                villages.append(part)
                continue
            try:
                commune_id, note = lookups.match_commune(part, entry_districts, when)
                if note:
                    row.warnings.append(note)
            except PlaceError as exc:
                if split_prefix(part)[0] or not villages and len(leftovers) == 1:
                    row.errors.append(str(exc))
                    return
                villages.append(part)
        if villages:
            found = lookups.match_village(villages[0], commune_id, entry_districts, when)
            if len(found) == 1:
                if commune_id is None:
                    commune_id = lookups.units[found[0]]["parent_id"]
                    commune_id = _commune_at(lookups, commune_id, when)
                row.place_ids.append(found[0])
                continue
            if commune_id is None and len(found) > 1:
                names = ", ".join(lookups.label(v) for v in found[:5])
                row.errors.append(
                    f"“{villages[0]}” có ở nhiều xã ({names}) — ghi kèm tên xã (ví dụ: "
                    f"“{villages[0]}, {lookups.name(lookups.units[found[0]]['parent_id'])}”)"
                )
                return
            if commune_id is None:
                row.errors.append(
                    f"không tìm thấy “{villages[0]}” — ghi kèm tên xã (ví dụ: “Thôn Nà Hin, Xã "
                    "Giáo Hiệu”)"
                )
                return
            if commune_id not in row.place_ids:
                # No national list of villages exists: a village the portal does not know yet
                # is added to its commune on confirm.
                name = village_name(villages[0])
                row.new_villages.append((commune_id, name))
                row.warnings.append(
                    f"thôn mới “{name}” của {lookups.name(commune_id)} — sẽ được thêm khi nhập"
                )
        if commune_id and commune_id not in row.place_ids:
            row.place_ids.append(commune_id)
    # A village before its commune: the model's commune is the village's commune.


def village_name(written):
    """ "thôn Nà Pài" -> "Thôn Nà Pài"; "Nà Pài" (after its commune) -> "Thôn Nà Pài"."""
    prefix, name = split_prefix(written)
    return f"{(prefix or 'thôn').capitalize()} {name}"


def _commune_at(lookups, commune_id, when):
    if lookups.valid_at(commune_id, when):
        return commune_id
    heirs = lookups._heirs_at(commune_id, when)
    return heirs[0] if len(heirs) == 1 else commune_id
