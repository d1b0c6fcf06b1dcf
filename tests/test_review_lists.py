"""Review lists that scale (issue 14, item 17): rounds filtered and paged, decisions by date."""

import re
from datetime import date

import pytest

from reviews.models import RoundLevel
from reviews.views import ROUND_PAGE_SIZE

from .test_reviews_helpers import make_round
from .test_reviews_views import make_decision

pytestmark = pytest.mark.django_db


def round_names(response):
    return re.findall(r'href="/danh-gia/dot/\d+/">([^<]+)</a>', response.content.decode())


def test_rounds_are_filtered_by_year_level_state_and_name(reviewer_client):
    make_round(name="Đợt cấp tỉnh 2026", year=2026)
    make_round(name="Đợt cấp tỉnh 2025", year=2025, is_closed=True)
    make_round(RoundLevel.DISTRICT, "061", name="Đợt Ba Bể 2026", year=2026)
    assert sorted(round_names(reviewer_client.get("/danh-gia/?nam=2026"))) == [
        "Đợt Ba Bể 2026",
        "Đợt cấp tỉnh 2026",
    ]
    assert round_names(reviewer_client.get("/danh-gia/?cap=huyen")) == ["Đợt Ba Bể 2026"]
    assert round_names(reviewer_client.get("/danh-gia/?tinh_trang=ket_thuc")) == [
        "Đợt cấp tỉnh 2025"
    ]
    assert round_names(reviewer_client.get("/danh-gia/?q=ba+b%E1%BB%83")) == ["Đợt Ba Bể 2026"]
    page = reviewer_client.get("/danh-gia/?nam=abc").content.decode()
    assert "Năm phải là một số, ví dụ 2025." in page and "3 đợt bình xét" in page


def test_rounds_come_a_page_at_a_time_with_the_filters_kept(reviewer_client):
    for year in range(2000, 2000 + ROUND_PAGE_SIZE + 2):
        make_round(name=f"Đợt cấp tỉnh {year}", year=year)
    first = reviewer_client.get("/danh-gia/?cap=tinh")
    assert len(round_names(first)) == ROUND_PAGE_SIZE
    assert "?cap=tinh&amp;trang=2" in first.content.decode()
    second = reviewer_client.get("/danh-gia/?cap=tinh&trang=2")
    assert round_names(second) == ["Đợt cấp tỉnh 2001", "Đợt cấp tỉnh 2000"]


def test_decisions_are_listed_newest_first(reviewer_client):
    make_decision(number="1/QĐ-UBND", date=date(2024, 5, 2))
    make_decision(number="2/QĐ-UBND", date=date(2026, 1, 15))
    make_decision(number="3/QĐ-UBND", date=date(2025, 9, 30))
    page = reviewer_client.get("/danh-gia/quyet-dinh/").content.decode()
    numbers = re.findall(r">(\d)/QĐ-UBND</a>", page)
    assert numbers == ["2", "3", "1"]
    assert "15/01/2026" in page
