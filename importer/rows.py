"""Reading one data row into a `RowPlan`: title, year, owner and places, implementer, the
model's own columns (periods, quantities, notes), past results, and the checks that make it an
error row (only what cannot be saved correctly) or give it warnings."""

import re
from decimal import Decimal

from danvan.numbers import NumberError, parse_vn_number
from danvan.text import clean, fold
from models_registry.bulk import registration
from models_registry.models import RecognitionLevel, RegistrationType
from territory.models import Level

from . import layout as L
from .matching import (
    REFORM_DAY,
    reference_date,
)
from .places import _commune_at, _read_places
from .rowplan import (
    COLLECTIVE,
    ERROR,
    INDIVIDUAL,
    RowPlan,
)
from .values import (
    BadValue,
    parse_commendation_form,
    parse_date,
    parse_date_part,
    parse_implementer_type,
    parse_period,
    parse_recognition_level,
    parse_registration_type,
    parse_year,
    parse_yes,
    person_prefix,
    text,
)


def _read_row(raw, layout, lookups, defaults):
    cells = raw.cells
    row = RowPlan(sheet=raw.sheet, number=raw.number, raw_cells=cells, context=raw.context)
    present = cells  # the columns the file has
    errors = row.errors

    kept = []  # (column name, text) of optional values that could not be read

    def attempt(func, *args):
        try:
            return func(*args)
        except BadValue as exc:
            errors.append(str(exc))
            return None

    def lenient(key, func, *args):
        """An optional column: a value that cannot be read is a warning, kept as written."""
        try:
            return func(cells.get(key), *args)
        except BadValue as exc:
            row.warnings.append(f"{str(exc).rstrip('.')} — giữ nguyên chữ trong ghi chú")
            kept.append((L.COLUMN_LABELS[key], text(cells[key])))
            return None

    # Title and year.
    row.title = text(cells.get(L.TITLE))[:500]
    row.title_key = fold(row.title)
    if not row.title:
        errors.append("thiếu tên mô hình")
    year = attempt(parse_year, cells.get(L.YEAR), "Năm đăng ký") if L.YEAR in present else None
    year = _registration_date_year(row, cells, year)
    row.year = year or raw.context.get("year") or defaults["year"]
    if not row.year:
        errors.append(
            "không xác định được năm đăng ký — ghi cột “Năm đăng ký”, tiêu đề “… NĂM 2023”, "
            "tên trang “Năm 2023” hoặc chọn năm khi tải tệp lên"
        )
    when = reference_date(row.year) if row.year else REFORM_DAY

    # Where: the owner / district, then the places.
    owner_text = text(cells.get(L.OWNER))
    owner_id = None
    if owner_text:
        owner_id = lookups.find_owner(owner_text, when)
        if owner_id is None:
            errors.append(f"không tìm thấy đơn vị quản lý “{owner_text}”")
    elif raw.context.get("district"):
        owner_id = lookups.districts_by_code.get(raw.context["district"])
    elif raw.context.get("commune"):
        owner_id = raw.context["commune"]
    else:
        owner_id = defaults["district"]
    errors_before_places = len(errors)
    scoped = defaults["scope"] is not None
    place_label = _read_places(row, cells.get(L.PLACES), lookups, owner_id, when, scoped)
    if row.place_ids:
        row.commune_id = lookups.commune_of(row.place_ids[0])
        if when >= REFORM_DAY:
            # A village still hangs under its former commune: the model is today's commune's.
            row.commune_id = row.owner_id = _commune_at(lookups, row.commune_id, when)
        else:
            row.owner_id = lookups.owner_of(row.place_ids[0])
    elif owner_id:
        row.owner_id = owner_id
        if when >= REFORM_DAY and lookups.units[owner_id]["level"] == Level.DISTRICT:
            errors.append("từ 01/07/2025 không còn cấp huyện — ghi xã ở cột “Địa bàn thực hiện”")
    elif len(errors) == errors_before_places:
        errors.append(
            "không xác định được huyện — ghi cột “Địa bàn thực hiện” hoặc “Đơn vị quản lý”, "
            "tiêu đề “HUYỆN ỦY …” hoặc chọn huyện khi tải tệp lên"
        )
    if row.place_ids:
        row.place_label = place_label
    elif row.owner_id:
        row.place_label = lookups.name(row.owner_id)
    if defaults["scope"] is not None and row.owner_id:
        _check_scope(row, lookups, defaults["scope"], when)

    # Who carries it out.
    _read_implementer(row, cells, lookups, attempt)

    # The model's own columns (only those the file has, so a re-import never blanks others).
    values = row.values
    if L.FIELD in present and text(cells.get(L.FIELD)):
        field_id = lookups.match_field(text(cells[L.FIELD]))
        if field_id is None:
            # Not an error: the model is kept as a draft with the field as written in its note.
            hint = lookups.field_suggestions(text(cells[L.FIELD]))
            message = f"không có lĩnh vực “{text(cells[L.FIELD])}”"
            row.warnings.append(
                message
                + (f" (có phải “{hint}”?)" if hint else "")
                + " — giữ nguyên chữ trong ghi chú"
            )
            kept.append((L.COLUMN_LABELS[L.FIELD], text(cells[L.FIELD])))
        else:
            values["field_id"] = field_id
    elif raw.context.get("field"):
        field_id = lookups.match_field(raw.context["field"])
        if field_id:
            values["field_id"] = field_id
    if L.REG_TYPE in present:
        reg = lenient(L.REG_TYPE, parse_registration_type)
        values["registration_type"] = reg or RegistrationType.NEW
    _read_period(row, cells, present, kept, lookups.memo)
    if L.RESULTS in present:
        values["results"] = text(cells.get(L.RESULTS))
    _read_quantities(row, cells, layout, kept)
    if L.NOTE in present:
        values["note"] = text(cells.get(L.NOTE))
    _read_results(row, cells, present, lookups, lenient)
    if kept:
        # Nothing is lost: what could not be read is kept, as written, in the note.
        lines = [f"{label}: {written}" for label, written in kept]
        values["note"] = "\n".join(filter(None, [values.get("note", ""), *lines]))
    row.values["title"] = row.title
    if errors:
        row.action = ERROR
    else:
        _draft_warning(row)
    return row


