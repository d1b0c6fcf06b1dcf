"""Review lists that scale (issue 14, item 17): rounds filtered and paged, decisions by date."""

import re
from datetime import date

import pytest

from reviews import workflow
from reviews.models import EntryState, RoundLevel
from reviews.views.rounds import ROUND_PAGE_SIZE

from .test_reviews_helpers import babe_model, chodon_model, make_round
from .test_reviews_views import make_decision

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


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
    assert round_names(reviewer_client.get("/danh-gia/?nam=&cap=huyen")) == ["Đợt Ba Bể 2026"]
    assert round_names(reviewer_client.get("/danh-gia/?nam=&tinh_trang=ket_thuc")) == [
        "Đợt cấp tỉnh 2025"
    ]
    assert round_names(reviewer_client.get("/danh-gia/?nam=&q=ba+b%E1%BB%83")) == ["Đợt Ba Bể 2026"]
    page = reviewer_client.get("/danh-gia/?nam=abc").content.decode()
    assert "Năm phải là một số, ví dụ 2025." in page and "3 đợt bình xét" in page


def test_the_rounds_list_opens_on_the_year_the_user_works_in(reviewer_client):
    """Issue 12: lists open on the current year (in the district era, 2025); "nam=" is every
    year, kept by the page links."""
    make_round(name="Đợt cấp tỉnh 2025", year=2025)
    make_round(name="Đợt cấp tỉnh 2024", year=2024, is_closed=True)
    page = reviewer_client.get("/danh-gia/")
    assert round_names(page) == ["Đợt cấp tỉnh 2025"]
    html = page.content.decode()
    assert "1 đợt bình xét</span> năm 2025" in html and "(đang lọc)" not in html
    assert 'href="?nam=" data-testid="all-years">Xem tất cả các năm</a>' in html
    every_year = reviewer_client.get("/danh-gia/?nam=")
    assert round_names(every_year) == ["Đợt cấp tỉnh 2025", "Đợt cấp tỉnh 2024"]
    assert "(tất cả các năm)" in every_year.content.decode()


def test_rounds_come_a_page_at_a_time_with_the_filters_kept(reviewer_client):
    for year in range(2000, 2000 + ROUND_PAGE_SIZE + 2):
        make_round(name=f"Đợt cấp tỉnh {year}", year=year)
    first = reviewer_client.get("/danh-gia/?nam=&cap=tinh")
    assert len(round_names(first)) == ROUND_PAGE_SIZE
    assert "?cap=tinh&amp;nam=&amp;trang=2" in first.content.decode()
    second = reviewer_client.get("/danh-gia/?cap=tinh&nam=&trang=2")
    assert round_names(second) == ["Đợt cấp tỉnh 2001", "Đợt cấp tỉnh 2000"]


def test_decisions_are_listed_newest_first(reviewer_client):
    make_decision(number="1/QĐ-UBND", date=date(2024, 5, 2))
    make_decision(number="2/QĐ-UBND", date=date(2026, 1, 15))
    make_decision(number="3/QĐ-UBND", date=date(2025, 9, 30))
    page = reviewer_client.get("/danh-gia/quyet-dinh/").content.decode()
    numbers = re.findall(r">(\d)/QĐ-UBND</a>", page)
    assert numbers == ["2", "3", "1"]
    assert "15/01/2026" in page


def test_the_decision_model_picker_searches_recognised_models_in_scope(
    babe_officer, chodon_officer, reviewer, reviewer_client
):
    recognised_babe = babe_model(title="Vận động nhân dân hiến đất làm đường")
    recognised_chodon = chodon_model(title="Vận động xen canh Dưa-Lúa")
    round = make_round()
    for model, officer in [(recognised_babe, babe_officer), (recognised_chodon, chodon_officer)]:
        entry = workflow.propose(model, round, officer)
        workflow.decide(entry, reviewer, EntryState.RECOGNISED, version=entry.version, reason="Tốt")
    workflow.close_round(round, reviewer)  # results published: a decision may commend them
    babe_model(title="Vận động nhân dân hiến đất chưa công nhận")
    decision = make_decision()
    detail = reviewer_client.get(f"/danh-gia/quyet-dinh/{decision.pk}/").content.decode()
    assert f'hx-get="/danh-gia/quyet-dinh/{decision.pk}/tim-mo-hinh/"' in detail
    assert "Vận động nhân dân hiến đất làm đường" in detail
    assert "<select" not in detail.split('id="them-mot"', 1)[1]
    found = reviewer_client.get(
        f"/danh-gia/quyet-dinh/{decision.pk}/tim-mo-hinh/", {"tim": "hien dat"}
    ).content.decode()
    assert "Vận động nhân dân hiến đất làm đường" in found
    assert "chưa công nhận" not in found and "Dưa-Lúa" not in found
    nothing = reviewer_client.get(
        f"/danh-gia/quyet-dinh/{decision.pk}/tim-mo-hinh/", {"tim": "không có"}
    ).content.decode()
    assert "Không có mô hình đã được công nhận nào khớp “không có”." in nothing
    response = reviewer_client.post(
        f"/danh-gia/quyet-dinh/{decision.pk}/them/", {"model": recognised_babe.pk}, follow=True
    )
    assert "Đã thêm vào danh sách khen thưởng." in response.content.decode()
