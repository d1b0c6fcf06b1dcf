"""Saving a model from its form (create or edit, register at once), and which models it may replicate."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.dated import refusal
from territory.models import Unit

from .. import rules
from ..facts import refresh_facts
from ..models import DvkModel, Status
from .checks import (
    MISSING,
    AlreadySubmitted,
    _check_keeper,
    _check_scope,
    _lock_version,
    keeper_of,
    missing_for_registration,
)
from .notes import _history, _place_sort_key, _set_changes


def save_model(
    model,
    *,
    user,
    places,
    criteria=None,
    register=False,
    expected_version=None,
    reason="",
    form_token=None,
):
    """Create or update a model (from the form, the demo data or a script).

    `form_token` is the create form's one-time token (`danvan.once`): a second creation with the
    same token raises AlreadySubmitted with the model the first one made (the constraint
    model_form_token_once decides between two simultaneous submits).

    A draft may miss fields; a registered (or returned) model must be complete, and
    `register=True` turns a draft into a registered model. Keeps `unit`/`commune` from the
    places (or the implementer's place when a draft has none) and the folded search text.
    Raises ValidationError (field -> message) or StaleEdit."""
    creating = model.pk is None
    stored = None if creating else DvkModel.objects.get(pk=model.pk)
    if stored is not None and not rules.can_edit_model(user, stored):
        raise PermissionDenied(refusal(user, "Bạn không được sửa mô hình này."))
    if creating and not rules.can_change_models(user):
        raise PermissionDenied(refusal(user, "Bạn không được thêm mô hình."))
    places = sorted(places or [], key=_place_sort_key)
    becomes_registered = register and model.status == Status.DRAFT
    if becomes_registered or model.status != Status.DRAFT:
        missing = missing_for_registration(model, places)
        if missing:
            raise ValidationError(missing)
    if not (model.collective_id or model.individual_id):
        raise ValidationError({"implementer": MISSING["implementer"]})
    if not model.year:
        raise ValidationError({"year": MISSING["year"]})
    if model.parent_id and (stored is None or stored.parent_id != model.parent_id):
        _check_replication_source(model, user)

    model.unit, model.commune = keeper_of(model, places)
    _check_scope(user, model)
    _check_keeper(user, model)
    model.refresh_search_fields(place_names=[p.label() for p in places])
    if becomes_registered:
        model.status = Status.REGISTERED

    if creating and form_token:
        first = _made_with(form_token)
        if first is not None:
            raise AlreadySubmitted(first)
        model.form_token = form_token
    try:
        with transaction.atomic():
            if creating:
                model.created_by = user
                model.version = 1
            else:
                model.version = _lock_version(model, expected_version)
            _history(
                model,
                user,
                reason or ("Đăng ký mô hình" if becomes_registered else None),
                extra=[] if creating else _set_changes(stored, places, criteria),
            )
            model.save()
            model.places.set(places)
            if criteria is not None:
                model.criteria.set(criteria)
            refresh_facts([model.pk])
    except IntegrityError:
        first = _made_with(form_token) if creating and form_token else None
        if first is None:
            raise
        raise AlreadySubmitted(first) from None
    return model


def _made_with(form_token):
    return DvkModel.objects.filter(form_token=form_token).first()


def replication_sources(user):
    """Models `user` may name as the one a model replicates: any model of their territory, and
    any recognised model (a published recognition) of their province, across district and
    commune lines."""
    visible = DvkModel.objects.visible_to(user)
    if user.sees_everything or not user.unit_id:
        return visible
    province_id = int(user.unit.path.strip("/").split("/")[0])
    province = Unit.objects.in_scope_of(Unit.objects.get(pk=province_id))
    recognised = DvkModel.objects.exclude(recognition_level="").filter(
        Q(unit__in=province) | Q(commune__in=province)
    )
    return visible | recognised


def _check_replication_source(model, user):
    number = model.parent_id
    if not replication_sources(user).filter(pk=number).exists():
        raise ValidationError({"parent_number": not_a_source_message(number)})
    # Walk up from the source: a model cannot replicate one of its own copies.
    ancestor, seen = number, set()
    while ancestor and ancestor not in seen:
        if model.pk and ancestor == model.pk:
            raise ValidationError(
                {
                    "parent_number": f"Mô hình số {number} nhân rộng từ chính mô hình này, "
                    "không thể là mô hình gốc của nó."
                }
            )
        seen.add(ancestor)
        ancestor = DvkModel.objects.filter(pk=ancestor).values_list("parent_id", flat=True).first()


def not_a_source_message(number):
    return (
        f"Không tìm thấy mô hình số {number} trong địa bàn của bạn hoặc trong các mô hình đã "
        "được công nhận của tỉnh."
    )
