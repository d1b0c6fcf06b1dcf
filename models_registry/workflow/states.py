"""Submitting, withdrawing and deleting a model."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import rules
from ..facts import refresh_facts
from ..models import Status
from .checks import _lock_version, missing_for_registration
from .notes import _history


def submit_draft(model, *, user):
    """Bản nháp -> Đã đăng ký, once everything a registration needs is there."""
    rules.require(rules.can_submit_model(user, model), "Chỉ gửi đăng ký được bản nháp.", user=user)
    places = list(model.places.select_related("parent"))
    missing = missing_for_registration(model, places)
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        model.version = _lock_version(model, None)
        model.status = Status.REGISTERED
        _history(model, user, "Đăng ký mô hình")
        model.save()
        refresh_facts([model.pk])
    return model


def withdraw(model, *, user, reason):
    """Rút mô hình: the record stays (status Đã rút), with who withdrew it and why."""
    rules.require(
        rules.can_withdraw_model(user, model),
        "Không rút được mô hình ở trạng thái này (bản nháp thì xóa; mô hình đang xét công nhận "
        "thì chờ kết quả).",
        user=user,
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Nhập lý do rút mô hình."})
    with transaction.atomic():
        model.version = _lock_version(model, None)
        model.status = Status.WITHDRAWN
        _history(model, user, f"Rút mô hình: {reason}"[:100])
        model.save()
        refresh_facts([model.pk])
    return model


def delete_draft(model, *, user):
    """Only a draft can be deleted; its files go with it."""
    rules.require(rules.can_delete_model(user, model), "Chỉ xóa được bản nháp.", user=user)
    stored = [(a.file, a.thumbnail) for a in model.attachments.all()]
    _history(model, user, "Xóa bản nháp")
    with transaction.atomic():
        model.delete()
    for file, thumbnail in stored:
        file.delete(save=False)
        if thumbnail:
            thumbnail.delete(save=False)
