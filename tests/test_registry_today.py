"""The registry of today (issue 12): the list opens on the user's current year (an abolished
district's account on its last year), with a visible way to every year; a former commune, and
a commune split between several new ones, is named with what it belongs to today on the list
and in the list's export."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from models_registry.export import MODEL_EXPORT_HEADERS
from territory.models import Unit
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db

LIST = reverse("models_registry:list")
CAM_GIA_SPLIT = (
    "Phường Cam Giá, Thành phố Thái Nguyên (cũ; nay chia cho Phường Gia Sàng (phần chính) "
    "và Phường Tích Lương)"
)


@pytest.fixture(autouse=True)
def december_2026(monkeypatch):
    """Today is 1/12/2026 for the dated rules, whatever the clock says."""
    from accounts import dated

    monkeypatch.setattr(dated, "today", lambda: date(2026, 12, 1))


def page(response):
    return response.content.decode()


@pytest.fixture
def bang_thanh_models():
    commune = unit("01864", current=True)
    return (
        make_model(commune, year=2026, title="Mô hình Bằng Thành năm 2026"),
        make_model(unit("01864"), year=2024, title="Mô hình Bộc Bố năm 2024"),
    )


# ---------------------------------------------------------------- the year the list opens on


def test_the_list_opens_on_the_current_year_and_links_to_every_year(
    commune_client, bang_thanh_models
):
    html = page(commune_client.get(LIST))
    assert "Mô hình Bằng Thành năm 2026" in html and "Mô hình Bộc Bố năm 2024" not in html
    assert 'id="loc-nam" name="nam" min="1990" max="2100" value="2026"' in html
    assert "Tìm thấy 1 mô hình</span>\n  năm 2026" in html
    assert '<a href="?nam=" data-testid="all-years">Xem tất cả các năm</a>' in html
    every_year = page(commune_client.get(LIST, {"nam": ""}))
    assert "Mô hình Bằng Thành năm 2026" in every_year and "Mô hình Bộc Bố năm 2024" in every_year
    assert "(tất cả các năm)" in every_year and "Xem tất cả các năm" not in every_year


def test_the_count_line_says_what_was_searched_for_and_where(commune_client, bang_thanh_models):
    """On a phone the filters are folded under their button: the line above the list says
    what the list is of."""
    html = page(commune_client.get(LIST, {"q": "bang thanh", "don_vi": "01864", "nam": 2026}))
    assert (
        "Tìm thấy 1 mô hình</span> với từ khóa “bang thanh” tại Xã Bằng Thành\n  năm 2026" in html
    )
    escaped = page(commune_client.get(LIST, {"q": "<b>x</b>"}))
    assert "với từ khóa “&lt;b&gt;x&lt;/b&gt;”" in escaped


def test_a_link_with_an_empty_year_keeps_every_year_on_its_next_page(admin_client):
    for n in range(26):
        make_model(unit("01891"), year=2020 + n % 5, title=f"Mô hình số {n:02d}")
    html = page(admin_client.get(LIST, {"nam": "", "q": "mô hình số"}))
    assert "Tìm thấy 26 mô hình" in html
    assert "?nam=&amp;q=m%C3%B4+h%C3%ACnh+s%E1%BB%91&amp;trang=2" in html
    second = page(admin_client.get(LIST, {"nam": "", "q": "mô hình số", "trang": 2}))
    assert second.count('data-testid="model-row"') == 1


def test_other_filters_without_a_year_open_on_the_current_year(commune_client, bang_thanh_models):
    html = page(commune_client.get(LIST, {"q": "mô hình"}))
    assert "Mô hình Bằng Thành năm 2026" in html and "Mô hình Bộc Bố năm 2024" not in html
    # The opening year is not a filter the user set: nothing to clear.
    assert "Bộ lọc (đang lọc)" in html and "Xóa bộ lọc" in html
    opened = page(commune_client.get(LIST))
    assert "Bộ lọc (đang lọc)" not in opened and "Xóa bộ lọc" not in opened


def test_a_range_filled_in_wins_over_the_year_the_form_opened_with(
    commune_client, bang_thanh_models
):
    html = page(commune_client.get(LIST, {"nam": 2026, "tu_nam": 2024, "den_nam": 2024}))
    assert "Mô hình Bộc Bố năm 2024" in html and "Mô hình Bằng Thành năm 2026" not in html
    assert 'id="loc-nam" name="nam" min="1990" max="2100" value=""' in html


def test_the_filter_form_sends_an_empty_year_to_mean_every_year(commune_client):
    html = page(commune_client.get(LIST))
    assert 'data-clean-query="don_vi" data-keep-blank="nam"' in html


def test_an_abolished_district_account_opens_on_its_last_year(babe_client):
    make_model(unit("01891"), year=2025, title="Mô hình Bành Trạch 2025")
    make_model(unit("01891"), year=2023, title="Mô hình Bành Trạch 2023")
    html = page(babe_client.get(LIST))
    assert "Mô hình Bành Trạch 2025" in html and "Mô hình Bành Trạch 2023" not in html
    assert "Tìm thấy 1 mô hình</span>\n  năm 2025" in html


def test_the_export_without_a_year_is_of_the_opening_year(commune_client, bang_thanh_models):
    response = commune_client.get(reverse("models_registry:export"))
    titles = [
        row[1]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert "Mô hình Bằng Thành năm 2026" in titles and "Mô hình Bộc Bố năm 2024" not in titles


def test_statistics_open_on_the_current_year_too(commune_client, babe_client):
    assert "năm 2026" in page(commune_client.get(reverse("stats:index")))
    assert "năm 2025" in page(babe_client.get(reverse("stats:index")))


# ---------------------------------------------------------------- the split is shown


def test_the_list_names_a_split_commune_with_its_parts(admin_client):
    cam_gia = Unit.objects.get(code="05467", valid_from__isnull=True)
    make_model(cam_gia, year=2024, title="Mô hình Cam Giá 2024")
    make_model(unit("01864"), year=2024, title="Mô hình Bộc Bố 2024")
    html = page(admin_client.get(LIST, {"nam": 2024}))
    assert CAM_GIA_SPLIT in html
    assert "Xã Bộc Bố, Huyện Pác Nặm (cũ; nay thuộc Xã Bằng Thành)" in html


def test_the_list_shows_todays_places_plainly(commune_client, bang_thanh_models):
    html = page(commune_client.get(LIST))
    assert "Xã Bằng Thành, Tỉnh Thái Nguyên" in html and "(cũ;" not in html


def test_the_export_names_former_places_as_today_in_a_column_of_its_own(admin_client):
    cam_gia = Unit.objects.get(code="05467", valid_from__isnull=True)
    make_model(cam_gia, year=2024, title="Mô hình Cam Giá 2024")
    make_model(unit("01864", current=True), year=2024, title="Mô hình Bằng Thành 2024")
    response = admin_client.get(reverse("models_registry:export"), {"nam": 2024})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[1] == MODEL_EXPORT_HEADERS[0])
    records = {
        r[1]: dict(zip(MODEL_EXPORT_HEADERS, r[1:], strict=True)) for r in rows[header + 1 :]
    }
    split = records["Mô hình Cam Giá 2024"]
    # The place stays as recorded (the file imports back); today's units beside it.
    assert split["Địa bàn thực hiện"] == "Phường Cam Giá, Thành phố Thái Nguyên"
    assert split["Nay thuộc (từ 01/07/2025)"] == (
        "Phường Cam Giá (cũ; nay chia cho Phường Gia Sàng (phần chính) và Phường Tích Lương)"
    )
    assert not records["Mô hình Bằng Thành 2024"]["Nay thuộc (từ 01/07/2025)"]


@pytest.mark.parametrize("rows", [1, 3])
def test_the_list_names_places_in_the_same_number_of_queries_for_1_and_3_rows(
    rows, admin_client, django_assert_num_queries
):
    cam_gia = Unit.objects.get(code="05467", valid_from__isnull=True)
    for n in range(rows):
        make_model(cam_gia, year=2024, title=f"Mô hình Cam Giá số {n}")
    admin_client.get(LIST, {"nam": 2024})  # the session and the territory caches
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(QUERIES_OF_THE_LIST):
        html = page(admin_client.get(LIST, {"nam": 2024}))
    assert html.count(CAM_GIA_SPLIT) == rows


# As tests/test_registry_views.py's LIST_QUERIES, for an administrator (no scope ids to read).
QUERIES_OF_THE_LIST = 10
