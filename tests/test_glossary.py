"""One way to write each word and each kind of value, on the pages people read (issue 14)."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from models_registry.models import Status
from reviews import workflow
from reviews.models import EntryState as S
from reviews.models import RubricCriterion

from .factories import make_model, unit
from .test_reviews_helpers import babe_model, entry_in_state, make_round

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def test_a_score_reads_with_a_decimal_comma_in_the_entry_history(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    criteria = list(RubricCriterion.objects.filter(is_active=True))
    criteria[0].weight = Decimal(3)
    criteria[0].save()
    values = {c.pk: Decimal(10) if c == criteria[0] else Decimal(5) for c in criteria}
    workflow.save_assessment(entry, reviewer, values, "Tốt")
    from .conftest import logged_in

    page = logged_in(reviewer).get(f"/danh-gia/ho-so/{entry.pk}/").content.decode()
    assert "Tổng điểm 71,43/100" in page
    assert "71.43" not in page


def test_a_model_of_a_new_commune_names_the_commune_once(babe_officer, reviewer, administrator):
    commune = unit("01864", current=True)  # Xã Bằng Thành, formed on 1/7/2025
    model = make_model(commune, year=2026, title="Vận động nhân dân làm đường bê tông")
    assert model.locality == "Xã Bằng Thành"
    assert babe_model().locality == "Xã Bành Trạch, Huyện Ba Bể"
    round = make_round(organiser_code="19", year=2026)
    round.organiser = unit("19", current=True)  # today's Thái Nguyên runs the 2026 round
    round.save()
    entry = workflow.propose(model, round, administrator)
    from .conftest import logged_in

    client = logged_in(reviewer)
    for address in (f"/danh-gia/dot/{round.pk}/", f"/danh-gia/ho-so/{entry.pk}/"):
        page = client.get(address).content.decode()
        assert "Xã Bằng Thành" in page, address
        assert "Xã Bằng Thành, Xã Bằng Thành" not in page, address


def test_the_list_export_keeps_the_capitals_of_place_names(babe_client):
    babe_model(title="Vận động nhân dân giữ gìn vệ sinh môi trường")
    response = babe_client.get("/mo-hinh/xuat-excel/?don_vi=01891")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value]
    assert "Xã Bành Trạch, Huyện Ba Bể" in cells
    assert not [c for c in cells if "bành trạch" in c and "Bành" not in c]


def test_a_range_message_has_no_space_before_its_full_stop(babe_client):
    model = babe_model()
    response = babe_client.post(
        f"/mo-hinh/{model.pk}/ket-qua/them/",
        {"year": "2026", "activities": "Họp dân", "households_mobilised": "-5"},
    )
    page = response.content.decode()
    assert "Giá trị phải lớn hơn hoặc bằng 0." in page
    assert " ." not in page


def test_an_empty_choice_reads_chon_not_dashes(reviewer_client, babe_client):
    page = reviewer_client.get("/danh-gia/quyet-dinh/moi/").content.decode()
    assert "— Chọn —" in page and "---------" not in page
    page = babe_client.get("/mo-hinh/tap-the/them/").content.decode()
    assert "---------" not in page


def test_cancel_and_delete_are_spelt_the_modern_way(babe_client):
    draft = babe_model(status=Status.DRAFT)
    page = babe_client.get(f"/mo-hinh/{draft.pk}/xoa/").content.decode()
    assert "Xóa bản nháp" in page and "Hủy" in page
    assert "Xoá" not in page and "Huỷ" not in page


def test_breadcrumbs_do_not_repeat_the_section_name(reviewer_client):
    round = make_round(name="Bình xét mô hình “Dân vận khéo” cấp tỉnh năm 2026")
    page = reviewer_client.get(f"/danh-gia/dot/{round.pk}/").content.decode()
    crumbs = page.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert ">Đánh giá</a>" in crumbs and ">Bình xét</a>" not in crumbs
