"""Help for difficult communes: the yearly list, assignments, activities and the report."""

from datetime import date

import pytest
import tablib

from assistance.admin import DifficultCommuneResource
from assistance.models import Activity, Agency, AgencyKind, Assignment, DifficultCommune
from assistance.report import money_words
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2023():
    """Bành Trạch (Ba Bể) helped by the provincial committee with 3,6 billion; Nghĩa Tá (Chợ
    Đồn) helped only in 2022; Giáo Hiệu (Pác Nặm) helped by nobody."""
    banh_trach, nghia_ta, giao_hieu = unit("01891"), unit("02071"), unit("01870")
    for commune in (banh_trach, nghia_ta, giao_hieu):
        DifficultCommune.objects.create(year=2023, commune=commune)
    bdv = Agency.objects.create(name="Ban Dân vận Tỉnh ủy", kind=AgencyKind.PARTY_BOARD)
    so = Agency.objects.create(
        name="Sở Nông nghiệp và Phát triển nông thôn", kind=AgencyKind.DEPARTMENT
    )
    helping = Assignment.objects.create(
        agency=bdv, commune=banh_trach, start_date=date(2021, 1, 1), end_date=date(2025, 6, 30)
    )
    road = make_model(banh_trach, title="Vận động nhân dân hiến đất làm đường", year=2023)
    activity = Activity.objects.create(
        assignment=helping,
        date=date(2023, 5, 10),
        description="Hỗ trợ làm đường bê tông",
        money=2_000_000_000,
        in_kind="Xi măng, sắt thép",
        in_kind_value=1_600_000_000,
    )
    activity.models_started.set([road])
    old = Assignment.objects.create(
        agency=so, commune=nghia_ta, start_date=date(2022, 1, 1), end_date=date(2022, 12, 31)
    )
    Activity.objects.create(
        assignment=old, date=date(2022, 3, 1), description="Tặng giống", money=5
    )
    return road


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (3_600_000_000, "3,6 tỷ đồng"),
        (59_000_000_000, "59 tỷ đồng"),
        (1_250_000_000, "1,25 tỷ đồng"),
        (250_000_000, "250 triệu đồng"),
        (1_234_000, "1,23 triệu đồng"),
        (500_000, "500.000 đồng"),
        (0, "0 đồng"),
    ],
)
def test_money_in_words(amount, words):
    assert money_words(amount) == words


def test_the_yearly_report_for_the_province(reviewer_client, year_2023):
    page = reviewer_client.get("/giup-xa/?nam=2023").content.decode()
    assert 'data-testid="total">3,6 tỷ đồng<' in page
    assert 'data-testid="difficult-count">3<' in page
    without = page.split('data-testid="without-helper">', 1)[1].split("</p>", 1)[0]
    assert without == "Xã Giáo Hiệu, Xã Nghĩa Tá"  # Nghĩa Tá's help ended in 2022
    by_agency = page.split('data-testid="by-agency"', 1)[1].split("</table>", 1)[0]
    assert "Ban Dân vận Tỉnh ủy" in by_agency and "3.600.000.000" in by_agency
    assert "Sở Nông nghiệp" not in by_agency
    assert "Vận động nhân dân hiến đất làm đường" in page


def test_json_and_excel_give_the_same_figures(reviewer_client, year_2023):
    from openpyxl import load_workbook

    data = reviewer_client.get("/giup-xa/?nam=2023&format=json").json()
    assert data["tong_gia_tri"] == 3_600_000_000 and data["tong_gia_tri_chu"] == "3,6 tỷ đồng"
    assert data["xa_chua_co_co_quan_giup_do"] == ["Xã Giáo Hiệu", "Xã Nghĩa Tá"]
    (banh_trach,) = [row for row in data["theo_xa"] if row["xa"] == "Xã Bành Trạch"]
    assert banh_trach["co_quan"] == ["Ban Dân vận Tỉnh ủy"] and banh_trach["tien"] == 2_000_000_000
    assert banh_trach["mo_hinh"] == [{"so": year_2023.pk, "ten": year_2023.title}]
    response = reviewer_client.get("/giup-xa/?nam=2023&format=xlsx")
    import io

    wb = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in wb["Theo xã"].iter_rows()]
    assert ["Xã Bành Trạch" in r for r in rows].count(True) == 1
    assert [
        1,
        "Xã Bành Trạch",
        "Ban Dân vận Tỉnh ủy",
        2_000_000_000,
        1_600_000_000,
        3_600_000_000,
        year_2023.title,
    ] in rows
    assert wb["Theo cơ quan"]["A1"].value == "HỖ TRỢ THEO CƠ QUAN NĂM 2023"


