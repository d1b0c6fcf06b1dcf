"""What a history row says about a change: who, why, and the places and criteria old → new."""

from decimal import Decimal

from danvan.forms import format_number

from ..models import DvkModel


def _place_sort_key(place):
    # Communes first, then villages, each by name: "the first commune" is deterministic.
    return (place.level, place.name)


def _history(model, user, reason, label="", extra=()):
    """What the next history row of `model` says: who, why, and (see models.ChangeNotes) what
    the change was and the changes outside the model's own columns."""
    model._history_user = user
    model._change_reason = reason
    model._history_label = label
    model._history_extra = [list(change) for change in extra]


def _note_change(model, user, label, extra, reason=""):
    """A history row of `model` for a change outside its columns (evidence, yearly progress).
    The row is saved only to stamp `updated_at`: its version stays, so an edit form opened
    before is not refused as stale. Call inside a transaction."""
    fresh = DvkModel.objects.select_for_update().get(pk=model.pk)
    _history(fresh, user, reason or None, label, extra)
    fresh.save(update_fields=["updated_at"])


def _text(value):
    """A value as the history shows it: figures as 1.234.567, long texts shortened."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return format_number(value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _place_names(places):
    return "; ".join(sorted(p.label() for p in places))


def _criteria_names(criteria):
    return "; ".join(f"Tiêu chí số {c.number}" for c in sorted(criteria, key=lambda c: c.number))


def _set_changes(stored, places, criteria):
    """[label, old, new] for the places and criteria of an edit (not model columns)."""
    changes = []
    old_places, new_places = _place_names(stored.places.all()), _place_names(places)
    if old_places != new_places:
        changes.append(("Địa bàn thực hiện", old_places, new_places))
    if criteria is not None:
        old_criteria, new_criteria = (
            _criteria_names(stored.criteria.all()),
            _criteria_names(criteria),
        )
        if old_criteria != new_criteria:
            changes.append(("Tiêu chí nông thôn mới", old_criteria, new_criteria))
    return changes
