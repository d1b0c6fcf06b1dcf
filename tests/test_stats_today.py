"""Statistics of today (issue 12): defaults follow the date, every "by unit" row is a unit of
the years shown, old records roll up into today's units and are never counted twice."""

import re

import pytest

from accounts.models import Role
from models_registry.facts import refresh_facts
from models_registry.models import DvkModel
from reviews.models import EntryState, RoundLevel
from tests.conftest import logged_in, make_user
from tests.factories import make_model, unit
from tests.test_reviews_helpers import make_round

pytestmark = pytest.mark.django_db


def stats_json(client, **params):
    response = client.get("/thong-ke/", {**params, "format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def rows(data):
    return {row["label"]: row["total"] for row in data["by_subunit"]}


@pytest.fixture
def giao_hieu_2019():
    """A 2019 record of old Xã Giáo Hiệu, Huyện Pác Nặm (since 2025 part of Xã Bằng Thành)."""
    return make_model(unit("01870"), year=2019, title="Vận động thực hiện tiêu chí số 17")


def test_a_2019_giao_hieu_record_counts_in_todays_bang_thanh(commune_client, giao_hieu_2019):
    data = stats_json(commune_client, nam=2019)
    assert data["territory_name"] == "Xã Bằng Thành, Tỉnh Thái Nguyên"
    assert data["registered"]["total"] == 1
    assert rows(data)["Xã Giáo Hiệu"] == 1


def test_the_same_record_counts_in_2019s_pac_nam(admin_client, giao_hieu_2019):
    data = stats_json(admin_client, don_vi="060", nam=2019)
    assert (data["territory_name"], data["registered"]["total"]) == ("Huyện Pác Nặm", 1)
    assert rows(data)["Xã Giáo Hiệu"] == 1


def test_thai_nguyens_2019_rows_are_the_old_districts_never_unknown(giao_hieu_2019):
    """Today's Thái Nguyên (the account `tinh`) in 2019: the districts of both old provinces
    (the code 19 alone means old Thái Nguyên in 2019)."""
    tinh = logged_in(make_user("tinh", Role.PROVINCIAL_REVIEWER, "19", current=True))
    data = stats_json(tinh, nam=2019)
    assert data["registered"]["total"] == 1
    by_unit = rows(data)
    assert by_unit["Huyện Pác Nặm"] == 1 and "Huyện Ba Bể" in by_unit
    assert "Chưa xác định xã hoặc địa bàn khác" not in by_unit
    assert sum(by_unit.values()) == 1
    assert data["rolled_up_note"] == ""


def test_a_range_across_july_2025_rolls_old_units_into_todays_once_and_says_so(
    admin_client, giao_hieu_2019
):
    make_model(unit("01864", current=True), year=2026)
    data = stats_json(admin_client, don_vi="19", tu_nam=2019, den_nam=2026)
    by_unit = rows(data)
    assert by_unit["Xã Bằng Thành (từ 01/07/2025)"] == 2
    assert sum(by_unit.values()) == data["registered"]["total"] == 2
    assert "Huyện Pác Nặm" not in by_unit
    assert "01/07/2025" in data["rolled_up_note"]
    html = admin_client.get("/thong-ke/", {"don_vi": "19", "tu_nam": 2019, "den_nam": 2026})
    assert "số liệu của các huyện, xã cũ được cộng vào" in html.content.decode()


def test_a_districts_own_model_gets_its_own_row_not_unknown(admin_client):
    model = make_model(unit("01891"), year=2024)
    DvkModel.objects.filter(pk=model.pk).update(commune=None)
    refresh_facts([model.pk])  # as a write function does
    make_model(unit("01864", current=True), year=2026)
    data = stats_json(admin_client, don_vi="19", tu_nam=2024, den_nam=2026)
    by_unit = rows(data)
    assert by_unit["Huyện Ba Bể (đến 30/06/2025)"] == 1
    assert "Chưa xác định xã hoặc địa bàn khác" not in by_unit


def test_the_provincial_account_of_bac_kan_opens_on_thai_nguyen_this_year(reviewer_client):
    html = reviewer_client.get("/thong-ke/").content.decode()
    assert "Tỉnh Thái Nguyên · năm 2026" in html
    assert "Tỉnh Bắc Kạn · năm 2026" not in html


def test_an_administrator_opens_on_todays_province(admin_client):
    assert stats_json(admin_client)["territory"] == "19"


def test_an_abolished_district_account_opens_on_its_last_year(babe_client):
    html = babe_client.get("/thong-ke/").content.decode()
    assert "Huyện Ba Bể · năm 2025" in html


def test_the_local_recognition_level_is_named_by_date(
    commune_client, commune_officer, admin_client
):
    commune = unit("01864", current=True)
    round = make_round(RoundLevel.PROVINCE, "06", year=2025)
    round.level, round.organiser, round.year = RoundLevel.COMMUNE, commune, 2026
    round.save()
    model = make_model(commune, year=2026)
    from reviews import workflow

    entry = workflow.propose(model, round, commune_officer)
    workflow.decide(entry, commune_officer, EntryState.RECOGNISED, version=entry.version)
    workflow.close_round(round, commune_officer)
    data = stats_json(commune_client, nam=2026)
    assert (data["local_level"], data["recognised"]["district"]) == ("cấp xã", 1)
    assert "Được công nhận cấp xã" in commune_client.get("/thong-ke/").content.decode()
    assert stats_json(admin_client, don_vi="064", nam=2020)["local_level"] == "cấp huyện"


def test_the_phone_cards_name_the_local_level_as_the_column_headings_do(admin_client):
    # On a phone each number of a breakdown row carries its column's name (data-label).
    make_model(unit("01864", current=True), year=2026)
    today = admin_client.get("/thong-ke/?nam=2026").content.decode()
    assert 'data-label="Công nhận cấp xã"' in today and "cấp huyện" not in today
    make_model(unit("064"), year=2020)
    then = admin_client.get("/thong-ke/?don_vi=064&nam=2020").content.decode()
    assert (
        'data-label="Công nhận cấp huyện"' in then and 'data-label="Công nhận cấp xã"' not in then
    )


def test_on_a_phone_the_communes_without_figures_are_named_on_one_line_not_a_card_each(
    admin_client,
):
    # 92 communes of cards of zeros made a phone scroll some 20.000 px.
    make_model(unit("01864", current=True), year=2026)
    page = admin_client.get("/thong-ke/?nam=2026").content.decode()
    table = page[page.index('data-testid="by-subunit"') :]
    table = table[: table.index("</section>")]
    assert table.count('<tr class="row-empty">') == 91
    assert (
        '<tr class="row-empty"><th scope="row" class="card-title-cell">Xã Bằng Thành' not in table
    )
    empty = re.search(
        r'<p class="[^"]*d-md-none[^"]*" data-testid="empty-rows">(.*?)</p>', table, re.S
    )
    text = " ".join(empty.group(1).split())
    assert text.startswith("Chưa có số liệu (91 địa bàn): Phường Bá Xuyên, Phường Bắc Kạn")
    assert "Xã Bằng Thành" not in text


# ---------------------------------------------------------------- several places count in each


def test_a_model_of_two_communes_covers_both_and_is_found_from_either(admin_client):
    nghia_ta, bang_phuc = unit("02071"), unit("02041")
    model = make_model(
        nghia_ta, year=2020, title="Liên kết trồng dưa", places=[nghia_ta, bang_phuc]
    )
    data = stats_json(admin_client, don_vi="064", nam=2020)
    communes = next(c for c in data["coverage"] if c["key"] == "xa_co_mo_hinh")
    assert communes["achieved"] == 2
    assert "Xã Bằng Phúc" not in communes["missing"] and "Xã Nghĩa Tá" not in communes["missing"]
    assert data["registered"]["total"] == 1  # counted once in the totals
    for code in ("02071", "02041"):
        listing = admin_client.get("/mo-hinh/", {"don_vi": code, "nam": 2020}).content.decode()
        assert "Liên kết trồng dưa" in listing, code
    assert model.commune == nghia_ta


def test_a_continuing_model_maintained_in_a_year_counts_among_its_carried_over(admin_client):
    from models_registry.models import YearlyProgress

    model = make_model(unit("02071"), year=2022, title="Xen canh Dưa-Lúa")
    YearlyProgress.objects.create(model=model, year=2023, activities="Duy trì mô hình, mở rộng")
    make_model(unit("02071"), year=2023)
    data = stats_json(admin_client, don_vi="064", nam=2023)
    assert data["registered"]["total"] == 2
    assert (data["registered"]["new"], data["registered"]["carried_over"]) == (1, 1)
    range_data = stats_json(admin_client, don_vi="064", tu_nam=2022, den_nam=2023)
    by_year = {row["year"]: row["carried_over"] for row in range_data["by_year"]}
    assert by_year == {2022: 0, 2023: 1}


def test_an_agency_of_an_abolished_district_is_not_missing_from_2026(admin_client):
    from models_registry.models import CollectiveKind
    from tests.factories import make_collective

    make_collective(unit("061"), name="Văn phòng Huyện ủy Ba Bể", kind=CollectiveKind.AGENCY)
    make_collective(
        unit("01864", current=True),
        name="Văn phòng Đảng ủy xã Bằng Thành",
        kind=CollectiveKind.AGENCY,
    )
    data = stats_json(admin_client, don_vi="19", nam=2026)
    agencies = next(c for c in data["coverage"] if c["key"] == "co_quan_co_mo_hinh")
    assert agencies["total"] == 1
    assert agencies["missing"] == ["Văn phòng Đảng ủy xã Bằng Thành (Xã Bằng Thành)"]


def test_the_local_recognition_link_finds_district_and_commune_recognitions(admin_client):
    old = make_model(unit("02071"), year=2024, title="Công nhận cấp huyện 2024")
    new = make_model(unit("01864", current=True), year=2026, title="Công nhận cấp xã 2026")
    DvkModel.objects.filter(pk=old.pk).update(recognition_level="huyen")
    DvkModel.objects.filter(pk=new.pk).update(recognition_level="xa")
    listing = admin_client.get("/mo-hinh/", {"nam": "", "cong_nhan": "dia_phuong"}).content.decode()
    assert "Công nhận cấp huyện 2024" in listing and "Công nhận cấp xã 2026" in listing


# ---------------------------------------------------------------- the printed report


def test_the_printed_report_has_the_reporting_body_place_date_and_signature(
    reviewer_client, commune_client
):
    from django.utils import timezone

    today = timezone.localdate()
    html = reviewer_client.get("/thong-ke/").content.decode()
    assert "TỈNH ỦY THÁI NGUYÊN" in html and "BAN TUYÊN GIÁO VÀ DÂN VẬN" in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    assert f"Thái Nguyên, ngày {today:%d} tháng {today:%m} năm {today.year}" in html
    assert "NGƯỜI LẬP BÁO CÁO" in html
    html = commune_client.get("/thong-ke/").content.decode()
    assert "ĐẢNG ỦY XÃ BẰNG THÀNH" in html and "BAN XÂY DỰNG ĐẢNG" in html


def test_the_excel_report_of_thai_nguyen_is_dated_there_and_named_with_folded_letters(
    admin_client,
):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    today = timezone.localdate()
    response = admin_client.get("/thong-ke/", {"nam": 2026, "format": "xlsx"})
    assert 'filename="thong-ke-tinh-thai-nguyen-2026-2026-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [row[0] for row in sheet.iter_rows(max_row=5, values_only=True)]
    assert f"Thái Nguyên, ngày {today:%d} tháng {today:%m} năm {today.year}" in lines


# ---------------------------------------------------------------- the split is shown


def test_a_range_across_july_2025_names_the_split_communes_and_their_main_part(admin_client):
    """Old Phường Cam Giá was split between Phường Gia Sàng (the mapping's main part, where its
    records are counted) and Phường Tích Lương."""
    data = stats_json(admin_client, don_vi="19", tu_nam=2024, den_nam=2026)
    note = data["rolled_up_note"]
    assert "Phường Cam Giá (nay chia cho Phường Gia Sàng (phần chính) và Phường Tích Lương)" in note
    assert "được tính vào phần chính" in note
    one_year = stats_json(admin_client, don_vi="19", nam=2026)
    assert one_year["rolled_up_note"] == ""


def test_the_other_part_of_a_split_commune_says_where_its_records_are_counted(admin_client):
    """Phường Tích Lương took part of old Phường Cam Giá, whose records are counted in Phường
    Gia Sàng: Tích Lương's page says so."""
    from territory.models import Unit

    tich_luong = Unit.objects.get(name="Phường Tích Lương", valid_from__isnull=False)
    data = stats_json(admin_client, don_vi=tich_luong.code, tu_nam=2024, den_nam=2026)
    assert (
        "Phường Cam Giá (nay chia cho Phường Gia Sàng (phần chính) và Phường Tích Lương)"
        in data["rolled_up_note"]
    )