def test_officers_see_only_their_territory(babe_client, chodon_client, commune_client, year_2023):
    babe = babe_client.get("/giup-xa/?nam=2023").content.decode()
    assert "Xã Bành Trạch" in babe and "Xã Nghĩa Tá" not in babe and "Xã Giáo Hiệu" not in babe
    chodon = (
        chodon_client.get("/giup-xa/?nam=2023").json()
        if False
        else chodon_client.get("/giup-xa/?nam=2023&format=json").json()
    )
    assert [r["xa"] for r in chodon["theo_xa"]] == ["Xã Nghĩa Tá"]
    assert chodon["tong_gia_tri"] == 0 and chodon["theo_co_quan"] == []
    # Today's Xã Bằng Thành was formed from Giáo Hiệu: its officer sees that commune's row.
    commune = commune_client.get("/giup-xa/?nam=2023&format=json").json()
    assert [r["xa"] for r in commune["theo_xa"]] == ["Xã Giáo Hiệu"]


def test_the_province_records_an_assignment_and_an_activity(
    reviewer_client, babe_client, year_2023
):
    agency = Agency.objects.create(name="Hội Nông dân tỉnh", kind=AgencyKind.MASS_ORGANISATION)
    bang_thanh = unit("01864", current=True)
    response = reviewer_client.post(
        "/giup-xa/phan-cong/them/",
        {
            "agency": agency.pk,
            "commune": bang_thanh.pk,
            "start_date": "01/01/2026",
            "end_date": "31/12/2025",
        },
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu giúp đỡ." in response.content.decode()
    response = reviewer_client.post(
        "/giup-xa/phan-cong/them/",
        {"agency": agency.pk, "commune": bang_thanh.pk, "start_date": "01/01/2026"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(agency=agency)
    assert assignment.commune == bang_thanh and assignment.end_date is None
    model = make_model(bang_thanh, title="Mô hình nuôi bò sinh sản", year=2026)
    response = reviewer_client.post(
        "/giup-xa/hoat-dong/them/",
        {
            "assignment": assignment.pk,
            "date": "15/03/2026",
            "description": "Tặng bò giống",
            "money": "0",
            "in_kind": "10 con bò",
            "in_kind_value": "150000000",
            "model_numbers": f"{model.pk}",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(description="Tặng bò giống")
    assert list(activity.models_started.all()) == [model]
    DifficultCommune.objects.create(year=2026, commune=bang_thanh)
    data = reviewer_client.get("/giup-xa/?nam=2026&format=json").json()
    assert data["tong_gia_tri_chu"] == "150 triệu đồng"
    assert data["theo_xa"][0]["mo_hinh"] == [{"so": model.pk, "ten": "Mô hình nuôi bò sinh sản"}]
    assert babe_client.post("/giup-xa/phan-cong/them/", {}).status_code == 403


def test_the_yearly_list_is_imported_from_excel_by_official_code():
    dataset = tablib.Dataset(headers=["Năm", "Mã xã", "Ghi chú"])
    dataset.append([2026, "01864", "Xã đặc biệt khó khăn"])
    dataset.append([2026, "01864", "Lặp lại"])
    dataset.append([2023, "01864", ""])
    result = DifficultCommuneResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    listed = {(d.year, d.commune) for d in DifficultCommune.objects.all()}
    # The code names today's Bằng Thành in 2026 and the former Bộc Bố in 2023.
    assert listed == {(2026, unit("01864", current=True)), (2023, unit("01864"))}


def test_an_unknown_code_is_reported_on_its_row():
    dataset = tablib.Dataset(headers=["Năm", "Mã xã", "Ghi chú"])
    dataset.append([2026, "99999", ""])
    result = DifficultCommuneResource().import_data(dataset, dry_run=True)
    errors = [str(error.error) for _number, row in result.row_errors() for error in row]
    assert errors == ["Không có xã mã 99999 vào ngày 01/01/2026."]


def test_the_list_refuses_a_commune_twice_in_a_year_kindly():
    from django.core.exceptions import ValidationError

    DifficultCommune.objects.create(year=2023, commune=unit("01891"))
    with pytest.raises(ValidationError, match="Xã Bành Trạch đã có trong danh sách năm 2023."):
        DifficultCommune(year=2023, commune=unit("01891")).full_clean()


@pytest.mark.parametrize("rows", [1, 3])
def test_report_query_count_is_fixed(reviewer_client, rows, django_assert_num_queries):
    agency = Agency.objects.create(name="Ban Dân vận Tỉnh ủy", kind=AgencyKind.PARTY_BOARD)
    for code in ["01891", "02071", "01870"][:rows]:
        commune = unit(code)
        DifficultCommune.objects.create(year=2023, commune=commune)
        assignment = Assignment.objects.create(
            agency=agency, commune=commune, start_date=date(2023, 1, 1)
        )
        activity = Activity.objects.create(
            assignment=assignment, date=date(2023, 2, 1), description="Hỗ trợ", money=1
        )
        activity.models_started.set([make_model(commune, year=2023)])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        data = reviewer_client.get("/giup-xa/?nam=2023&format=json").json()
    assert len(data["theo_xa"]) == rows
    # session, user, the reviewer's scope ids, the list, assignments, their activities, the
    # models these started
    assert len(queries) == 7


def test_the_admin_keeps_the_list_and_offers_excel_import(admin_client):
    DifficultCommune.objects.create(year=2023, commune=unit("01891"), note="Khu vực III")
    page = admin_client.get("/quan-tri/assistance/difficultcommune/").content.decode()
    assert "Xã Bành Trạch" in page and "Khu vực III" in page
    assert "/quan-tri/assistance/difficultcommune/import/" in page
    form = admin_client.get("/quan-tri/assistance/difficultcommune/import/").content.decode()
    assert "Mã xã" in form
    assert admin_client.get("/quan-tri/assistance/assignment/add/").status_code == 200


def test_an_activity_s_money_is_typed_the_vietnamese_way(reviewer_client, year_2023):
    from assistance.forms import ActivityForm

    agency = Agency.objects.create(name="Sở Nông nghiệp", kind=AgencyKind.MASS_ORGANISATION)
    assignment = Assignment.objects.create(
        agency=agency, commune=unit("01864", current=True), start_date=date(2026, 1, 1)
    )
    response = reviewer_client.post(
        "/giup-xa/hoat-dong/them/",
        {
            "assignment": assignment.pk,
            "date": "15/03/2026",
            "description": "Hỗ trợ làm đường",
            "money": "120.000.000",
            "in_kind": "Xi măng",
            "in_kind_value": "1.500.000",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(description="Hỗ trợ làm đường")
    assert (activity.money, activity.in_kind_value) == (120_000_000, 1_500_000)
    form = ActivityForm(instance=activity, user=None)
    assert 'value="120.000.000"' in str(form["money"])
    refused = reviewer_client.post(
        "/giup-xa/hoat-dong/them/",
        {"assignment": assignment.pk, "date": "16/03/2026", "description": "X", "money": "abc"},
    )
    assert "không đọc được là một số" in refused.content.decode()


# ---------------------------------------------------------------- on the statistics page


def section(page):
    """The help section of the statistics page."""
    return page.split('data-testid="assistance"', 1)[1].split("</section>\n</section>", 1)[0]


def test_the_statistics_page_shows_the_yearly_report_of_its_territory(
    reviewer_client, chodon_client, year_2023
):
    province = section(reviewer_client.get("/thong-ke/", {"nam": 2023}).content.decode())
    assert "Giúp đỡ xã đặc biệt khó khăn năm 2023" in province
    assert 'data-testid="total">3,6 tỷ đồng<' in province
    assert 'data-testid="difficult-count">3<' in province
    assert "Bằng tiền <strong>2.000.000.000</strong> đồng" in province
    assert "hiện vật quy đổi <strong>1.600.000.000</strong> đồng" in province
    without = province.split('data-testid="without-helper">', 1)[1].split("</p>", 1)[0]
    assert without == "Xã Giáo Hiệu, Xã Nghĩa Tá"
    by_agency = province.split('data-testid="by-agency"', 1)[1].split("</table>", 1)[0]
    assert "Ban Dân vận Tỉnh ủy" in by_agency and "3.600.000.000" in by_agency
    assert f'href="/mo-hinh/{year_2023.pk}/">Vận động nhân dân hiến đất làm đường<' in province
    # Ba Bể's district page: Bành Trạch only; Chợ Đồn's officer: Nghĩa Tá, helped by nobody.
    babe = section(
        reviewer_client.get("/thong-ke/", {"nam": 2023, "don_vi": "061"}).content.decode()
    )
    assert "Xã Bành Trạch" in babe and "Xã Nghĩa Tá" not in babe and "Xã Giáo Hiệu" not in babe
    chodon = section(chodon_client.get("/thong-ke/", {"nam": 2023}).content.decode())
    assert 'data-testid="total">0 đồng<' in chodon and "Xã Nghĩa Tá" in chodon
    assert "Xã Bành Trạch" not in chodon
    assert "Chưa có phân công giúp đỡ trong năm 2023." in chodon


def test_a_range_of_years_shows_the_help_of_its_last_year(reviewer_client, year_2023):
    page = reviewer_client.get("/thong-ke/", {"tu_nam": 2021, "den_nam": 2022}).content.decode()
    help_2022 = section(page)
    assert "Giúp đỡ xã đặc biệt khó khăn năm 2022" in help_2022
    # 2022: no list yet; the Sở helped Nghĩa Tá with 5 đồng.
    assert "Chưa có danh sách xã đặc biệt khó khăn năm 2022 trên địa bàn." in help_2022
    assert "Sở Nông nghiệp và Phát triển nông thôn" in help_2022


def test_a_commune_officer_sees_the_support_of_their_own_commune(commune_client):
    bang_thanh, other = unit("01864", current=True), unit("01879", current=True)
    bdv = Agency.objects.create(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind=AgencyKind.PARTY_BOARD
    )
    for commune, money in ((bang_thanh, 300_000_000), (other, 700_000_000)):
        DifficultCommune.objects.create(year=2026, commune=commune)
        assignment = Assignment.objects.create(
            agency=bdv, commune=commune, start_date=date(2026, 1, 1)
        )
        Activity.objects.create(
            assignment=assignment, date=date(2026, 4, 1), description="Hỗ trợ", money=money
        )
    data = commune_client.get("/thong-ke/", {"nam": 2026, "format": "json"}).json()["assistance"]
    assert [row["xa"] for row in data["theo_xa"]] == ["Xã Bằng Thành"]
    assert (data["tong_tien"], data["tong_gia_tri_chu"]) == (300_000_000, "300 triệu đồng")
    page = section(commune_client.get("/thong-ke/", {"nam": 2026}).content.decode())
    assert "Xã Bằng Thành" in page and other.name not in page


def test_the_statistics_json_and_excel_carry_the_same_report(
    reviewer_client, admin_client, year_2023
):
    import io

    from openpyxl import load_workbook

    stats = reviewer_client.get("/thong-ke/", {"nam": 2023, "format": "json"}).json()
    own = reviewer_client.get("/giup-xa/", {"nam": 2023, "format": "json"}).json()
    assert stats["assistance"] == own
    # The administrator's page opens on the province too.
    assert (
        admin_client.get("/thong-ke/", {"nam": 2023, "format": "json"}).json()["assistance"] == own
    )
    assert stats["assistance"]["tong_gia_tri"] == 3_600_000_000
    assert stats["assistance"]["xa_chua_co_co_quan_giup_do"] == ["Xã Giáo Hiệu", "Xã Nghĩa Tá"]
    response = reviewer_client.get("/thong-ke/", {"nam": 2023, "format": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:2] == ["Sơ kết", "Chỉ tiêu"]
    by_commune = [[c.value for c in row] for row in wb["Giúp đỡ xã - Theo xã"].iter_rows()]
    assert by_commune[0][0] == "GIÚP ĐỠ XÃ ĐẶC BIỆT KHÓ KHĂN NĂM 2023"
    lines = [row[0] for row in by_commune[1:6]]
    assert "Địa bàn: Tỉnh Bắc Kạn" in lines
    assert (
        "Tổng giá trị hỗ trợ: 3,6 tỷ đồng (bằng tiền 2.000.000.000 đồng; "
        "hiện vật quy đổi 1.600.000.000 đồng)"
    ) in lines
    assert "Xã chưa có cơ quan giúp đỡ (2): Xã Giáo Hiệu, Xã Nghĩa Tá" in lines
    assert [
        1,
        "Xã Bành Trạch",
        "Ban Dân vận Tỉnh ủy",
        2_000_000_000,
        1_600_000_000,
        3_600_000_000,
        year_2023.title,
    ] in by_commune
    by_agency = [[c.value for c in row] for row in wb["Giúp đỡ xã - Theo cơ quan"].iter_rows()]
    assert [
        1,
        "Ban Dân vận Tỉnh ủy",
        "Ban của Tỉnh ủy",
        "Xã Bành Trạch",
        2_000_000_000,
        1_600_000_000,
        3_600_000_000,
    ] in by_agency


def test_the_statistics_page_follows_a_new_activity(reviewer_client, year_2023):
    before = section(reviewer_client.get("/thong-ke/", {"nam": 2023}).content.decode())
    assert 'data-testid="total">3,6 tỷ đồng<' in before
    Activity.objects.create(
        assignment=Assignment.objects.get(commune=unit("01891")),
        date=date(2023, 9, 1),
        description="Hỗ trợ thêm",
        money=400_000_000,
    )
    after = section(reviewer_client.get("/thong-ke/", {"nam": 2023}).content.decode())
    assert 'data-testid="total">4 tỷ đồng<' in after


@pytest.mark.parametrize("rows", [1, 3])
def test_the_statistics_page_with_help_runs_a_fixed_number_of_queries(
    reviewer_client, rows, django_assert_num_queries
):
    from tests.test_stats import PAGE_QUERIES

    agency = Agency.objects.create(name="Ban Dân vận Tỉnh ủy", kind=AgencyKind.PARTY_BOARD)
    for code in ["01891", "02071", "01870"][:rows]:
        commune = unit(code)
        DifficultCommune.objects.create(year=2023, commune=commune)
        assignment = Assignment.objects.create(
            agency=agency, commune=commune, start_date=date(2023, 1, 1)
        )
        activity = Activity.objects.create(
            assignment=assignment, date=date(2023, 2, 1), description="Hỗ trợ", money=1
        )
        activity.models_started.set([make_model(commune, year=2023)])
    # The reviewer's page of the province without help (tests/test_stats.py: the header's
    # province, but no date line's), plus the assignments' activities and the models these
    # started.
    with django_assert_num_queries(PAGE_QUERIES + 2):
        page = reviewer_client.get("/thong-ke/", {"nam": 2023, "don_vi": "06"}).content.decode()
    assert section(page).count('<td class="card-title-cell">Xã ') == rows


def test_the_statistics_page_links_its_help_and_shows_progress_on_downloads(
    reviewer_client, year_2023
):
    page = reviewer_client.get("/thong-ke/", {"nam": 2023}).content.decode()
    assert 'href="/giup-xa/?nam=2023"' in section(page)
    for label in ("Xuất Excel", "Tải báo cáo Word"):
        link = page.split(f">{label}</a>", 1)[0].rsplit("<a ", 1)[1]
        assert 'data-busy="Đang tạo tệp…"' in link, label
