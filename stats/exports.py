"""The statistics as an Excel report in the usual layout (title, territory, period, date, STT):
one sheet for the sơ kết summary, one for the coverage targets, one per breakdown."""

from accounts.dated import place_of
from danvan.xlsx import add_sheet, build_workbook, report_date_line, workbook_response

from .sections import sections

TITLE = "BÁO CÁO SƠ KẾT PHONG TRÀO THI ĐUA DÂN VẬN KHÉO"
SUMMARY_HEADERS = ["Nội dung", "Tập thể", "Cá nhân", "Tổng số"]
BREAKDOWN_HEADERS = [
    "Đăng ký",
    "Tập thể",
    "Cá nhân",
    "Đăng ký mới",
    "Duy trì",
    "Công nhận {local_level}",
    "Công nhận cấp tỉnh",
    "Điển hình",
]
BREAKDOWN_KEYS = [
    "total",
    "collective",
    "individual",
    "new",
    "carried_over",
    "recognised_district",
    "recognised_province",
    "exemplary",
]


def summary_rows(stats):
    reg = stats["registered"]
    split = stats["recognised_by_implementer"]
    rows = [
        ["Mô hình đăng ký", reg["collective"], reg["individual"], reg["total"]],
        ["Trong đó: đăng ký mới", "", "", reg["new"]],
        ["Trong đó: duy trì", "", "", reg["carried_over"]],
    ]
    for key, label, total in [
        (
            "recognised_district",
            f"Mô hình được công nhận {stats['local_level']}",
            stats["recognised"]["district"],
        ),
        ("recognised_province", "Mô hình được công nhận cấp tỉnh", stats["recognised"]["province"]),
        ("exemplary", "Mô hình điển hình", stats["exemplary"]),
    ]:
        rows.append([label, split[key]["collective"], split[key]["individual"], total])
    rows += [
        ["Mô hình được đề nghị cấp trên", "", "", stats["proposed_higher"]],
        ["Mô hình bị trả lại để bổ sung", "", "", stats["returned"]],
        ["Mô hình không được công nhận", "", "", stats["not_recognised"]],
    ]
    for item in stats["commendations"]:
        rows.append(
            [
                f"Khen thưởng: {item['form_label']} của {item['issuer']}",
                item["collective"],
                item["individual"],
                item["total"],
            ]
        )
    return rows


def coverage_rows(stats):
    rows = []
    for item in stats["coverage"]:
        missing = "; ".join(item["missing"])
        if item["missing_more"]:
            missing += f"; và {item['missing_more']} đơn vị khác"
        rows.append(
            [
                item["name"],
                item["target"],
                item["achieved"],
                item["total"],
                item["percent"] if item["percent"] is not None else "",
                missing,
            ]
        )
    return rows


def build_statistics_workbook(stats, place):
    """`place`: the date line's place, the province of the territory reported on."""
    title = f"{TITLE} {stats['territory_name'].upper()} {stats['period'].upper()}"
    subtitles = [
        f"Địa bàn: {stats['territory_name']}",
        f"Thời gian: {stats['period']}",
        report_date_line(place),
    ]
    if stats.get("rolled_up_note"):
        subtitles.append(stats["rolled_up_note"])
    wb = build_workbook(
        title=title,
        headers=SUMMARY_HEADERS,
        rows=summary_rows(stats),
        subtitle_lines=subtitles,
        widths=[60, 14, 14, 14],
        sheet_name="Sơ kết",
    )
    add_sheet(
        wb,
        title=f"{TITLE} — KẾT QUẢ THỰC HIỆN CHỈ TIÊU",
        headers=["Chỉ tiêu", "Tỷ lệ phấn đấu (%)", "Đạt", "Tổng số", "Tỷ lệ đạt (%)", "Còn thiếu"],
        rows=coverage_rows(stats),
        subtitle_lines=subtitles,
        widths=[45, 14, 10, 10, 12, 70],
        sheet_name="Chỉ tiêu",
    )
    breakdowns = [
        ("Theo địa bàn", "Địa bàn", stats["by_subunit"], "name"),
        ("Theo lĩnh vực", "Lĩnh vực", stats["by_field"], "name"),
        ("Theo năm", "Năm", stats["by_year"], "year"),
    ]
    for sheet_name, label, items, key in breakdowns:
        add_sheet(
            wb,
            title=f"{TITLE} — {sheet_name.upper()}",
            headers=[
                label,
                *(h.format(local_level=stats["local_level"]) for h in BREAKDOWN_HEADERS),
            ],
            rows=[[item[key], *(item[k] for k in BREAKDOWN_KEYS)] for item in items],
            subtitle_lines=subtitles,
            widths=[40, *[12] * len(BREAKDOWN_KEYS)],
            sheet_name=sheet_name,
        )
    # Sections of sibling apps (stats.sections): their year is the period's last.
    for section in sections():
        section.add_sheets(wb, stats[section.KEY], [subtitles[0], report_date_line(place)])
    return wb


def statistics_response(stats, unit, period):
    wb = build_statistics_workbook(stats, place_of(unit))
    return workbook_response(wb, f"thong-ke-{unit.name}-{period.start_year}-{period.end_year}")
