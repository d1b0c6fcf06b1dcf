"""Excel reports in the layout offices expect: title rows, STT, Vietnamese headers, widths,
frozen header. Shared by every export (model lists, results, statistics, annexes).

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are written as text:
a string cell (never a formula cell) with Excel's "quote prefix" style, so editing the cell
keeps it text. The text itself is never changed.
"""

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from danvan.text import fold

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_START)


def build_workbook(
    *, title, headers, rows, subtitle_lines=(), widths=None, sheet_name="Danh sách", with_stt=True
):
    """Return an openpyxl Workbook. `rows` is an iterable of lists matching `headers`."""
    wb = Workbook()
    wb.active.title = sheet_name[:31]
    write_sheet(
        wb.active,
        title=title,
        headers=headers,
        rows=rows,
        subtitle_lines=subtitle_lines,
        widths=widths,
        with_stt=with_stt,
    )
    return wb


def add_sheet(wb, *, sheet_name, **layout):
    """Another sheet of `wb` in the same layout (same arguments as build_workbook)."""
    ws = wb.create_sheet(sheet_name[:31])
    write_sheet(ws, **layout)
    return ws


def write_sheet(ws, *, title, headers, rows, subtitle_lines=(), widths=None, with_stt=True):
    all_headers = (["STT"] if with_stt else []) + list(headers)
    ncols = len(all_headers)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    for line in subtitle_lines:
        ws.append([line])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.cell(r, 1).font = Font(italic=True)
    ws.append([])
    ws.append(all_headers)
    header_row = ws.max_row
    for col in range(1, ncols + 1):
        cell = ws.cell(header_row, col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    for index, row in enumerate(rows, start=1):
        values = list(row)
        ws.append(([index] if with_stt else []) + values)
        r = ws.max_row
        for col in range(1, ncols + 1):
            cell = ws.cell(r, col)
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, date | datetime):
                cell.number_format = "DD/MM/YYYY"
            elif looks_like_formula(cell.value):
                # openpyxl made "=..." a formula cell: store it as the text it is.
                cell.data_type = "s"
                cell.quotePrefix = True
    stt_width = [6] if with_stt else []
    column_widths = stt_width + (list(widths) if widths else [18] * len(headers))
    for col, width in enumerate(column_widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    return ws


def workbook_response(wb, filename_stem):
    """An attachment response with a safe ASCII file name ("danh-sach-mo-hinh-2023.xlsx")."""
    buffer = io.BytesIO()
    wb.save(buffer)
    # Folded first ("125/QĐ-UBND" -> "125-qd-ubnd"): slugify alone drops "Đ" and "/" joins.
    stem = slugify(fold(str(filename_stem).replace("/", "-"))) or "bao-cao"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


def report_date_line(place="Thái Nguyên", day=None):
    """ "Thái Nguyên, ngày 20 tháng 12 năm 2026": the place (the issuing body's province; the
    portal's province by default) and the document's own date (today by default)."""
    day = day or timezone.localdate()
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
