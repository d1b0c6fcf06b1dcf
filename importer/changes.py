"""What an import would change in a model that exists already, field by field (old → new).

By default a list only fills fields that are empty in the registry: a model's curated title or
results are never rewritten unseen. Overwriting fields that have a value is a choice made for
the whole batch (`overwrite`). A difference of letter case, spacing or Unicode form alone is
no change at all ("VẬN ĐỘNG NHÂN DÂN…" for "Vận động nhân dân…").
"""

import unicodedata
from datetime import date
from decimal import Decimal

from models_registry.models import RecognitionLevel

SHOWN_LENGTH = 120


def _plain(text):
    """Text with case, spacing and Unicode form set aside."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def same(old, new):
    if isinstance(old, str) and isinstance(new, str):
        return _plain(old) == _plain(new)
    if isinstance(old, Decimal | int) and isinstance(new, Decimal | int):
        return Decimal(old) == Decimal(new)
    return old == new


def empty(value):
    return value in (None, "", [], False) or value == RecognitionLevel.NONE


def shown(name, value, lookups):
    """A value as the preview shows it."""
    if value in (None, ""):
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if name == "field_id":
        names = {f["id"]: f["name"] for f in lookups.fields}
        return names.get(value, str(value))
    if name == "recognition_level":
        return RecognitionLevel(value).label
    if name == "place_ids":
        return "; ".join(lookups.label(p) for p in value if p in lookups.units)
    if isinstance(value, int) and name != "recognition_year":
        return f"{value:,}".replace(",", ".")
    if isinstance(value, Decimal):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    text = str(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def compare(row, before, lookups, labels, *, overwrite):
    """Drop from `row.values` what is unchanged, or what has a value already when not
    overwriting; returns the diffs: [{"field", "label", "old", "new", "applied"}]."""
    diffs = []
    for name in list(row.values):
        if name not in labels:
            continue
        old, new = before[name], row.values[name]
        if same(old, new) or new in (None, ""):
            # Unchanged, or the file leaves it empty: a list never blanks a field.
            del row.values[name]
            continue
        applied = overwrite or empty(old)
        if not applied:
            del row.values[name]
        diffs.append(_diff(name, labels[name], old, new, applied, lookups))
    if row.place_ids and sorted(row.place_ids) != sorted(before["place_ids"]):
        applied = overwrite or not before["place_ids"]
        diff = _diff("place_ids", "địa bàn thực hiện", before["place_ids"], [], applied, lookups)
        diff["new"] = row.place_label
        diffs.append(diff)
        if not applied:
            row.place_ids = list(before["place_ids"])
            row.new_villages = []
    return diffs


def _diff(name, label, old, new, applied, lookups):
    return {
        "field": name,
        "label": label,
        "old": shown(name, old, lookups),
        "new": shown(name, new, lookups),
        "applied": applied,
    }


def describe(diff):
    """ "kết quả: “Thu nhập tăng 20%” → “Thu nhập tăng 35%”" (and why it is kept, if so)."""
    text = f"{diff['label']}: “{diff['old']}” → “{diff['new']}”"
    if not diff["applied"]:
        text += " — giữ giá trị đã có (chọn ghi đè để thay)"
    return text
