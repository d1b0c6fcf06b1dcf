"""Saving a model's yearly progress."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import capfirst

from .. import rules
from ..models import YearlyProgress
from .checks import _stale
from .notes import _note_change, _text


def save_progress(progress, *, user, expected_version=None, reason=""):
    """Add or update the results of one year (one row per model and year). `expected_version`
    is the version the form was opened with: a save based on an older one raises StaleEdit."""
    rules.require(
        rules.can_add_evidence(user, progress.model),
        "Không cập nhật được kết quả mô hình này.",
        user=user,
    )
    if progress.year and progress.model.year and progress.year < progress.model.year:
        raise ValidationError({"year": "Năm cập nhật không được trước năm đăng ký mô hình."})
    clash = YearlyProgress.objects.filter(model=progress.model, year=progress.year)
    if clash.exclude(pk=progress.pk).exists():
        raise ValidationError(
            {"year": f"Đã có kết quả năm {progress.year}; hãy sửa kết quả năm đó."}
        )
    before = YearlyProgress.objects.filter(pk=progress.pk).first() if progress.pk else None
    if progress.pk is None:
        progress.created_by = user
    progress._history_user = user
    try:
        with transaction.atomic():
            if progress.pk is not None:
                progress.version = _lock_progress_version(progress, expected_version)
            progress.save()
            _note_change(
                progress.model,
                user,
                f"Kết quả năm {progress.year}",
                _progress_changes(before, progress),
                reason,
            )
    except IntegrityError as exc:  # progress_once_per_model_year, if two people add at once
        raise ValidationError({"year": f"Đã có kết quả năm {progress.year}."}) from exc
    return progress


PROGRESS_FIELDS = [
    "year",
    "activities",
    "achievements",
    "households_mobilised",
    "money_contributed",
    "workdays_contributed",
]


def _progress_changes(before, after):
    changes = []
    for name in PROGRESS_FIELDS:
        old = _text(getattr(before, name)) if before is not None else ""
        new = _text(getattr(after, name))
        if name == "year":  # a year is not a figure: 2024, never 2.024
            old = str(before.year) if before is not None else ""
            new = str(after.year)
        if old != new:
            label = YearlyProgress._meta.get_field(name).verbose_name
            changes.append((capfirst(label), old, new))
    return changes


def _lock_progress_version(progress, expected_version):
    """Lock the progress row and refuse a stale save; returns the next version number."""
    current = (
        YearlyProgress.objects.select_for_update()
        .filter(pk=progress.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current is None:
        raise ValidationError("Kết quả năm này không còn tồn tại.")
    if expected_version is not None and int(expected_version) != current:
        raise _stale(progress, f"Kết quả năm {progress.year}", "mô hình")
    return current + 1
