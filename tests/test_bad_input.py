"""Ordinary mistakes in a URL or a form get a Vietnamese message, never a 500 (issue 14, item 11)."""

import pytest
from django.test import Client

from accounts.models import Role
from reviews.models import EntryState, RoundLevel

from .conftest import logged_in, make_user
from .factories import make_model, unit
from .test_reviews_helpers import entry_in_state, make_round

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
HUGE = str(10**30)


def client_for(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def text(response):
    return response.content.decode()


@pytest.mark.parametrize("code", ["abc", "999999", "061x", "'; --", HUGE])
@pytest.mark.parametrize(
    "persona", ["babe_officer", "commune_officer", "reviewer", "administrator"]
)
def test_an_unknown_unit_code_in_the_list_says_so(request, persona, code):
    make_model(unit("01891"), title="Mô hình ở Bành Trạch")
    response = client_for(request.getfixturevalue(persona)).get("/mo-hinh/", {"don_vi": code})
    assert response.status_code == 200
    html = text(response)
    assert "Không có đơn vị hành chính mã" in html
    assert "Mô hình ở Bành Trạch" not in html


@pytest.mark.parametrize("value", [HUGE, str(2**63), "-" + HUGE])
def test_an_over_long_criterion_id_finds_nothing_and_says_so(babe_officer, value):
    make_model(unit("01891"), title="Mô hình ở Bành Trạch")
    response = client_for(babe_officer).get("/mo-hinh/", {"tieu_chi": value})
    assert response.status_code == 200
    assert "Tiêu chí không hợp lệ" in text(response)


@pytest.mark.parametrize("value", ["abc", HUGE, "1.5", "999999"])
def test_a_decision_form_with_an_unknown_round_opens_without_it(reviewer, value):
    response = client_for(reviewer).get("/danh-gia/quyet-dinh/moi/", {"dot": value})
    assert response.status_code == 200
    assert "Không tìm thấy đợt bình xét trong đường dẫn: hãy chọn đợt." in text(response)


@pytest.fixture
def proposed_entry(babe_officer, reviewer):
    round = make_round(RoundLevel.PROVINCE, "06")
    return entry_in_state(EntryState.PROPOSED, round, babe_officer, reviewer)


@pytest.mark.parametrize("version", ["", "abc", HUGE, "1e3"])
def test_deciding_with_a_broken_version_asks_to_reload(reviewer, proposed_entry, version):
    client = client_for(reviewer)
    response = client.post(
        f"/danh-gia/ho-so/{proposed_entry.pk}/ket-qua/",
        {"state": EntryState.RECOGNISED, "version": version, "reason": "Tốt"},
        follow=True,
    )
    assert response.status_code == 200
    assert "tải lại trang" in text(response)
    proposed_entry.refresh_from_db()
    assert proposed_entry.state == EntryState.PROPOSED


@pytest.mark.parametrize("version", ["", "abc", HUGE])
def test_reproposing_with_a_broken_version_asks_to_reload(babe_officer, reviewer, version):
    round = make_round(RoundLevel.PROVINCE, "06")
    entry = entry_in_state(EntryState.RETURNED, round, babe_officer, reviewer)
    response = client_for(babe_officer).post(
        f"/danh-gia/ho-so/{entry.pk}/de-nghi-lai/", {"version": version}, follow=True
    )
    assert response.status_code == 200
    assert "tải lại trang" in text(response)
    entry.refresh_from_db()
    assert entry.state == EntryState.RETURNED


def test_over_long_ids_in_a_proposal_are_refused_kindly(babe_officer):
    for ids in ([HUGE], ["abc"], ["1", HUGE]):
        response = client_for(babe_officer).post("/danh-gia/de-nghi/", {"mo_hinh": ids})
        assert response.status_code == 404
        assert "Mô hình không hợp lệ" in text(response) or "Không tìm thấy" in text(response)


def test_over_long_commune_ids_in_the_model_form_are_refused_in_vietnamese(babe_officer):
    response = client_for(babe_officer).post(
        "/mo-hinh/them/",
        {
            "title": "Thử",
            "year": "2024",
            "communes": [HUGE],
            "villages": [HUGE],
            "criteria": [HUGE],
        },
    )
    assert response.status_code in (200, 400)
    assert text(response).count(f"“{HUGE}” không phải là lựa chọn hợp lệ.") == 3


@pytest.mark.parametrize("role", [Role.DISTRICT_STAFF, Role.COMMUNE_STAFF])
@pytest.mark.parametrize("url", ["/mo-hinh/", "/mo-hinh/them/", "/danh-gia/hang-doi/"])
def test_a_staff_account_without_a_unit_is_told_to_ask_for_one(role, url):
    user = make_user("khongdonvi", role)
    response = logged_in(user).get(url)
    assert response.status_code in (200, 403)
    assert "chưa được gán đơn vị" in text(response)
