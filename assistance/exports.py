"""The yearly report as JSON and as an Excel workbook (sheets: by commune, by agency).

The sheets are written from the JSON figures, so `/giup-xa/?format=xlsx` and the statistics
page's Excel report (`assistance.statistics`, whose figures are cached as JSON) are one layout.
"""

from danvan.formatting import count
from danvan.xlsx import add_sheet, build_workbook, workbook_response

from .report import money_words


def as_json(report):
    return {
        "nam": report.year,
        "tong_tien": report.money,
        "tong_hien_vat": report.in_kind,
        "tong_gia_tri": report.total,
        "tong_gia_tri_chu": money_words(report.total),
        "so_hoat_dong": report.activities,
        "so_xa_dac_biet_kho_khan": len(report.communes),
        "xa_chua_co_co_quan_giup_do": [c.name for c in report.without_helper],
        "theo_xa": [
            {
                "xa": row.commune.name,
                "ma": row.commune.code,
                "co_quan": [a.name for a in row.agencies],
                "tien": row.money,
                "hien_vat": row.in_kind,
                "tong": row.total,
                "so_hoat_dong": row.activities,
                "mo_hinh": [{"so": m.pk, "ten": m.title} for m in row.models],
            }
            for row in report.communes
        ],
        "theo_co_quan": [
            {
                "co_quan": row.agency.name,
                "loai": row.agency.get_kind_display(),
                "xa": [c.name for c in row.communes],
                "tien": row.money,
                "hien_vat": row.in_kind,
                "tong": row.total,
                "so_hoat_dong": row.activities,
            }
            for row in report.agencies
        ],
    }


def summary_lines(data):
    """The totals and the communes no agency helped, as the lines under a sheet's title."""
    lines = [
        f"Tổng giá trị hỗ trợ: {data['tong_gia_tri_chu']} (bằng tiền {count(data['tong_tien'])}"
        f" đồng; hiện vật quy đổi {count(data['tong_hien_vat'])} đồng)"
    ]
    if data["xa_chua_co_co_quan_giup_do"]:
        lines.append(
            f"Xã chưa có cơ quan giúp đỡ ({len(data['xa_chua_co_co_quan_giup_do'])}): "
            + ", ".join(data["xa_chua_co_co_quan_giup_do"])
        )
    return lines


def sheets(data, subtitle_lines=(), name_prefix=""):
    """[(sheet name, layout)] of the report, from its JSON figures (`as_json`)."""
    year = data["nam"]
    subtitles = [*subtitle_lines, *summary_lines(data)]
    by_commune = {
        "title": f"GIÚP ĐỠ XÃ ĐẶC BIỆT KHÓ KHĂN NĂM {year}",
        "subtitle_lines": subtitles,
        "headers": [
            "Xã",
            "Cơ quan giúp đỡ",
            "Tiền (đồng)",
            "Hiện vật (đồng)",
            "Tổng (đồng)",
            "Mô hình",
        ],
        "widths": [28, 40, 16, 16, 16, 40],
        "rows": [
            [
                row["xa"],
                ", ".join(row["co_quan"]) or "Chưa có cơ quan giúp đỡ",
                row["tien"],
                row["hien_vat"],
                row["tong"],
                "; ".join(m["ten"] for m in row["mo_hinh"]),
            ]
            for row in data["theo_xa"]
        ],
    }
    by_agency = {
        "title": f"HỖ TRỢ THEO CƠ QUAN NĂM {year}",
        "subtitle_lines": subtitles,
        "headers": [
            "Cơ quan",
            "Loại",
            "Xã giúp đỡ",
            "Tiền (đồng)",
            "Hiện vật (đồng)",
            "Tổng (đồng)",
        ],
        "widths": [36, 18, 36, 16, 16, 16],
        "rows": [
            [
                row["co_quan"],
                row["loai"],
                ", ".join(row["xa"]),
                row["tien"],
                row["hien_vat"],
                row["tong"],
            ]
            for row in data["theo_co_quan"]
        ],
    }
    return [(f"{name_prefix}Theo xã", by_commune), (f"{name_prefix}Theo cơ quan", by_agency)]


def add_sheets(wb, data, subtitle_lines=(), name_prefix=""):
    for sheet_name, layout in sheets(data, subtitle_lines, name_prefix):
        add_sheet(wb, sheet_name=sheet_name, **layout)


def as_workbook(report):
    (sheet_name, layout), *others = sheets(as_json(report))
    wb = build_workbook(sheet_name=sheet_name, **layout)
    for sheet_name, layout in others:
        add_sheet(wb, sheet_name=sheet_name, **layout)
    return workbook_response(wb, f"giup-do-xa-kho-khan-{report.year}")
