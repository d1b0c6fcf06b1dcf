"""What every registry change checks first: the fields a registration needs, the user's scope and keeper unit, the version the form was opened at."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from territory.models import Level

from .. import rules
from ..models import DvkModel
from ..owners import owner_unit


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


def keeper_of(model, places):
    """(owner unit, commune) of `model` carried out in `places`: by its first commune or
    village, else its first place, else its implementer's unit (`owner_and_commune`)."""
    anchor = next((p for p in places if p.level >= Level.COMMUNE), None)
    anchor = anchor or (places[0] if places else model.implementer.unit)
    return owner_and_commune(anchor)


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
        DvkModel.objects.select_for_update().filter(pk=model.pk).values_list("version", flat=True)
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
