"""Excel files the importer hands out: the blank template and the rows that had errors.

Both go through danvan.xlsx (title rows, STT, widths, frozen header, no formula injection) and
both can be filled in and imported back as they are.
"""

from danvan.xlsx import build_workbook

from . import layout as L

# The registry's list export uses the same headers, so a re-export imports back unchanged.
TEMPLATE_COLUMNS = [
    L.TITLE,
    L.IMPLEMENTER,
    L.IMPL_TYPE,
    L.FIELD,
    L.PLACES,
    L.OWNER,
    L.YEAR,
    L.REG_TYPE,
    L.PERIOD,
    L.RESULTS,
    L.LEVEL,
    L.REC_YEAR,
    L.EXEMPLARY,
    L.FORM,
    L.ISSUER,
    L.DEC_NUMBER,
    L.DEC_DATE,
    L.NOTE,
]
EXAMPLE_ROW = {
    L.TITLE: "Vận động nhân dân thực hiện tiêu chí số 17 – Môi trường",
    L.IMPLEMENTER: "Chi bộ Văn phòng Huyện ủy Pác Nặm",
    L.IMPL_TYPE: "Tập thể",
    L.FIELD: "Dân vận khéo trong xây dựng nông thôn mới, đô thị văn minh",
    L.PLACES: "Thôn Nà Hin, Xã Giáo Hiệu",
    L.OWNER: "Huyện Pác Nặm",
    L.YEAR: 2023,
    L.REG_TYPE: "Đăng ký mới",
    L.PERIOD: "01/03/2023 – 31/12/2025",
    L.RESULTS: "100% hộ dân thu gom, phân loại rác thải",
    L.LEVEL: "Cấp huyện",
    L.REC_YEAR: 2023,
    L.EXEMPLARY: "Có",
    L.FORM: "Giấy khen",
    L.ISSUER: "UBND huyện Pác Nặm",
    L.DEC_NUMBER: "125/QĐ-UBND",
    L.DEC_DATE: "20/12/2023",
    L.NOTE: "Các cột từ “Cấp công nhận” trở đi chỉ ghi khi nhập kết quả các năm trước.",
}


def template_workbook():
    headers = [L.COLUMN_LABELS[key] for key in TEMPLATE_COLUMNS]
    return build_workbook(
        title="DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM …",
        subtitle_lines=[
            "(Mẫu nhập dữ liệu: giữ nguyên dòng tiêu đề cột; mỗi mô hình một dòng; "
            "nhiều địa bàn cách nhau bằng dấu “;”)"
        ],
        headers=headers,
        rows=[[EXAMPLE_ROW[key] for key in TEMPLATE_COLUMNS]],
        widths=[45, 30, 10, 30, 30, 18, 10, 14, 22, 35, 14, 10, 10, 14, 25, 14, 14, 30],
        sheet_name="Mẫu nhập",
    )


def error_rows_workbook(plan):
    """The rows with errors, with the columns the file had plus the context they were read
    in (year, district, kind) and the error, so the corrected file imports on its own."""
    keys = []
    for layout in plan.layouts:
        for key in layout.columns:
            if key != L.STT and key not in keys:
                keys.append(key)
    extra = [k for k in (L.YEAR, L.OWNER, L.IMPL_TYPE) if k not in keys]
    headers = (
        [L.COLUMN_LABELS[k] for k in keys]
        + [L.COLUMN_LABELS[k] for k in extra]
        + ["Trang tính", "Dòng trong tệp gốc", "Lỗi"]
    )
    lookups = plan.lookups
    rows = []
    for row in plan.error_rows:
        context = {
            L.YEAR: row.year or "",
            L.OWNER: lookups.name(row.owner_id) if row.owner_id else "",
            L.IMPL_TYPE: "Cá nhân" if row.implementer_type == "ca_nhan" else "Tập thể",
        }
        rows.append(
            [row.cells.get(k, "") for k in keys]
            + [context[k] for k in extra]
            + [row.sheet, row.number, row.error_text()]
        )
    return build_workbook(
        title=f"CÁC DÒNG LỖI KHI NHẬP TỆP {plan.filename}",
        subtitle_lines=["Sửa các ô theo cột “Lỗi” rồi nhập lại tệp này."],
        headers=headers,
        rows=rows,
        sheet_name="Dòng lỗi",
    )
