"""Journey 3: the administrator uploads Ba Bể's yearly list with a misspelt commune, reads the
row-level preview, downloads the error rows, uploads the corrected list, confirms, undoes the
import and imports it again."""

import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from accounts.models import Role
from importer.models import BatchStatus, ImportBatch
from models_registry.models import DvkModel
from tests.conftest import make_user

from .conftest import check_page, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = ["STT", "Tên mô hình", "Tập thể/cá nhân thực hiện", "Lĩnh vực", "Địa bàn thực hiện", "Năm"]
ROWS = [
    [
        1,
        "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp",
        "Chi bộ Văn phòng Huyện ủy Ba Bể",
        "Xây dựng nông thôn mới",
        "Thôn Khuổi Tẩu, Xã Phúc Lộc",
        2023,
    ],
    [
        2,
        "Vận động hội viên phụ nữ làm du lịch cộng đồng",
        "Chi hội Phụ nữ thôn Pác Ngòi",
        "Văn hóa - xã hội",
        "Xã Nam Mẫu",
        2023,
    ],
    [
        3,
        "Vận động nhân dân hiến đất làm đường giao thông nông thôn",
        "Chi bộ thôn Nà Lần",
        "Xây dựng nông thôn mới",
        "Xã Bành Trạc",  # misspelt: Xã Bành Trạch
        2023,
    ],
]
MISSPELT_ROW = 6  # title, blank line, header, then the rows from Excel row 4
TITLES = sorted(row[1] for row in ROWS)


def district_list(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ba Bể 2023"
    sheet.append(["DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” HUYỆN BA BỂ NĂM 2023"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def upload(page, path):
    page.get_by_role("link", name="Nhập dữ liệu", exact=True).first.click()
    page.get_by_label("Tệp danh sách").set_input_files(path)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_url(re.compile(r".*/nhap-du-lieu/xem-truoc/\w+/$"))


def summary(page):
    return {
        key: page.get_by_test_id(key).inner_text()
        for key in ("created", "updated", "skipped", "errors")
    }


def test_administrator_imports_a_district_list_with_an_error(page, tmp_path):
    make_user("quantri", Role.ADMINISTRATOR)
    wrong = district_list(tmp_path / "ba-be-2023.xlsx", ROWS)
    fixed_rows = [row[:4] + ["Xã Bành Trạch"] + row[5:] if row[0] == 3 else row for row in ROWS]
    fixed = district_list(tmp_path / "ba-be-2023-da-sua.xlsx", fixed_rows)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "quantri")

    # The preview shows the error on its Excel row; nothing can be confirmed yet.
    upload(page, wrong)
    assert summary(page) == {"created": "2", "updated": "0", "skipped": "0", "errors": "1"}
    error = page.get_by_text(f"Dòng {MISSPELT_ROW}: không tìm thấy xã “Bành Trạc” ở huyện Ba Bể")
    assert error.is_visible()
    assert "có phải “Bành Trạch”?" in error.inner_text()
    assert page.get_by_role("button", name="Xác nhận nhập").is_disabled()
    check_page(page, "j3-preview-with-error")
    page.get_by_role("link", name="Chỉ dòng lỗi").click()
    expect(page.locator("table.importer-preview tbody tr")).to_have_count(1)
    check_page(page, "j3-preview-error-rows")

    # The error rows, to send back to the district.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải các dòng lỗi (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    cells = [
        [cell for cell in row if cell not in (None, "")]
        for row in load_workbook(saved).active.iter_rows(values_only=True)
    ]
    header = next(row for row in cells if "Lỗi" in row)
    error_rows = [row for row in cells if ROWS[2][1] in row]
    assert len(error_rows) == 1
    record = dict(zip(header, error_rows[0], strict=False))
    assert record["Dòng trong tệp gốc"] == MISSPELT_ROW
    assert "Bành Trạc" in record["Lỗi"]
    assert not any(ROWS[0][1] in row for row in cells)

    # The corrected list previews clean and is imported.
    page.get_by_role("link", name="Hủy, tải tệp khác").click()
    upload(page, fixed)
    assert summary(page) == {"created": "3", "updated": "0", "skipped": "0", "errors": "0"}
    check_page(page, "j3-preview-corrected")
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url(re.compile(r".*/nhap-du-lieu/lan-nhap/\d+/$"))
    assert "tạo mới 3" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_test_id("batch-status").inner_text() == "Đã nhập"
    assert sorted(DvkModel.objects.values_list("title", flat=True)) == TITLES
    road = DvkModel.objects.get(title=ROWS[2][1])
    assert [p.name for p in road.places.all()] == ["Xã Bành Trạch"]
    check_page(page, "j3-imported")

    # Undo: the three models go away.
    page.get_by_role("button", name="Hoàn tác lần nhập này").click()
    page.get_by_text("Đã hoàn tác lần nhập tệp").wait_for()
    assert page.get_by_test_id("batch-status").inner_text().startswith("Đã hoàn tác")
    assert DvkModel.objects.count() == 0
    check_page(page, "j3-undone")

    # And again, for good.
    upload(page, fixed)
    assert summary(page)["created"] == "3"
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url(re.compile(r".*/nhap-du-lieu/lan-nhap/\d+/$"))
    assert page.get_by_test_id("batch-status").inner_text() == "Đã nhập"
    check_page(page, "j3-reimported")
    assert sorted(DvkModel.objects.values_list("title", flat=True)) == TITLES
    assert list(ImportBatch.objects.order_by("id").values_list("status", flat=True)) == [
        BatchStatus.UNDONE,
        BatchStatus.APPLIED,
    ]
