"""A plan as plain JSON, and back: what the preview made is kept as data, never as pickled
objects, so that reading it back can run no code whatever the stored text says.

Rows, layouts, notes and the before-images of matched models are written out; dates, times
and decimals are tagged ({"$d": "2023-03-15"}, {"$t": "…"}, {"$n": "1200.5"}). The lookups
are not: they are the reference tables (territory, fields, issuing bodies) read again with
`Lookups()`; `made_from` (importer.existing) tells whether they, and the registry rows the plan
was matched against, are still what the plan was made from.

`pack` / `unpack` add zlib's fastest level for storing (importer.models.PendingPlan): the text
of a 20,000-row plan shrinks from 20 MB to 2.5 MB in a fifth of a second.
"""

import json
import zlib
from dataclasses import asdict, fields
from datetime import date, datetime
from decimal import Decimal

from .layout import Column, SheetLayout
from .matching import Lookups
from .plan import Plan, RowPlan

_ROW_FIELDS = [f.name for f in fields(RowPlan)]
_LAYOUT_FIELDS = [f.name for f in fields(SheetLayout) if f.name != "all_columns"]


def _default(value):
    if isinstance(value, datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} cannot be stored in a plan")


def _tagged(obj):
    if len(obj) == 1:
        if "$d" in obj:
            return date.fromisoformat(obj["$d"])
        if "$t" in obj:
            return datetime.fromisoformat(obj["$t"])
        if "$n" in obj:
            return Decimal(obj["$n"])
    return obj


def dumps(plan):
    data = {
        "filename": plan.filename,
        "notes": plan.notes,
        "overwrite": plan.overwrite,
        "sender_id": plan.sender_id,
        "made_from": plan.made_from,
        # JSON keys are text: ids are turned back into numbers by loads.
        "snapshots": plan.snapshots,
        "layouts": [asdict(layout) for layout in plan.layouts],
        "rows": [[getattr(row, name) for name in _ROW_FIELDS] for row in plan.rows],
    }
    return json.dumps(data, default=_default, ensure_ascii=False, separators=(",", ":"))


def loads(text):
    data = json.loads(text, object_hook=_tagged)
    plan = Plan(
        filename=data["filename"],
        notes=data["notes"],
        overwrite=data["overwrite"],
        sender_id=data["sender_id"],
        made_from=data["made_from"],
        lookups=Lookups(),
        snapshots={int(pk): snapshot for pk, snapshot in data["snapshots"].items()},
        reused=True,
    )
    for layout in data["layouts"]:
        columns = [Column(**column) for column in layout["all_columns"]]
        kept = {name: layout[name] for name in _LAYOUT_FIELDS}
        kept["passed_over"] = [tuple(p) for p in kept["passed_over"]]
        plan.layouts.append(SheetLayout(**kept, all_columns=columns))
    for values in data["rows"]:
        row = RowPlan(**dict(zip(_ROW_FIELDS, values, strict=True)))
        row.new_villages = [tuple(v) for v in row.new_villages]
        plan.rows.append(row)
    return plan


def pack(plan):
    return zlib.compress(dumps(plan).encode(), 1)


def unpack(data):
    return loads(zlib.decompress(data).decode())
