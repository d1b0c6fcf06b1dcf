"""The yearly report as JSON and as an Excel workbook (sheets: by commune, by agency)."""

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


def as_workbook(report):
    subtitle = [f"Tổng giá trị hỗ trợ: {money_words(report.total)}"]
    wb = build_workbook(
        title=f"GIÚP ĐỠ XÃ ĐẶC BIỆT KHÓ KHĂN NĂM {report.year}",
        subtitle_lines=subtitle,
        sheet_name="Theo xã",
        headers=[
            "Xã",
            "Cơ quan giúp đỡ",
            "Tiền (đồng)",
            "Hiện vật (đồng)",
            "Tổng (đồng)",
            "Mô hình",
        ],
        widths=[28, 40, 16, 16, 16, 40],
        rows=[
            [
                row.commune.name,
                ", ".join(a.name for a in row.agencies) or "Chưa có cơ quan giúp đỡ",
                row.money,
                row.in_kind,
                row.total,
                "; ".join(m.title for m in row.models),
            ]
            for row in report.communes
        ],
    )
    add_sheet(
        wb,
        sheet_name="Theo cơ quan",
        title=f"HỖ TRỢ THEO CƠ QUAN NĂM {report.year}",
        headers=["Cơ quan", "Loại", "Xã giúp đỡ", "Tiền (đồng)", "Hiện vật (đồng)", "Tổng (đồng)"],
        widths=[36, 18, 36, 16, 16, 16],
        rows=[
            [
                row.agency.name,
                row.agency.get_kind_display(),
                ", ".join(c.name for c in row.communes),
                row.money,
                row.in_kind,
                row.total,
            ]
            for row in report.agencies
        ],
    )
    return workbook_response(wb, f"giup-do-xa-kho-khan-{report.year}")
