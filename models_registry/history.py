"""The model page's change history: who changed what, when (from django-simple-history)."""

from django.utils import timezone

from .models import Model

HISTORY_LIMIT = 50
# Kept by the workflow itself, not interesting to read in the history.
HIDDEN_FIELDS = {"version", "commune", "unit"}
TYPES = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def _label(name):
    try:
        return Model._meta.get_field(name).verbose_name
    except Exception:  # noqa: BLE001 — a field removed since the record was written
        return name


def _display(field_name, value):
    field = Model._meta.get_field(field_name)
    if value in (None, ""):
        return "(trống)"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return None  # shown as "đã đổi" without a query per row
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def change_history(model):
    """Newest first: [{when, who, what, reason, changes: [(label, old, new)]}], one query."""
    records = list(model.history.select_related("history_user")[: HISTORY_LIMIT + 1])
    rows = []
    for index, record in enumerate(records[:HISTORY_LIMIT]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
            for change in delta.changes:
                name = change.field
                changes.append(
                    (_label(name), _display(name, change.old), _display(name, change.new))
                )
        rows.append(
            {
                "when": timezone.localtime(record.history_date),
                "who": record.history_user.display_name if record.history_user else "Hệ thống",
                "what": TYPES.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return rows
