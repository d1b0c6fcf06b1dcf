"""Every change of a registry record goes through one function here: it checks the rule, saves,
leaves a history row of the model (who, when, what: old → new, and the reason typed) and
returns. Views and the demo data call these. Changes outside the model's own columns (places,
criteria, evidence, yearly progress) are written on that row as `ChangeNotes`.

Review statuses (proposed, returned, recognised, …) belong to `reviews.workflow`.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from accounts.dated import refusal
from danvan.forms import format_number
from territory.models import Level, Unit

from . import attachments as files
from . import rules
from .facts import refresh_place_facts
from .models import Attachment, Model, Status, YearlyProgress
from .owners import owner_unit


class StaleEdit(ValidationError):
    """Someone else saved the model after the form was opened (optimistic locking)."""


class AlreadySubmitted(Exception):
    """This create form was already sent and made `model` (same form token)."""

    def __init__(self, model):
        super().__init__(f"Biểu mẫu đã tạo mô hình số {model.pk}.")
        self.model = model


MISSING = {
    "title": "Nhập tên mô hình.",
    "implementer": "Chọn tập thể hoặc cá nhân thực hiện.",
    "field": "Chọn lĩnh vực.",
    "year": "Nhập năm đăng ký.",
    "places": "Chọn ít nhất một địa bàn thực hiện (xã hoặc thôn).",
}


def owner_and_commune(place):
    """The unit whose staff keep a model at `place` (`owners.owner_unit`), and the commune of
    that place."""
    if place.level == Level.VILLAGE:
        commune = place.parent
    elif place.level == Level.COMMUNE:
        commune = place
    else:
        return place, None
    parent = commune.parent if commune.parent_id else None
    return owner_unit(commune, parent, parent.level if parent else None), commune


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
    fresh = Model.objects.select_for_update().get(pk=model.pk)
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


def _check_scope(user, model):
    if user.sees_everything:
        return
    units = user.scope_units()
    ids = [pk for pk in (model.unit_id, model.commune_id) if pk]
    if not units.filter(pk__in=ids).exists():
        raise ValidationError({"places": "Địa bàn này nằm ngoài phạm vi quản lý của bạn."})


def _check_keeper(user, model):
    """The owner unit must exist in the registering year, and be the officer's own."""
    problem = rules.registration_problem(model)
    if problem:
        raise ValidationError({"year": problem})
    if not rules.keeps(user, model):
        raise ValidationError(
            {"places": f"Mô hình ở địa bàn này do {model.unit} quản lý, không phải đơn vị của bạn."}
        )


def _lock_version(model, expected_version):
    """Lock the row and refuse a stale edit; returns the next version number."""
    current = (
        Model.objects.select_for_update().filter(pk=model.pk).values_list("version", flat=True)
    ).first()
    if current is None:
        raise ValidationError("Mô hình không còn tồn tại.")
    if expected_version is not None and int(expected_version) != current:
        raise _stale(model, "Mô hình này", "mô hình")
    return current + 1


def _stale(record, this, noun):
    """The refusal of a save based on an older version: who saved last, and when."""
    last = record.history.select_related("history_user").first()
    who = last.history_user.display_name if last and last.history_user else "người khác"
    when = timezone.localtime(last.history_date).strftime("%H:%M %d/%m/%Y") if last else ""
    return StaleEdit(
        f"{this} vừa được {who} lưu lúc {when}, sau khi bạn mở biểu mẫu. "
        f"Thay đổi của bạn chưa được lưu và vẫn còn trên biểu mẫu: hãy mở {noun} trong "
        "thẻ mới để xem bản mới nhất, rồi nhập lại phần thay đổi của bạn.",
        code="stale",
    )


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
    stored = None if creating else Model.objects.get(pk=model.pk)
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

    anchor = next((p for p in places if p.level >= Level.COMMUNE), None)
    anchor = anchor or (places[0] if places else model.implementer.unit)
    model.unit, model.commune = owner_and_commune(anchor)
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
            refresh_place_facts([model.pk])
    except IntegrityError:
        first = _made_with(form_token) if creating and form_token else None
        if first is None:
            raise
        raise AlreadySubmitted(first) from None
    return model


def _made_with(form_token):
    return Model.objects.filter(form_token=form_token).first()