_MISSING_NAMES = {"field": "lĩnh vực", "places": "địa bàn thực hiện (xã hoặc thôn)"}


def _draft_warning(row):
    """A new model missing what a registered model must have is saved as a draft (the
    registry's rule, models_registry.bulk)."""
    _status, missing = registration(
        {
            "title": row.title,
            "collective_id": row.implementer_name or None,
            "field_id": row.values.get("field_id"),
            "year": row.year,
        },
        has_places=bool(row.place_ids),
    )
    if missing:
        names = ", ".join(_MISSING_NAMES.get(key, key) for key in missing)
        row.warnings.append(
            f"thiếu {names}: mô hình mới được lưu là bản nháp, bổ sung rồi đăng ký trong biểu mẫu"
        )


def _check_scope(row, lookups, scope, when):
    """A local officer's rows stay in their territory (and a district officer's before the
    district level was abolished)."""
    if scope.before_reform_only and when >= REFORM_DAY:
        row.errors.append(
            f"năm {row.year}: từ 01/07/2025 không còn cấp huyện — danh sách này do cán bộ cấp "
            "xã nhập"
        )
        return
    communes = {lookups.commune_of(p) for p in row.place_ids}
    inside = row.owner_id in scope.unit_ids or (communes and communes <= scope.unit_ids)
    if not inside:
        row.errors.append(
            f"“{row.place_label}” ngoài địa bàn của {scope.name} — chỉ nhập được mô hình trong "
            "địa bàn của mình"
        )


def _read_implementer(row, cells, lookups, attempt):
    raw_name = text(cells.get(L.IMPLEMENTER))
    kind = None
    if not raw_name:
        # Two sub-columns "Tập thể" / "Cá nhân": the one filled says who and which kind.
        collective = text(cells.get(L.IMPL_COLLECTIVE))
        individual = text(cells.get(L.IMPL_INDIVIDUAL))
        if collective and individual:
            row.errors.append(
                f"ghi cả tập thể “{collective}” và cá nhân “{individual}”: mỗi mô hình chỉ "
                "một chủ thể thực hiện"
            )
            return
        raw_name = collective or individual
        kind = COLLECTIVE if collective else INDIVIDUAL if individual else None
    if not raw_name:
        row.errors.append("thiếu tập thể/cá nhân thực hiện")
        return
    if kind is None and L.IMPL_TYPE in cells:
        kind = attempt(parse_implementer_type, cells.get(L.IMPL_TYPE))
    if kind is None:
        kind = INDIVIDUAL if lookups.memo(person_prefix, raw_name)[0] else None
        kind = kind or row.context.get("implementer_type") or COLLECTIVE
    (
        row.implementer_type,
        row.implementer_name,
        row.implementer_key,
        row.implementer_gender,
        row.implementer_position,
    ) = lookups.memo(_implementer, raw_name, kind)


_POSITION_SPLIT = re.compile(r"\s*[,–]\s*|\s+-\s+")


def _implementer(raw_name, kind):
    """(kind, name, folded name, gender, position) of a clean implementer cell: a list names
    the same collectives and people over and over."""
    name, gender, position = raw_name, "", ""
    if kind == INDIVIDUAL:
        person, gender = person_prefix(raw_name)
        name = person or raw_name
        gender = gender or ""
        parts = _POSITION_SPLIT.split(name, maxsplit=1)
        if len(parts) == 2:
            name, position = parts[0], parts[1][:255]
    name = clean(name)[: 150 if kind == INDIVIDUAL else 255]
    return kind, name, fold(name), gender, position


