"""The registry list as an Excel file, in the layout the importer reads back."""

from itertools import islice

from danvan.xlsx import build_workbook, report_date_line
from territory.place_lines import place_lines_of

MODEL_EXPORT_HEADERS = [
    "Tên mô hình",
    "Tập thể/cá nhân thực hiện",
    "Loại",
    "Lĩnh vực",
    "Địa bàn thực hiện",
    "Đơn vị quản lý",
    "Năm đăng ký",
    "Hình thức đăng ký",
    "Thời gian thực hiện",
    "Kết quả",
    "Trạng thái",
    "Cấp công nhận",
    "Điển hình",
    "Ghi chú",
    # What the former places belong to today ("Xã Bộc Bố (cũ; nay thuộc Xã Bằng Thành)"), in a
    # column of its own: "Địa bàn thực hiện" stays as recorded, so the file imports back.
    "Nay thuộc (từ 01/07/2025)",
]
WIDTHS = [45, 32, 10, 28, 36, 20, 10, 14, 24, 45, 18, 14, 10, 30, 45]
CHUNK = 2000


def places_text(model):
    """ "Thôn Nà Hin, Xã Giáo Hiệu; Xã Bành Trạch, Huyện Ba Bể" from prefetched places."""
    return "; ".join(place.label() for place in model.places.all())


def period_text(model):
    if model.start_date and model.end_date:
        return f"{model.start_date:%d/%m/%Y} - {model.end_date:%d/%m/%Y}"
    if model.start_date:
        return f"Từ {model.start_date:%d/%m/%Y}"
    if model.end_date:
        return f"Đến {model.end_date:%d/%m/%Y}"
    return str(model.year)


def today_text(lines):
    """ "Xã Bộc Bố (cũ; nay thuộc Xã Bằng Thành)" for each former place; today's places not."""
    return "\n".join(f"{line.unit.name} ({line.note})" for line in lines if line.note)


def rows_for_export(queryset):
    """One list per model, matching MODEL_EXPORT_HEADERS (queryset: `for_export()`). The places
    of each chunk are named as today at once (`place_lines_of`)."""
    models = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(models, CHUNK)):
        for model, lines in zip(chunk, place_lines_of(chunk), strict=True):
            yield _row(model, lines)


def _row(model, lines):
    implementer = model.implementer
    return [
        model.title,
        str(implementer) if implementer else "",
        model.implementer_type.label,
        model.field.name if model.field else "",
        places_text(model),
        model.unit.name,
        model.year,
        model.get_registration_type_display(),
        period_text(model),
        model.results,
        model.get_status_display(),
        model.get_recognition_level_display() if model.recognition_level else "",
        "Có" if model.is_exemplary else "",
        model.note,
        today_text(lines),
    ]


def build_export(queryset, filters, scope_label=""):
    """`scope_label` names the user's territory when no unit filter narrows it."""
    title = "DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO"
    described = filters.describe()
    if filters.unit is None and scope_label:
        described = ", ".join(p for p in [scope_label, described] if p)
    if described:
        title = f"{title} {described.upper()}"
    subtitles = [
        # Only the first letter raised: str.capitalize() would lower "Xã Bành Trạch, Huyện Ba Bể".
        line
        for line in [described[:1].upper() + described[1:], report_date_line()]
        if line
    ]
    return build_workbook(
        title=title,
        headers=MODEL_EXPORT_HEADERS,
        rows=rows_for_export(queryset),
        subtitle_lines=subtitles,
        widths=WIDTHS,
        sheet_name="Danh sách mô hình",
    )
