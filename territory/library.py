"""The country's administrative units as the `vietnamadminunits` package ships them.

The package (MIT, pinned in requirements.txt) bundles, offline:
- `dataset.db` (SQLite): table `admin_units_legacy`, the 63 provinces with their districts and
  10,035 communes as they stood until 30/6/2025 (plus 5 island districts without communes);
  table `admin_units`, the 34 provinces and 3,321 communes from 1/7/2025;
- `converter_2025.json`: the old → new mapping, keyed by folded names
  ("tinhbackan_huyenpacnam_xagiaohieu"): old provinces of each new one, the new commune of every
  old commune that went whole into one, and for the communes split between several new ones the
  list of new communes with the one the mapping rolls the old commune up into
  (`isDefaultNewWard`).

We read those two files with the standard library rather than through the package's own
functions: its API parses and converts one address string at a time, and importing it loads its
geocoding code (shapely, geopy, numpy), while what the portal needs is the lists and the
mapping. `find_spec` locates the files without running the package. pandas is only an optional
extra of the package and is never used.
"""

import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

PACKAGE = "vietnamadminunits"


@dataclass(frozen=True)
class Row:
    """One unit of either tree; `parent_code` is empty for provinces."""

    level: int  # territory.models.Level values: 1 province, 2 district, 3 commune
    code: str
    name: str
    parent_code: str


@dataclass(frozen=True)
class Link:
    """`old_code` (a legacy unit) became, wholly or in part, `new_code` (a unit of 1/7/2025).

    `is_default`: the mapping's rule for rolling the old unit up (one per old unit)."""

    level: int  # level of the old unit
    old_code: str
    new_code: str
    is_default: bool


@dataclass(frozen=True)
class Country:
    legacy: tuple  # Rows until 30/6/2025, provinces first, then districts, then communes
    current: tuple  # Rows from 1/7/2025, provinces first, then communes
    links: tuple  # Links, provinces and communes (and island districts → special zones)
    old_provinces_of: dict  # new province code -> tuple of old province codes


def data_dir():
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"Thiếu gói {PACKAGE}: cài theo requirements.txt.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def country():
    """The whole country, read once per process (about a second)."""
    folder = data_dir()
    connection = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy_rows = connection.execute(
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey, "
            "wardCode, ward, COALESCE(wardKey, '') FROM admin_units_legacy"
        ).fetchall()
        current_rows = connection.execute(
            "SELECT provinceCode, province, provinceKey, wardCode, ward, wardKey FROM admin_units"
        ).fetchall()
    finally:
        connection.close()
    with open(folder / "converter_2025.json", encoding="utf-8") as fh:
        mapping = json.load(fh)

    provinces, districts, communes = {}, {}, {}
    old_province_by_key, old_by_key = {}, {}
    for p_code, p_name, p_key, d_code, d_name, d_key, w_code, w_name, w_key in legacy_rows:
        provinces[p_code] = Row(1, p_code, p_name, "")
        districts[d_code] = Row(2, d_code, d_name, p_code)
        old_province_by_key[p_key] = p_code
        if w_code:
            communes[w_code] = Row(3, w_code, w_name, d_code)
            old_by_key[f"{p_key}_{d_key}_{w_key}"] = (3, w_code)
        else:
            # An island district without communes maps as a whole onto a special zone.
            old_by_key[f"{p_key}_{d_key}_"] = (2, d_code)

    new_provinces, new_communes = {}, {}
    new_province_by_key, new_by_key = {}, {}
    for p_code, p_name, p_key, w_code, w_name, w_key in current_rows:
        new_provinces[p_code] = Row(1, p_code, p_name, "")
        new_communes[w_code] = Row(3, w_code, w_name, p_code)
        new_province_by_key[p_key] = p_code
        new_by_key[(p_key, w_key)] = w_code

    links, old_provinces_of = [], {}
    for new_key, old_keys in mapping["DICT_PROVINCE"].items():
        new_code = new_province_by_key[new_key]
        olds = tuple(sorted(old_province_by_key[k] for k in old_keys))
        old_provinces_of[new_code] = olds
        links.extend(Link(1, old, new_code, True) for old in olds)
    for new_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            new_code = new_by_key[(new_key, ward_key)]
            for old_key in old_keys:
                level, old_code = old_by_key[old_key]
                links.append(Link(level, old_code, new_code, True))
    for new_key, olds in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in olds.items():
            level, old_code = old_by_key[old_key]
            for part in parts:
                new_code = new_by_key[(new_key, part["newWardKey"])]
                links.append(Link(level, old_code, new_code, bool(part["isDefaultNewWard"])))

    return Country(
        legacy=tuple(
            sorted(provinces.values(), key=_order)
            + sorted(districts.values(), key=_order)
            + sorted(communes.values(), key=_order)
        ),
        current=tuple(
            sorted(new_provinces.values(), key=_order) + sorted(new_communes.values(), key=_order)
        ),
        links=tuple(links),
        old_provinces_of=old_provinces_of,
    )


def _order(row):
    return row.code
