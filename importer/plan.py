"""The preview: what importing a file would do, row by row, without saving anything.

`build_plan(sheets, …)` reads every row, matches places, fields, implementers and existing
models (by the natural key: year, folded title, implementer) and marks each row "sẽ tạo mới",
"sẽ cập nhật", "bỏ qua (trùng)" or "lỗi". `importer.workflow.apply_plan` applies it.
"""

from . import layout as L
from . import mapping as mapping_step
from .existing import _match_existing, _match_implementers, made_from
from .matching import (
    Lookups,
)
from .rowplan import (  # noqa: F401 - the plan's vocabulary, imported from here
    ACTION_LABELS,
    COLLECTIVE,
    COMPARED,
    CREATE,
    ERROR,
    INDIVIDUAL,
    SKIP,
    UPDATE,
    NoTable,
    Plan,
    RowPlan,
)
from .rows import _read_row


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
        layout = L.find_header(sheet, plan.lookups.district_codes)
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
        for raw in L.iter_rows(sheet, layout, plan.lookups.district_codes):
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
    implementers = _match_implementers(plan)
    titled, matched = _match_existing(plan)
    plan.made_from = made_from(plan.lookups, implementers, titled, matched)
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
