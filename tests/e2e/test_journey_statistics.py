"""Journey 4: the Ba Bể officer opens the statistics of their district, chooses the years
2021–2023 and exports the report to Excel."""

import re

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from tests.conftest import make_user
from tests.factories import make_individual, make_model, unit

from .conftest import check_page, horizontal_overflow, login, too_wide

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("district_era"),
]

TITLE = "BÁO CÁO SƠ KẾT PHONG TRÀO THI ĐUA DÂN VẬN KHÉO"


def _models():
    """Ba Bể: 4 collective and 2 individual models in 2021–2023, one more in 2024; Chợ Đồn: one
    in 2022 (outside the officer's district)."""
    banh_trach, nam_mau = unit("01891"), unit("01909")
    for year, place in [(2021, banh_trach), (2021, nam_mau), (2022, banh_trach), (2023, nam_mau)]:
        make_model(place, year=year)
    for year, name in [(2022, "Quan Thị Giang"), (2023, "Hoàng Văn Páo")]:
        make_model(nam_mau, year=year, implementer=make_individual(nam_mau, name))
    make_model(banh_trach, year=2024)
    make_model(unit("02071"), year=2022)


def test_officer_reads_and_exports_the_statistics_of_a_period(page, tmp_path):
    make_user("babe", Role.DISTRICT_STAFF, "061")
    _models()
    login(page, "babe")

    page.get_by_role("link", name="Thống kê", exact=True).first.click()
    page.wait_for_url("**/thong-ke/")
    check_page(page, "j4-stats-this-year")

    page.get_by_label("Năm", exact=True).fill("")
    page.get_by_label("Từ năm").fill("2021")
    page.get_by_label("Đến năm").fill("2023")
    page.get_by_role("button", name="Xem thống kê").click()
    page.wait_for_url(re.compile(r".*/thong-ke/\?.*tu_nam=2021&den_nam=2023"))
    heading = page.get_by_test_id("stats-heading").inner_text()
    assert heading == "Huyện Ba Bể · giai đoạn 2021 – 2023"
    registered = (
        page.get_by_test_id("summary").get_by_role("row").filter(has_text="Mô hình đăng ký")
    )
    assert [c.inner_text() for c in registered.get_by_role("cell").all()] == ["4", "2", "6"]
    by_year = page.get_by_test_id("by-year").inner_text()
    assert "2021" in by_year and "2023" in by_year and "2024" not in by_year
    check_page(page, "j4-stats-2021-2023")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".xlsx"
    workbook = load_workbook(saved)
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == f"{TITLE} HUYỆN BA BỂ GIAI ĐOẠN 2021 – 2023"
    rows = [row for row in sheet.iter_rows(values_only=True) if row[1] == "Mô hình đăng ký"]
    assert rows == [(1, "Mô hình đăng ký", 4, 2, 6)]
    assert "Theo năm" in workbook.sheetnames


def test_charts_never_reach_past_a_narrowed_screen(page):
    """A chart drawn on an office screen keeps its width in pixels until Chart.js redraws it,
    on its own schedule: when a window is narrowed (or a phone rotated) before that, the canvas
    must still stay inside its box. Seen as 285 px of sideways scrolling at 390 px."""
    make_user("babe", Role.DISTRICT_STAFF, "061")
    _models()
    login(page, "babe")
    page.goto("/thong-ke/")
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length > 0")
    # Chart.js not redrawing yet after the resize, as under load.
    page.evaluate(
        "() => Object.values(window.Chart.instances)"
        ".forEach((chart) => { chart.options.responsive = false; chart.update(); })"
    )
    page.set_viewport_size({"width": 390, "height": 800})
    page.wait_for_timeout(200)
    assert horizontal_overflow(page) <= 0
    assert too_wide(page) == []
