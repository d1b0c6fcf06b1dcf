import io
from datetime import date

from openpyxl import load_workbook

from danvan.xlsx import build_workbook, workbook_response


def test_report_layout_has_title_stt_headers_and_frozen_header():
    wb = build_workbook(
        title="DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023",
        subtitle_lines=["Huyện Ba Bể"],
        headers=["Tên mô hình", "Ngày"],
        rows=[["Vận động nhân dân", date(2023, 3, 15)], ["Mô hình 2", None]],
    )
    ws = wb.active
    assert ws["A1"].value == "DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023"
    assert [c.value for c in ws[4]] == ["STT", "Tên mô hình", "Ngày"]
    assert [c.value for c in ws[5]][:2] == [1, "Vận động nhân dân"]
    assert ws.freeze_panes == "A5"
    assert ws["C5"].number_format == "DD/MM/YYYY"


def test_cells_that_look_like_formulas_are_written_as_text():
    wb = build_workbook(
        title="T", headers=["A", "B", "C", "D"], rows=[["=1+1", "+84 912", "-5", "@SUM(A1)"]]
    )
    response = workbook_response(wb, "Danh sách mô hình")
    assert 'filename="danh-sach-mo-hinh-' in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    row = list(ws[4])[1:]
    assert [c.value for c in row] == ["=1+1", "+84 912", "-5", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in row)


def test_text_is_written_as_typed_and_formula_like_text_keeps_a_quote_prefix():
    wb = build_workbook(title="T", headers=["A", "B"], rows=[["'Bắc Kạn", '=HYPERLINK("x")']])
    ws = load_workbook(io.BytesIO(workbook_response(wb, "x").content)).active
    typed, formula = list(ws[4])[1:]
    assert typed.value == "'Bắc Kạn" and not typed.quotePrefix
    assert formula.value == '=HYPERLINK("x")' and formula.data_type == "s" and formula.quotePrefix
