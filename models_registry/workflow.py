"""Every change of a registry record goes through one function here: it checks the rule, saves,
leaves a history row (who, when, why) and returns. Views and the demo data call these.

Review statuses (proposed, returned, recognised, …) belong to `reviews.workflow`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from territory.models import Level

from . import attachments as files
from . import rules
from .models import Attachment, Model, Status, YearlyProgress


class StaleEdit(ValidationError):
    """Someone else saved the model after the form was opened (optimistic locking)."""


MISSING = {
    "title": "Nhập tên mô hình.",
    "implementer": "Chọn tập thể hoặc cá nhân thực hiện.",
    "field": "Chọn lĩnh vực.",
    "year": "Nhập năm đăng ký.",
    "places": "Chọn ít nhất một địa bàn thực hiện (xã hoặc thôn).",
}


def owner_and_commune(place):
    """The unit whose staff keep a model at `place`, and the commune of that place.

    Before 1/7/2025 a commune belongs to a district, which owns the model; the 2025 communes
    have no district and own their models themselves."""
    if place.level == Level.VILLAGE:
        commune = place.parent
    elif place.level == Level.COMMUNE:
        commune = place
    else:
        return place, None
    if commune.parent_id and commune.parent.level == Level.DISTRICT:
        return commune.parent, commune
    return commune, commune


def missing_for_registration(model, places):
    """Field -> Vietnamese message for what a registered model must have."""
    missing = {}
    if not model.title:
        missing["title"] = MISSING["title"]
    if not (model.collective_id or model.individual_id):
        missing["implementer"] = MISSING["implementer"]
    if not model.field_id:
        missing["field"] = MISSING["field"]
    if not model.year:
        missing["year"] = MISSING["year"]
    if not places:
        missing["places"] = MISSING["places"]
    return missing


def _place_sort_key(place):
    # Communes first, then villages, each by name: "the first commune" is deterministic.
    return (place.level, place.name)


def _history(model, user, reason):
    model._history_user = user
    model._change_reason = reason


def _check_scope(user, model):
    if user.sees_everything:
        return
    units = user.scope_units()
    ids = [pk for pk in (model.unit_id, model.commune_id) if pk]
    if not units.filter(pk__in=ids).exists():
        raise ValidationError({"places": "Địa bàn này nằm ngoài phạm vi quản lý của bạn."})


def _lock_version(model, expected_version):
    """Lock the row and refuse a stale edit; returns the next version number."""
    current = (
        Model.objects.select_for_update().filter(pk=model.pk).values_list("version", flat=True)
    ).first()
    if current is None:
        raise ValidationError("Mô hình không còn tồn tại.")
    if expected_version is not None and int(expected_version) != current:
        last = model.history.select_related("history_user").first()
        who = last.history_user.display_name if last and last.history_user else "người khác"
        when = timezone.localtime(last.history_date).strftime("%H:%M %d/%m/%Y") if last else ""
        raise StaleEdit(
            f"Mô hình này vừa được {who} lưu lúc {when}, sau khi bạn mở biểu mẫu. "
            "Thay đổi của bạn chưa được lưu và vẫn còn trên biểu mẫu: hãy mở mô hình trong "
            "thẻ mới để xem bản mới nhất, rồi nhập lại phần thay đổi của bạn.",
            code="stale",
        )
    return current + 1


def save_model(
    model, *, user, places, criteria=None, register=False, expected_version=None, reason=""
):
    """Create or update a model (from the form, the demo data or a script).

    A draft may miss fields; a registered (or returned) model must be complete, and
    `register=True` turns a draft into a registered model. Keeps `unit`/`commune` from the
    places (or the implementer's place when a draft has none) and the folded search text.
    Raises ValidationError (field -> message) or StaleEdit."""
    creating = model.pk is None
    if not creating and not rules.can_edit_model(user, Model.objects.get(pk=model.pk)):
        raise PermissionDenied("Bạn không được sửa mô hình này.")
    if creating and not rules.can_change_models(user):
        raise PermissionDenied("Bạn không được thêm mô hình.")
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

    anchor = next((p for p in places if p.level >= Level.COMMUNE), None)
    anchor = anchor or (places[0] if places else model.implementer.unit)
    model.unit, model.commune = owner_and_commune(anchor)
    _check_scope(user, model)
    model.refresh_search_fields(place_names=[p.label() for p in places])
    if becomes_registered:
        model.status = Status.REGISTERED

    with transaction.atomic():
        if creating:
            model.created_by = user
            model.version = 1
            _history(model, user, reason or ("Đăng ký mô hình" if becomes_registered else None))
        else:
            model.version = _lock_version(model, expected_version)
            _history(model, user, reason or ("Đăng ký mô hình" if becomes_registered else None))
        model.save()
        model.places.set(places)
        if criteria is not None:
            model.criteria.set(criteria)
    return model


def submit_draft(model, *, user):
    """Bản nháp -> Đã đăng ký, once everything a registration needs is there."""
    rules.require(rules.can_submit_model(user, model), "Chỉ gửi đăng ký được bản nháp.")
    places = list(model.places.select_related("parent"))
    missing = missing_for_registration(model, places)
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        model.version = _lock_version(model, None)
        model.status = Status.REGISTERED
        _history(model, user, "Đăng ký mô hình")
        model.save()
    return model


def withdraw(model, *, user, reason):
    """Rút mô hình: the record stays (status Đã rút), with who withdrew it and why."""
    rules.require(
        rules.can_withdraw_model(user, model),
        "Không rút được mô hình ở trạng thái này (bản nháp thì xóa; mô hình đang xét công nhận "
        "thì chờ kết quả).",
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Nhập lý do rút mô hình."})
    with transaction.atomic():
        model.version = _lock_version(model, None)
        model.status = Status.WITHDRAWN
        _history(model, user, f"Rút mô hình: {reason}"[:100])
        model.save()
    return model


def delete_draft(model, *, user):
    """Only a draft can be deleted; its files go with it."""
    rules.require(rules.can_delete_model(user, model), "Chỉ xóa được bản nháp.")
    stored = [(a.file, a.thumbnail) for a in model.attachments.all()]
    _history(model, user, "Xóa bản nháp")
    with transaction.atomic():
        model.delete()
    for file, thumbnail in stored:
        file.delete(save=False)
        if thumbnail:
            thumbnail.delete(save=False)


def save_progress(progress, *, user):
    """Add or update the results of one year (one row per model and year)."""
    rules.require(
        rules.can_add_evidence(user, progress.model), "Không cập nhật được kết quả mô hình này."
    )
    if progress.year and progress.model.year and progress.year < progress.model.year:
        raise ValidationError({"year": "Năm cập nhật không được trước năm đăng ký mô hình."})
    clash = YearlyProgress.objects.filter(model=progress.model, year=progress.year)
    if clash.exclude(pk=progress.pk).exists():
        raise ValidationError(
            {"year": f"Đã có kết quả năm {progress.year}; hãy sửa kết quả năm đó."}
        )
    if progress.pk is None:
        progress.created_by = user
    progress._history_user = user
    try:
        with transaction.atomic():
            progress.save()
    except IntegrityError as exc:  # progress_once_per_model_year, if two people add at once
        raise ValidationError({"year": f"Đã có kết quả năm {progress.year}."}) from exc
    return progress


def add_attachment(model, *, user, upload, caption=""):
    """Check the upload by content, store it under MEDIA_ROOT and make a thumbnail for photos."""
    rules.require(rules.can_add_evidence(user, model), "Không thêm được tệp cho mô hình này.")
    kind, content_type = files.inspect_upload(upload)
    attachment = Attachment(
        model=model,
        kind=kind,
        original_name=files.safe_filename(upload.name)[:255],
        content_type=content_type,
        size=upload.size,
        caption=(caption or "").strip()[:255],
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    if kind == "anh":
        files.make_thumbnail(attachment)
    attachment.save()
    return attachment


def delete_attachment(attachment, *, user):
    rules.require(rules.can_add_evidence(user, attachment.model), "Không xóa được tệp này.")
    file, thumbnail = attachment.file, attachment.thumbnail
    attachment.delete()
    file.delete(save=False)
    if thumbnail:
        thumbnail.delete(save=False)


def refresh_search_text(models):
    """Recompute the search column of `models` (after an implementer or place is renamed)."""
    for model in models.select_related("collective", "individual").prefetch_related(
        "places__parent"
    ):
        model.refresh_search_fields(place_names=[p.label() for p in model.places.all()])
        Model.objects.filter(pk=model.pk).update(search_text=model.search_text)


def add_implementer(implementer, *, user):
    """Create a collective or an individual (from the inline form) inside the user's territory."""
    rules.require(rules.can_change_models(user), "Bạn không được thêm tập thể, cá nhân.")
    if not user.sees_everything and not user.scope_units().filter(pk=implementer.unit_id).exists():
        raise ValidationError({"unit": "Địa bàn này nằm ngoài phạm vi quản lý của bạn."})
    implementer._history_user = user
    implementer.save()
    return implementer
