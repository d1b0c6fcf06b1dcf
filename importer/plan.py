"""The preview: what importing a file would do, row by row, without saving anything.

`build_plan(sheets, …)` reads every row, matches places, fields, implementers and existing
models (by the natural key: year, folded title, implementer) and marks each row "sẽ tạo mới",
"sẽ cập nhật", "bỏ qua (trùng)" or "lỗi". `importer.workflow.apply_plan` applies it.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from danvan.numbers import NumberError, parse_vn_number
from models_registry.bulk import registration
from models_registry.models import Model, RecognitionLevel, RegistrationType
from reviews.models import Entry, Recipient
from territory.models import Level, split_prefix

from . import changes as changes_step
from . import layout as L
from . import mapping as mapping_step
from .collector import without_collector
from .matching import (
    CHUNK,
    COMMUNE_PREFIXES,
    DISTRICT_PREFIXES,
    REFORM_DAY,
    VILLAGE_PREFIXES,
    Lookups,
    PlaceError,
    reference_date,
    split_places,
)
from .text import fold
from .text import quick_clean as clean
from .values import (
    BadValue,
    display,
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

CREATE = "create"
UPDATE = "update"
SKIP = "skip"
ERROR = "error"
ACTION_LABELS = {
    CREATE: "Sẽ tạo mới",
    UPDATE: "Sẽ cập nhật",
    SKIP: "Bỏ qua (trùng)",
    ERROR: "Lỗi",
}
COLLECTIVE = "tap_the"
INDIVIDUAL = "ca_nhan"
LEVEL_RANK = {
    RecognitionLevel.NONE: 0,
    RecognitionLevel.DISTRICT: 1,
    RecognitionLevel.PROVINCE: 2,
    RecognitionLevel.CENTRAL: 3,
}
# Model columns the file can change, with their Vietnamese names for "what changes".
COMPARED = {
    "title": "tên mô hình",
    "field_id": "lĩnh vực",
    "registration_type": "hình thức đăng ký",
    "start_date": "thời gian bắt đầu",
    "end_date": "thời gian kết thúc",
    "results": "kết quả",
    "note": "ghi chú",
    "recognition_level": "cấp công nhận",
    "recognition_year": "năm công nhận",
    "is_exemplary": "điển hình",
    "households_mobilised": "số hộ được vận động",
    "money_contributed": "tiền đóng góp",
    "workdays_contributed": "ngày công đóng góp",
    "land_donated_m2": "đất hiến",
    "people_mobilised": "số người tham gia",
}


@dataclass
class RowPlan:
    sheet: str
    number: int
    raw_cells: dict  # column key -> the value as read
    action: str = CREATE
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    year: int | None = None
    title: str = ""
    title_key: str = ""
    implementer_type: str = COLLECTIVE
    implementer_name: str = ""
    implementer_key: str = ""
    implementer_id: int | None = None
    implementer_gender: str = ""
    implementer_position: str = ""
    owner_id: int | None = None
    commune_id: int | None = None  # the commune of the first place, on the registering date
    place_ids: list = field(default_factory=list)
    # Villages the portal does not know yet, created on confirm: [(commune id, name)]; the
    # commune stands in place_ids until then.
    new_villages: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # Model field -> value, only columns present
    model_id: int | None = None
    changes: list = field(default_factory=list)  # names of the fields an update changes
    # Every field the file has another value for: importer.changes.compare's dicts.
    diffs: list = field(default_factory=list)
    duplicate_of: int | None = None
    backfill: dict | None = None
    context: dict = field(default_factory=dict)
    place_label: str = ""
    implementer_label: str = ""

    @property
    def cells(self):
        """Column key -> the value as read, as text: for the preview and the error file (made
        when asked, for the few rows a page shows)."""
        return {key: display(value) for key, value in self.raw_cells.items() if key != L.STT}

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    @property
    def location(self):
        return f"Trang “{self.sheet}”, dòng {self.number}"

    def error_text(self):
        return "; ".join(self.errors)

    @property
    def natural_key(self):
        return (
            self.year,
            self.title_key,
            self.implementer_type,
            self.implementer_key,
            self.owner_id,
        )


@dataclass
class Plan:
    filename: str
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    layouts: list = field(default_factory=list)
    lookups: Lookups | None = None
    snapshots: dict = field(default_factory=dict)  # model id -> before-image
    reused: bool = False  # read back from storage (importer.uploads) rather than made now
    overwrite: bool = False  # fields with a value are replaced too (else only empty ones filled)
    sender_id: int | None = None  # the district or commune the list is sent for, if known

    def count(self, action):
        return sum(1 for r in self.rows if r.action == action)

    @property
    def summary(self):
        return {
            "created": self.count(CREATE),
            "updated": self.count(UPDATE),
            "skipped": self.count(SKIP),
            "errors": self.count(ERROR),
        }

    @property
    def error_rows(self):
        return [r for r in self.rows if r.action == ERROR]

    def summary_line(self):
        s = self.summary
        return (
            f"created={s['created']} updated={s['updated']} "
            f"skipped={s['skipped']} errors={s['errors']}"
        )


class NoTable(Exception):
    """No sheet has a recognisable header; the message is Vietnamese."""


@without_collector
def build_plan(
    sheets,
    *,
    filename,
    default_year=None,
    default_district=None,
    mapping=None,
    options=None,
    overwrite=False,
    scope=None,
):
    """What importing `sheets` would do. `default_district` is a district Unit (or None).

    Column meanings: `mapping` ({layout signature: {column index: key}}, chosen on the
    preview) first, then `options` (lines "Cột 3=implementer" for every sheet, from
    `import_models --map`), then the mapping remembered for the sending unit and that header,
    then the guesses. `overwrite`: an existing model's fields that have a value take the
    file's (by default only empty ones are filled). `scope` (importer.access.Scope, None for
    the whole portal): rows outside it are errors. Raises NoTable, and
    mapping.MappingError for options it cannot read."""
    plan = Plan(filename=filename, lookups=Lookups(), overwrite=overwrite)
    defaults = {
        "year": default_year,
        "district": default_district.pk if default_district else None,
        "scope": scope,
    }
    found = []
    for sheet in sheets:
        if not any(any(v not in ("", None) for v in row) for row in sheet.rows):
            continue
        layout = L.find_header(sheet)
        if layout is None:
            plan.notes.append(
                f"Trang “{sheet.name}”: không tìm thấy dòng tiêu đề cột (cần có cột “Tên mô hình”) "
                "— trang này được bỏ qua."
            )
            continue
        found.append((sheet, layout))
    layouts = [layout for _sheet, layout in found]
    plan.sender_id = _sender(plan.lookups, layouts, defaults)
    _choose_meanings(plan, layouts, defaults, mapping, options)
    for sheet, layout in found:
        plan.layouts.append(layout)
        for raw in L.iter_rows(sheet, layout):
            plan.rows.append(_read_row(raw, layout, plan.lookups, defaults))
        for number, why in layout.passed_over:
            plan.notes.append(f"Trang “{sheet.name}”, dòng {number}: {why} — không nhập.")
        for column in layout.unmapped:
            plan.notes.append(
                f"Trang “{sheet.name}”, cột {column.number} “{column.label}”: {column.filled} ô "
                "không nhập (chọn nghĩa cho cột ở bước ghép cột nếu cần nhập)."
            )
    if not plan.layouts:
        raise NoTable(
            f"Không tìm thấy bảng danh sách trong tệp “{filename}”: cần một dòng tiêu đề cột có "
            "“Tên mô hình” và “Tập thể/cá nhân thực hiện” (trong 15 dòng đầu của trang tính). "
            "Hãy tải mẫu tệp nhập để xem cách ghi."
        )
    if not plan.rows:
        raise NoTable(
            f"Tệp “{filename}” có dòng tiêu đề cột nhưng không có dòng dữ liệu nào bên dưới: "
            "không có gì để nhập."
        )
    _match_implementers(plan)
    _match_existing(plan)
    return plan


def _sender(lookups, layouts, defaults):
    """The unit the list is sent for: the one chosen on upload, else the district or commune
    its title rows name ("HUYỆN ỦY BA BỂ", "ĐẢNG ỦY XÃ BẰNG THÀNH"); None when unknown."""
    if defaults["district"]:
        return defaults["district"]
    for layout in layouts:
        context = layout.title_context
        if context.get("district") in lookups.districts_by_code:
            return lookups.districts_by_code[context["district"]]
        if context.get("commune"):
            return context["commune"]
    return None


def _choose_meanings(plan, layouts, defaults, mapping, options):
    """Apply the chosen, written or remembered meanings to each layout (see build_plan)."""
    sender = plan.sender_id
    saved = mapping_step.remembered([layout.signature for layout in layouts], sender)
    for layout in layouts:
        chosen = (mapping or {}).get(layout.signature)
        if chosen is None and options:
            chosen = mapping_step.parse_options(options, layout)
        if chosen is None and layout.signature in saved:
            chosen = saved[layout.signature]
            layout.remembered = True
        if chosen:
            L.apply_mapping(layout, chosen)


def _match_implementers(plan):
    """Collectives and individuals already in the registry, by folded name within the owner."""
    lookups = plan.lookups
    wanted = {COLLECTIVE: set(), INDIVIDUAL: set()}
    for row in plan.rows:
        if row.implementer_key:
            wanted[row.implementer_type].add(row.implementer_key)
    lookups.load_implementers(wanted[COLLECTIVE], wanted[INDIVIDUAL])
    labels = {}  # the same implementers over and over: one label string each
    for row in plan.rows:
        if not row.implementer_key:
            continue
        individual = row.implementer_type == INDIVIDUAL
        if row.owner_id:
            pool = lookups.individuals if individual else lookups.collectives
            row.implementer_id = pool.get((row.implementer_key, row.owner_id))
        key = (row.implementer_name, individual, bool(row.implementer_id))
        label = labels.get(key)
        if label is None:
            what = "cá nhân" if individual else "tập thể"
            status = "đã có" if row.implementer_id else "sẽ tạo mới"
            label = labels[key] = f"{row.implementer_name} ({what}, {status})"
        row.implementer_label = label


# ---------------------------------------------------------------- one row


def _read_row(raw, layout, lookups, defaults):
    cells = raw.cells
    row = RowPlan(sheet=raw.sheet, number=raw.number, raw_cells=cells, context=raw.context)
    present = cells  # the columns the file has
    errors = row.errors

    def attempt(func, *args):
        try:
            return func(*args)
        except BadValue as exc:
            errors.append(str(exc))
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
    when = _reference_date(row.year) if row.year else REFORM_DAY

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
            hint = lookups.field_suggestions(text(cells[L.FIELD]))
            message = f"không có lĩnh vực “{text(cells[L.FIELD])}”"
            errors.append(message + (f" — có phải “{hint}”?" if hint else ""))
        values["field_id"] = field_id
    elif raw.context.get("field"):
        field_id = lookups.match_field(raw.context["field"])
        if field_id:
            values["field_id"] = field_id
    if L.REG_TYPE in present:
        reg = attempt(parse_registration_type, cells.get(L.REG_TYPE))
        values["registration_type"] = reg or RegistrationType.NEW
    kept = []  # (column name, text) of optional values that could not be read
    _read_period(row, cells, present, kept)
    if L.RESULTS in present:
        values["results"] = text(cells.get(L.RESULTS))
    _read_quantities(row, cells, layout, kept)
    if L.NOTE in present:
        values["note"] = text(cells.get(L.NOTE))
    if kept:
        # Nothing is lost: what could not be read is kept, as written, in the note.
        lines = [f"{label}: {written}" for label, written in kept]
        values["note"] = "\n".join(filter(None, [values.get("note", ""), *lines]))
    row.values["title"] = row.title

    _read_results(row, cells, present, lookups, attempt)
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


_reference_date = lru_cache(maxsize=None)(reference_date)  # one date per year


def _read_places(row, raw_value, lookups, owner_id, when, scoped=False):
    """Places of one cell within the owner's districts (none: anywhere); returns their label.
    `scoped` (a local officer imports): a place not found there is looked for in the whole
    province, so that the row says it is outside the officer's territory. A cell's result is
    remembered (a list repeats the same places)."""
    key = (str(raw_value), owner_id, when, scoped)
    found = lookups.place_cache.get(key)
    if found is None:
        districts = set()
        if owner_id:
            if lookups.units[owner_id]["level"] == Level.DISTRICT:
                districts = {owner_id}
            else:
                districts = lookups.commune_districts(owner_id)
        scratch = RowPlan(sheet="", number=0, raw_cells={})
        _resolve_places(scratch, raw_value, lookups, districts, when)
        if scratch.errors and districts and scoped:
            anywhere = RowPlan(sheet="", number=0, raw_cells={})
            _resolve_places(anywhere, raw_value, lookups, set(), when)
            if not anywhere.errors:
                scratch = anywhere
        labels = []
        fresh = dict(scratch.new_villages)
        for p in scratch.place_ids:
            if p in fresh:
                labels.append(f"{fresh[p]} (thôn mới), {lookups.name(p)}")
            else:
                labels.append(lookups.label(p))
        found = (
            scratch.place_ids,
            scratch.warnings,
            scratch.errors,
            "; ".join(labels),
            scratch.new_villages,
        )
        lookups.place_cache[key] = found
    place_ids, warnings, errors, label, new_villages = found
    if new_villages:
        row.new_villages.extend(new_villages)
    if place_ids:
        row.place_ids.extend(place_ids)
    if warnings:
        row.warnings.extend(warnings)
    if errors:
        row.errors.extend(errors)
    return label


def _resolve_places(row, raw_value, lookups, districts, when):
    for parts in split_places(raw_value):
        entry_districts = districts
        commune_id = None
        villages = []
        leftovers = []
        names_commune = any(
            split_prefix(p)[0] in COMMUNE_PREFIXES or not split_prefix(p)[0] for p in parts
        )
        for part in parts:
            prefix, name = split_prefix(part)
            if prefix in DISTRICT_PREFIXES:
                district = lookups.find_district(name)
                if district:
                    entry_districts = {district}
                continue
            if prefix == "tỉnh":
                continue
            if prefix in VILLAGE_PREFIXES:
                # "Bản Thi" alone is Xã Bản Thi when such a commune is in the territory.
                try:
                    bare = not names_commune and lookups.bare_commune(part, entry_districts, when)
                except PlaceError as exc:
                    row.errors.append(str(exc))
                    return
                if bare:
                    commune_id = bare
                else:
                    villages.append(part)
            else:
                leftovers.append(part)
        for part in leftovers:
            if commune_id:
                villages.append(part)
                continue
            try:
                commune_id, note = lookups.match_commune(part, entry_districts, when)
                if note:
                    row.warnings.append(note)
            except PlaceError as exc:
                if split_prefix(part)[0] or not villages and len(leftovers) == 1:
                    row.errors.append(str(exc))
                    return
                villages.append(part)
        if villages:
            found = lookups.match_village(villages[0], commune_id, entry_districts)
            if len(found) == 1:
                if commune_id is None:
                    commune_id = lookups.units[found[0]]["parent_id"]
                    commune_id = _commune_at(lookups, commune_id, when)
                row.place_ids.append(found[0])
                continue
            if commune_id is None and len(found) > 1:
                names = ", ".join(lookups.label(v) for v in found[:5])
                row.errors.append(
                    f"“{villages[0]}” có ở nhiều xã ({names}) — ghi kèm tên xã (ví dụ: "
                    f"“{villages[0]}, {lookups.name(lookups.units[found[0]]['parent_id'])}”)"
                )
                return
            if commune_id is None:
                row.errors.append(
                    f"không tìm thấy “{villages[0]}” — ghi kèm tên xã (ví dụ: “Thôn Nà Hin, Xã "
                    "Giáo Hiệu”)"
                )
                return
            if commune_id not in row.place_ids:
                # No national list of villages exists: a village the portal does not know yet
                # is added to its commune on confirm.
                name = village_name(villages[0])
                row.new_villages.append((commune_id, name))
                row.warnings.append(
                    f"thôn mới “{name}” của {lookups.name(commune_id)} — sẽ được thêm khi nhập"
                )
        if commune_id and commune_id not in row.place_ids:
            row.place_ids.append(commune_id)
    # A village before its commune: the model's commune is the village's commune.


def village_name(written):
    """ "thôn Nà Pài" -> "Thôn Nà Pài"; "Nà Pài" (after its commune) -> "Thôn Nà Pài"."""
    prefix, name = split_prefix(written)
    return f"{(prefix or 'thôn').capitalize()} {name}"


def _commune_at(lookups, commune_id, when):
    if lookups.valid_at(commune_id, when):
        return commune_id
    heirs = lookups._heirs_at(commune_id, when)
    return heirs[0] if len(heirs) == 1 else commune_id


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
        kind = INDIVIDUAL if person_prefix(raw_name)[0] else None
        kind = kind or row.context.get("implementer_type") or COLLECTIVE
    (
        row.implementer_type,
        row.implementer_name,
        row.implementer_key,
        row.implementer_gender,
        row.implementer_position,
    ) = _implementer(raw_name, kind)


_POSITION_SPLIT = re.compile(r"\s*[,–]\s*|\s+-\s+")


@lru_cache(maxsize=50_000)
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


def _read_period(row, cells, present, kept):
    """Start and end from one "Thời gian" column or from two sub-columns; a period that
    cannot be read is a warning and is kept as written."""
    values = row.values
    for key, ends in ((L.PERIOD, None), (L.PERIOD_START, False), (L.PERIOD_END, True)):
        if key not in present or cells.get(key) in ("", None):
            continue
        try:
            if ends is None:
                start, end = parse_period(cells[key])
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


def _read_results(row, cells, present, lookups, attempt):
    """Optional recognition and commendation columns: a historical backfill."""
    level = attempt(parse_recognition_level, cells.get(L.LEVEL)) if L.LEVEL in present else None
    exemplary = (
        attempt(parse_yes, cells.get(L.EXEMPLARY), "Điển hình") if L.EXEMPLARY in present else None
    )
    rec_year = (
        attempt(parse_year, cells.get(L.REC_YEAR), "Năm công nhận")
        if L.REC_YEAR in present
        else None
    )
    form = attempt(parse_commendation_form, cells.get(L.FORM)) if L.FORM in present else None
    issuer = text(cells.get(L.ISSUER))
    number = text(cells.get(L.DEC_NUMBER))[:50]
    dec_date = (
        attempt(parse_date, cells.get(L.DEC_DATE), "Ngày quyết định")
        if L.DEC_DATE in present
        else None
    )
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
                "issuer_id": lookups.match_issuer(issuer),
                "number": number,
                "date": dec_date,
                "year": rec_year or dec_date.year,
            }
    row.backfill = backfill or None


# ---------------------------------------------------------------- existing models


def _snapshot_fields():
    return [
        "id",
        "version",
        "updated_at",
        "status",
        "unit_id",
        "commune_id",
        "search_text",
        *COMPARED,
    ]


_EXISTING_COLUMNS = (
    "id",
    "year",
    "title_key",
    "collective__search_name",
    "individual__search_name",
    "unit_id",
)


def _models_titled(years, titles):
    """(id, year, title_key, collective name, individual name, unit_id) of the models of
    `years` with one of `titles`, by id."""
    models = Model.objects.filter(year__in=years).order_by("pk")
    if len(titles) > CHUNK and models.count() <= len(titles):
        # Fewer models in these years than titles in the file (a first import above all): one
        # query for them all costs less than one query per chunk of titles.
        wanted = set(titles)
        return [row for row in models.values_list(*_EXISTING_COLUMNS) if row[2] in wanted]
    # Only models with a title the file mentions (index model_year_title_idx), in chunks.
    found = []
    for start in range(0, len(titles), CHUNK):
        chunk = models.filter(title_key__in=titles[start : start + CHUNK])
        found.extend(chunk.values_list(*_EXISTING_COLUMNS))
    return found


def _match_existing(plan):
    """Natural key (year, folded title, implementer) -> existing model; same key twice in the
    file -> the second is a duplicate."""
    lookups = plan.lookups
    keys = {}
    wanted = sorted({(r.year, r.title_key) for r in plan.rows if r.action != ERROR})
    years = {year for year, _title in wanted}
    titles = sorted({title for _year, title in wanted})
    for pk, year, title_key, coll, indiv, unit_id in _models_titled(years, titles):
        kind = COLLECTIVE if coll is not None else INDIVIDUAL
        keys.setdefault((year, title_key, kind, coll or indiv, unit_id), pk)
    seen = {}
    matched = set()
    for row in plan.rows:
        if row.action == ERROR:
            continue
        key = row.natural_key
        if key in seen:
            row.action = SKIP
            row.duplicate_of = seen[key]
            row.warnings.append(
                f"trùng với dòng {seen[key]} (cùng năm, tên mô hình, người thực hiện)"
            )
            continue
        seen[key] = row.number
        row.model_id = keys.get(key)
        if row.model_id:
            matched.add(row.model_id)
    if not matched:
        return
    snapshots = {
        m["id"]: m for m in Model.objects.filter(id__in=matched).values(*_snapshot_fields())
    }
    for model_id, unit_id in Model.places.through.objects.filter(model_id__in=matched).values_list(
        "model_id", "unit_id"
    ):
        snapshots[model_id].setdefault("place_ids", []).append(unit_id)
    entries = {
        (model_id, year, level)
        for model_id, year, level in Entry.objects.filter(model_id__in=matched).values_list(
            "model_id", "round__year", "round__level"
        )
    }
    recipients = {
        (model_id, issuer_id, number, when)
        for model_id, issuer_id, number, when in Recipient.objects.filter(
            model_id__in=matched
        ).values_list("model_id", "decision__issuer_id", "decision__number", "decision__date")
    }
    plan.snapshots = snapshots
    for row in plan.rows:
        if row.action == ERROR or not row.model_id:
            continue
        before = snapshots[row.model_id]
        before.setdefault("place_ids", [])
        _compare(row, before, lookups, entries, recipients, plan.overwrite)


def _compare(row, before, lookups, entries, recipients, overwrite):
    values = row.values
    backfill = row.backfill or {}
    # Recognition only ever goes up: an older list (or a re-export, which has no recognition
    # year) never adds history below what the model already has.
    level = backfill.get("level")
    new_exemplary = backfill.get("exemplary") and not before["is_exemplary"]
    if level and LEVEL_RANK[level] <= LEVEL_RANK[before["recognition_level"]]:
        values.pop("recognition_level", None)
        values.pop("recognition_year", None)
        if not new_exemplary:
            for key in ("level", "year", "exemplary"):
                backfill.pop(key, None)
    if not new_exemplary:
        values.pop("is_exemplary", None)
    row.diffs = changes_step.compare(row, before, lookups, COMPARED, overwrite=overwrite)
    changes = [diff["label"] for diff in row.diffs if diff["applied"]]
    if backfill:
        if "level" in backfill:
            round_level = "huyen" if backfill["level"] == RecognitionLevel.DISTRICT else "tinh"
            if (row.model_id, backfill["year"], round_level) in entries:
                for key in ("level", "year", "exemplary"):
                    backfill.pop(key, None)
        decision = backfill.get("decision")
        if (
            decision
            and (
                row.model_id,
                decision["issuer_id"],
                decision["number"],
                decision["date"],
            )
            in recipients
        ):
            backfill.pop("decision")
        if "level" in backfill or "decision" in backfill:
            changes.append("kết quả công nhận, khen thưởng")
    row.backfill = backfill if ("level" in backfill or "decision" in backfill) else None
    row.changes = changes
    row.action = UPDATE if changes else SKIP


def default_year_choices():
    this_year = date.today().year
    return list(range(this_year, 2009, -1))
