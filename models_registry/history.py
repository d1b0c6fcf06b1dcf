"""The model page's change history: who changed what, when and why (django-simple-history rows
of the model, with the notes the workflow adds for places, criteria, evidence and progress)."""

from django.utils import timezone
from django.utils.text import capfirst

from danvan.forms import format_number

from .models import DvkModel

HISTORY_LIMIT = 50
# Kept by the workflow itself, not interesting to read in the history.
HIDDEN_FIELDS = {"version", "commune", "unit"}
TYPES = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
NOTHING_CHANGED = "Lưu lại, không thay đổi nội dung"
# Amounts, written 1.234.567 (years and other numbers are not).
FIGURE_PLACES = {
    "households_mobilised": 0,
    "money_contributed": 0,
    "workdays_contributed": 0,
    "land_donated_m2": 1,
}


def _label(name):
    try:
        return capfirst(DvkModel._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 — a field removed since the record was written
        return name


def _display(field_name, value, names):
    if value in (None, ""):
        return "(trống)"
    field = DvkModel._meta.get_field(field_name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return names.get((field_name, value), f"số {value}")
    if field_name in FIGURE_PLACES:
        return format_number(value, FIGURE_PLACES[field_name])
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _related_names(deltas):
    """(field, id) -> name for the related records the deltas mention: one query per kind of
    relation that changed (implementer, field, source model), none when none did."""
    wanted = {}
    for delta in deltas:
        for change in delta.changes:
            field = DvkModel._meta.get_field(change.field)
            if field.is_relation:
                ids = wanted.setdefault(change.field, set())
                ids.update(v for v in (change.old, change.new) if v not in (None, ""))
    names = {}
    for name, ids in wanted.items():
        related = DvkModel._meta.get_field(name).related_model
        for pk, obj in related.objects.in_bulk(ids).items():
            names[(name, pk)] = str(obj)
    return names


def change_history(model):
    """Newest first: [{when, who, what, reason, changes: [(label, old, new)]}]."""
    records = list(model.history.select_related("history_user")[: HISTORY_LIMIT + 1])
    deltas = {}
    for index, record in enumerate(records[:HISTORY_LIMIT]):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            deltas[index] = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
    names = _related_names(deltas.values())
    rows = []
    for index, record in enumerate(records[:HISTORY_LIMIT]):
        changes = [
            (_label(c.field), _display(c.field, c.old, names), _display(c.field, c.new, names))
            for c in (deltas[index].changes if index in deltas else [])
        ]
        changes += [
            (label, old or "(trống)", new or "(trống)") for label, old, new in record.extra_changes
        ]
        reason = record.history_change_reason or ""
        what = record.change_label or TYPES.get(record.history_type, record.history_type)
        if record.history_type == "~" and not (changes or reason or record.change_label):
            what = NOTHING_CHANGED
        rows.append(
            {
                "when": timezone.localtime(record.history_date),
                "who": record.history_user.display_name if record.history_user else "Hệ thống",
                "what": what,
                "reason": reason,
                "changes": changes,
            }
        )
    return rows
