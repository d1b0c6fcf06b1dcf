"""Small named permission rules for the registry. Views ask these; they never test roles inline.

Visibility itself is `DvkModel.objects.visible_to(user)`: a model outside it is a 404; a visible
model the user may not change is a 403.
"""

from django.core.exceptions import PermissionDenied

from accounts.audit import get_or_refuse
from accounts.dated import refusal

from .models import DvkModel, Status

# Local staff edit a model while it is theirs to work on: a draft, a registered model, or
# one the province returned for completion. Under review or decided, only administrators may
# correct it; a withdrawn model is kept as it was.
STAFF_EDITABLE = {Status.DRAFT, Status.REGISTERED, Status.RETURNED}
# Withdrawing a model under review would pull it out of a round: wait for the decision.
WITHDRAWABLE = {Status.REGISTERED, Status.RETURNED, Status.RECOGNISED, Status.NOT_RECOGNISED}


def can_change_models(user):
    """Local staff (district until 30/6/2025, commune after) and administrators; provincial
    reviewers only read, and so do accounts of abolished units (`User.reads_only`)."""
    if not user.is_authenticated:
        return False
    return user.is_administrator or (user.is_local_staff and not user.reads_only)


def keeps(user, model):
    """The record is the user's to change: administrators any; local staff the models their
    own unit keeps (`DvkModel.unit`), of a year in which that unit existed. A commune officer
    reads the old records of the communes their commune was formed from, a district officer
    the district's 2011–2025 records, and neither changes what another unit keeps."""
    if user.is_administrator:
        return True
    return model.unit_id == user.unit_id and user.works_for_year(model.year)


def can_change_model(user, model):
    return can_change_models(user) and keeps(user, model)


def can_edit_model(user, model):
    if not can_change_model(user, model) or model.status == Status.WITHDRAWN:
        return False
    return model.status in STAFF_EDITABLE or user.is_administrator


def can_delete_model(user, model):
    return can_change_model(user, model) and model.status == Status.DRAFT


def can_submit_model(user, model):
    return can_change_model(user, model) and model.status == Status.DRAFT


def can_withdraw_model(user, model):
    return can_change_model(user, model) and model.status in WITHDRAWABLE


def can_add_evidence(user, model):
    """Yearly progress and attachments: any model that is not withdrawn."""
    return can_change_model(user, model) and model.status != Status.WITHDRAWN


def can_propose_models(user):
    """The list's bulk proposal form (the reviews workflow checks each model again)."""
    return can_change_models(user)


def registration_problem(model):
    """Why a model cannot be kept for its year (Vietnamese), or None: its owner unit must
    exist in the registering year (no 2026 model for Huyện Ba Bể, no 2019 model for the 2025
    Xã Bằng Thành)."""
    from accounts.dated import not_valid_in_year_message, valid_in_year

    if model.unit_id and model.year and not valid_in_year(model.unit, model.year):
        return not_valid_in_year_message(model.unit, model.year)
    return None


def get_visible_model(user, pk, *, for_change=False, queryset=None):
    """The one door to a single model: 404 outside the user's territory, 403 if read-only."""
    qs = (queryset if queryset is not None else DvkModel.objects).visible_to(user)
    model = get_or_refuse(qs, DvkModel.objects.all(), f"Mô hình #{pk}", pk=pk)
    if for_change and not can_change_model(user, model):
        raise PermissionDenied(refusal(user, "Bạn chỉ được xem, không được sửa mô hình này."))
    return model


def require(allowed, message, user=None):
    """Raise a 403 with a Vietnamese reason unless `allowed`; to an account that only reads
    (`User.reads_only`) the reason is that, with the units that replaced its own."""
    if not allowed:
        raise PermissionDenied(refusal(user, message) if user is not None else message)