def _registration_date_year(row, cells, year):
    """The year of a "Ngày đăng ký" column: the registering year when no column gives it, an
    error when it says another year than the year column."""
    if L.REG_DATE not in cells or cells.get(L.REG_DATE) in ("", None):
        return year
    try:
        registered = parse_date(cells[L.REG_DATE], "Ngày đăng ký")
    except BadValue as exc:
        row.warnings.append(f"{exc} — không dùng để xác định năm")
        return year
    if year and registered.year != year:
        row.errors.append(f"năm đăng ký {year} khác năm của ngày đăng ký {registered:%d/%m/%Y}")
        return year
    return year or registered.year


def _read_period(row, cells, present, kept, memo):
    """Start and end from one "Thời gian" column or from two sub-columns; a period that
    cannot be read is a warning and is kept as written."""
    values = row.values
    for key, ends in ((L.PERIOD, None), (L.PERIOD_START, False), (L.PERIOD_END, True)):
        if key not in present or cells.get(key) in ("", None):
            continue
        try:
            if ends is None:
                start, end = memo(parse_period, cells[key])
            elif ends:
                start, end = None, parse_date_part(cells[key], end=True)
            else:
                start, end = parse_date_part(cells[key]), None
        except BadValue as exc:
            label = L.COLUMN_LABELS[key]
            row.warnings.append(f"{label}: {str(exc).rstrip('.')} — giữ nguyên chữ trong ghi chú")
            kept.append((label, text(cells[key])))
            continue
        if ends is None or not ends:
            values["start_date"] = start
        if ends is None or ends:
            values["end_date"] = end
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        row.errors.append(
            f"thời gian thực hiện: ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}"
        )


_SCALES = (("ty", 10**9), ("trieu", 10**6), ("nghin", 10**3), ("ngan", 10**3))


def _read_quantities(row, cells, layout, kept):
    """Households, money (đồng; a column "triệu đồng" is scaled), workdays, land (m²) and
    people; a value that is not a number is a warning and is kept as written."""
    for key, field_name in L.QUANTITY_FIELDS.items():
        if key not in cells or cells.get(key) in ("", None):
            continue
        label = layout.labels.get(key) or L.COLUMN_LABELS[key]
        try:
            number = parse_vn_number(cells[key])
        except NumberError as exc:
            number, problem = None, str(exc).rstrip(".")
        else:
            problem = None
            header = L.norm(label)
            for word, scale in _SCALES:
                if key == L.MONEY and L.has(header, word):
                    number *= scale
                    break
            if number < 0:
                problem = f"“{text(cells[key])}” là số âm"
            elif key != L.LAND and number != number.to_integral_value():
                problem = f"“{text(cells[key])}” không phải là số nguyên"
        if problem:
            row.warnings.append(f"{L.COLUMN_LABELS[key]}: {problem} — giữ nguyên chữ trong ghi chú")
            kept.append((L.COLUMN_LABELS[key], text(cells[key])))
            continue
        if key == L.LAND:
            row.values[field_name] = number.quantize(Decimal("0.1"))
        else:
            row.values[field_name] = int(number)


def _read_results(row, cells, present, lookups, lenient):
    """Optional recognition and commendation columns: a historical backfill."""
    level = lenient(L.LEVEL, parse_recognition_level) if L.LEVEL in present else None
    exemplary = lenient(L.EXEMPLARY, parse_yes, "Điển hình") if L.EXEMPLARY in present else None
    rec_year = lenient(L.REC_YEAR, parse_year, "Năm công nhận") if L.REC_YEAR in present else None
    form = lenient(L.FORM, parse_commendation_form) if L.FORM in present else None
    issuer = text(cells.get(L.ISSUER))
    number = text(cells.get(L.DEC_NUMBER))[:50]
    dec_date = lenient(L.DEC_DATE, parse_date, "Ngày quyết định") if L.DEC_DATE in present else None
    if exemplary and not level:
        level = RecognitionLevel.DISTRICT
    backfill = {}
    if level:
        backfill["level"] = level
        backfill["year"] = rec_year or row.year
        backfill["exemplary"] = bool(exemplary)
        row.values["recognition_level"] = level
        row.values["recognition_year"] = backfill["year"]
        if exemplary:
            row.values["is_exemplary"] = True
    if form or issuer or number or dec_date:
        missing = [
            label
            for label, value in (
                ("hình thức khen thưởng", form),
                ("cơ quan khen thưởng", issuer),
                ("số quyết định", number),
                ("ngày quyết định", dec_date),
            )
            if not value
        ]
        if missing:
            row.errors.append("khen thưởng thiếu " + ", ".join(missing))
        else:
            backfill["decision"] = {
                "form": form,
                "issuer": clean(issuer)[:255],
                "issuer_id": lookups.match_issuer(issuer, dec_date),
                "number": number,
                "date": dec_date,
                "year": rec_year or dec_date.year,
            }
    row.backfill = backfill or None
