"""The column-mapping step: the meanings a person gives a list's columns instead of the
guesses, remembered per sending unit and header layout (`ColumnMapping`), written on the
command line ("Cột 3=implementer") or chosen on the preview.

A mapping is {column index: key} with "" for "không nhập"; `importer.layout.apply_mapping`
applies it to a detected layout before its rows are read.
"""

from .columns import COLUMN_LABELS, NOT_IMPORTED, column_index, column_letter, meaning_of
from .models import ColumnMapping


class MappingError(Exception):
    """A mapping written by a person that cannot be understood; the message is Vietnamese."""


def remembered(signatures, unit_id):
    """{signature: meanings} saved for this sending unit (None: lists of unknown sender)."""
    if not signatures:
        return {}
    rows = ColumnMapping.objects.filter(signature__in=signatures, unit_id=unit_id)
    return {row.signature: row.meanings for row in rows}


def remember(layout, meanings, *, unit_id, user=None):
    """Keep `meanings` ({index: key}) for this unit and the layout's header; returns the row."""
    row, _created = ColumnMapping.objects.update_or_create(
        unit_id=unit_id,
        signature=layout.signature,
        defaults={
            "meanings": {str(i): k for i, k in meanings.items()},
            "labels": {str(c.index): c.label for c in layout.all_columns},
            "updated_by": user if user and user.is_authenticated else None,
        },
    )
    return row


def parse_options(written, layout):
    """{index: key} from lines such as "Cột 3=implementer", "C=không nhập",
    "Thời gian › Bắt đầu=period_start". Raises MappingError."""
    labels = {c.index: c.label for c in layout.all_columns}
    meanings = {}
    for line in written:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        column, sep, meaning = line.rpartition("=")
        if not sep:
            raise MappingError(f"“{line}”: ghi dạng “Cột 3=implementer”.")
        index = column_index(column, labels)
        if index is None:
            raise MappingError(f"“{line}”: không có cột “{column.strip()}” trong bảng.")
        key = meaning_of(meaning)
        if key is None:
            names = ", ".join(COLUMN_LABELS)
            raise MappingError(
                f"“{line}”: không hiểu nghĩa “{meaning.strip()}” (dùng một trong: {names}, "
                f"hoặc “{NOT_IMPORTED}”)."
            )
        meanings[index] = key
    return meanings


def describe(layout):
    """Lines saying what each column of a layout is imported as."""
    lines = []
    for c in layout.all_columns:
        meaning = COLUMN_LABELS[c.key] if c.key else NOT_IMPORTED
        chosen = "" if c.key == c.guess else " (đã chọn)"
        lines.append(f"  Cột {c.number} ({column_letter(c.index)}) “{c.label}” → {meaning}{chosen}")
    return lines