def replication_sources(user):
    """Models `user` may name as the one a model replicates: any model of their territory, and
    any recognised model (a published recognition) of their province, across district and
    commune lines."""
    visible = Model.objects.visible_to(user)
    if user.sees_everything or not user.unit_id:
        return visible
    province_id = int(user.unit.path.strip("/").split("/")[0])
    province = Unit.objects.in_scope_of(Unit.objects.get(pk=province_id))
    recognised = Model.objects.exclude(recognition_level="").filter(
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
        ancestor = Model.objects.filter(pk=ancestor).values_list("parent_id", flat=True).first()


def not_a_source_message(number):
    return (
        f"Không tìm thấy mô hình số {number} trong địa bàn của bạn hoặc trong các mô hình đã "
        "được công nhận của tỉnh."
    )


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
        refresh_place_facts([model.pk])
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
        refresh_place_facts([model.pk])
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


def add_attachment(model, *, user, upload, caption="", is_public=False):
    """Check the upload by content, store it under MEDIA_ROOT and make a thumbnail for photos.
    Only a photo may be public (shown on the showcase); a document never is."""
    rules.require(
        rules.can_add_evidence(user, model), "Không thêm được tệp cho mô hình này.", user=user
    )
    kind, content_type = files.inspect_upload(upload)
    attachment = Attachment(
        model=model,
        kind=kind,
        original_name=files.safe_filename(upload.name)[:255],
        content_type=content_type,
        size=upload.size,
        caption=(caption or "").strip()[:255],
        is_public=bool(is_public) and kind == "anh",
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    if kind == "anh":
        files.make_thumbnail(attachment)
    with transaction.atomic():
        attachment.save()
        _note_change(
            model,
            user,
            "Thêm tệp minh chứng",
            [("Tệp minh chứng", "", attachment.original_name)],
        )
    return attachment


def set_photo_public(attachment, *, user, is_public):
    """Show a photo on the public showcase, or stop showing it (a document never is)."""
    rules.require(
        rules.can_add_evidence(user, attachment.model), "Không thay đổi được ảnh này.", user=user
    )
    if attachment.kind != "anh":
        raise ValidationError("Chỉ ảnh mới được công khai; tài liệu không bao giờ được công khai.")
    was = "Công khai" if attachment.is_public else "Không công khai"
    attachment.is_public = bool(is_public)
    now = "Công khai" if attachment.is_public else "Không công khai"
    with transaction.atomic():
        attachment.save(update_fields=["is_public"])
        if was != now:
            _note_change(
                attachment.model,
                user,
                "Đổi chế độ hiển thị ảnh",
                [(f"Ảnh “{attachment.original_name}” trên trang điển hình", was, now)],
            )
    return attachment


def delete_attachment(attachment, *, user):
    rules.require(
        rules.can_add_evidence(user, attachment.model), "Không xóa được tệp này.", user=user
    )
    file, thumbnail = attachment.file, attachment.thumbnail
    with transaction.atomic():
        attachment.delete()
        _note_change(
            attachment.model,
            user,
            "Xóa tệp minh chứng",
            [("Tệp minh chứng", attachment.original_name, "")],
        )
    file.delete(save=False)
    if thumbnail:
        thumbnail.delete(save=False)


def record_bulk_creation(models, *, reason):
    """The first history row ("Tạo mới", dated when each model was created, by each model's
    `_history_user`) of models inserted in bulk without one: the demo's generated models."""
    for model in models:
        model._history_date = model.created_at
    Model.history.bulk_history_create(models, default_change_reason=reason)


def refresh_search_text(models):
    """Recompute the search column of `models` (after an implementer or place is renamed)."""
    for model in models.select_related("collective", "individual").prefetch_related(
        "places__parent"
    ):
        model.refresh_search_fields(place_names=[p.label() for p in model.places.all()])
        Model.objects.filter(pk=model.pk).update(search_text=model.search_text)


def add_implementer(implementer, *, user):
    """Create a collective or an individual (from the inline form) inside the user's territory."""
    rules.require(rules.can_change_models(user), "Bạn không được thêm tập thể, cá nhân.", user=user)
    if not user.sees_everything and not user.scope_units().filter(pk=implementer.unit_id).exists():
        raise ValidationError({"unit": "Địa bàn này nằm ngoài phạm vi quản lý của bạn."})
    implementer._history_user = user
    implementer.save()
    return implementer
