"""python manage.py import_models FILE: the same summary as the preview, one machine-readable
last line, a non-zero exit code when any row has an error (then nothing saved)."""

import pytest
from django.core.management import call_command

from importer.models import ImportBatch
from models_registry.models import DvkModel
from tests.conftest import unit
from tests.test_import import CHODON_ROWS, district_list, xlsx_bytes


def run(tmp_path, data, *args, name="chodon.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_models", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().splitlines(), err.getvalue()


def test_a_clean_file_is_imported_and_the_last_line_is_the_summary(db, tmp_path):
    code, lines, _ = run(tmp_path, district_list(CHODON_ROWS))
    assert code == 0
    assert lines[-1] == "created=3 updated=0 skipped=0 errors=0"
    assert DvkModel.objects.count() == 3 and ImportBatch.objects.get().created_by is None
    code, lines, _ = run(tmp_path, district_list(CHODON_ROWS))
    assert (code, lines[-1]) == (0, "created=0 updated=0 skipped=3 errors=0")
    assert DvkModel.objects.count() == 3


def test_dry_run_saves_nothing(db, tmp_path):
    code, lines, _ = run(tmp_path, district_list(CHODON_ROWS), "--dry-run")
    assert code == 0
    assert "Chạy thử (--dry-run): không lưu gì." in lines
    assert lines[-1] == "created=3 updated=0 skipped=0 errors=0"
    assert DvkModel.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_an_error_names_the_sheet_and_excel_row_exits_non_zero_and_saves_nothing(db, tmp_path):
    rows = [*CHODON_ROWS, [3, "Mô hình sai", "Chi bộ 2", "", "Nghĩa Tà"]]
    code, lines, _ = run(tmp_path, district_list(rows))
    assert code == 1
    assert (
        "LỖI  Trang “Danh sách”, dòng 11: không tìm thấy xã “Nghĩa Tà” ở huyện Chợ Đồn — "
        "có phải “Nghĩa Tá”?"
    ) in lines
    assert lines[-1] == "created=3 updated=0 skipped=0 errors=1"
    assert DvkModel.objects.count() == 0


def test_skip_errors_imports_the_good_rows_but_still_exits_non_zero(db, tmp_path):
    rows = [*CHODON_ROWS, [3, "Mô hình sai", "Chi bộ 2", "", "Nghĩa Tà"]]
    code, lines, _ = run(tmp_path, district_list(rows), "--skip-errors")
    assert code == 1
    assert lines[-1] == "created=3 updated=0 skipped=0 errors=1"
    assert DvkModel.objects.count() == 3


@pytest.mark.parametrize("district", ["064", "Chợ Đồn", "huyen cho don"])
def test_year_and_district_options_fill_what_the_file_does_not_say(db, tmp_path, district):
    data = xlsx_bytes(
        [["Tên mô hình", "Chủ thể", "Địa bàn"], ["Mô hình A", "Chi bộ 1", "Nghĩa Tá"]]
    )
    code, lines, _ = run(tmp_path, data)
    assert code == 1 and lines[-1] == "created=0 updated=0 skipped=0 errors=1"
    code, lines, _ = run(tmp_path, data, "--year", "2021", "--district", district)
    assert (code, lines[-1]) == (0, "created=1 updated=0 skipped=0 errors=0")
    model = DvkModel.objects.get()
    assert (model.year, model.unit) == (2021, unit("064"))


def test_an_unreadable_file_is_a_clear_message_and_an_error_line(db, tmp_path):
    code, lines, err = run(tmp_path, b"\x89PNG\r\n\x1a\nxxxx", name="anh.xlsx")
    assert code == 1
    assert "thực chất là ảnh PNG" in err
    assert lines[-1] == "created=0 updated=0 skipped=0 errors=1"


# ---------------------------------------------------------------- column mapping

UNCLEAR = [
    ["Tên mô hình", "Người/đơn vị", "Xã", "Năm"],
    ["Vận động trồng quế", "Chi bộ thôn Nà Duồng", "Xã Bằng Lãng", 2023],
]


def test_the_mapping_used_is_printed_with_the_columns_not_imported(db, tmp_path):
    code, lines, _ = run(tmp_path, xlsx_bytes(UNCLEAR), "--dry-run", "--district", "064")
    assert "Ghép cột, trang “Danh sách”:" in lines
    assert "  Cột 1 (A) “Tên mô hình” → Tên mô hình" in lines
    assert "  Cột 2 (B) “Người/đơn vị” → không nhập" in lines
    assert code == 1  # no implementer: every row is an error


def test_map_options_give_columns_their_meaning(db, tmp_path):
    code, lines, _ = run(
        tmp_path,
        xlsx_bytes(UNCLEAR),
        "--district",
        "064",
        "--map",
        "Cột 2=implementer",
        "--map",
        "C=Địa bàn thực hiện",
    )
    assert "  Cột 2 (B) “Người/đơn vị” → Tập thể/cá nhân thực hiện (đã chọn)" in lines
    assert "  Cột 3 (C) “Xã” → Địa bàn thực hiện (đã chọn)" in lines
    assert (code, lines[-1]) == (0, "created=1 updated=0 skipped=0 errors=0")
    model = DvkModel.objects.get()
    assert model.collective.name == "Chi bộ thôn Nà Duồng"
    assert model.commune == unit("02065")


def test_a_mapping_file_and_a_column_marked_not_imported(db, tmp_path):
    mapping = tmp_path / "ghep-cot.txt"
    mapping.write_text("# cột 2 là chủ thể\nCột 2=implementer\nCột 4=không nhập\n")
    code, lines, _ = run(
        tmp_path,
        xlsx_bytes(UNCLEAR),
        "--district",
        "064",
        "--year",
        "2021",
        "--mapping",
        str(mapping),
    )
    assert "  Cột 4 (D) “Năm” → không nhập (đã chọn)" in lines
    assert code == 0
    assert DvkModel.objects.get().year == 2021


def test_an_unknown_meaning_is_refused_with_the_choices(db, tmp_path):
    code, lines, err = run(tmp_path, xlsx_bytes(UNCLEAR), "--map", "Cột 2=nguoi lam")
    assert code == 1
    assert "“Cột 2=nguoi lam”: không hiểu nghĩa “nguoi lam”" in err
    assert lines[-1] == "created=0 updated=0 skipped=0 errors=1"
