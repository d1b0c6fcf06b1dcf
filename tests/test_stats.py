"""The statistics page (/thong-ke/): the sơ kết figures of DOMAIN.md, scope, JSON and Excel."""

import io

import pytest
from openpyxl import load_workbook

from accounts.models import AuditAction, AuditEvent, Role
from models_registry.models import CollectiveKind, Criterion, CriterionSet, DvkModel, Status
from reviews.facts import refresh_result_facts
from reviews.models import Entry, EntryState, IssuerLevel, RoundLevel
from stats.models import CoverageTarget, TargetKey
from stats.scope import registered_models
from stats.territory import Period, TerritoryTree, territory_for
from tests import stats_data
from tests.conftest import logged_in, make_user
from tests.factories import make_collective, make_individual, make_model, unit

pytestmark = pytest.mark.django_db

CHODON_2018_2020 = {"don_vi": "064", "tu_nam": 2018, "den_nam": 2020}
EXPECTED_COMMENDATIONS = [
    ("Ban Dân vận Trung ương", "bang_khen", 1, 0),
    ("Ban Dân vận Tỉnh ủy Bắc Kạn", "giay_khen", 2, 4),
    ("UBND huyện Chợ Đồn", "giay_khen", 15, 9),
]


def stats_json(client, **params):
    response = client.get("/thong-ke/", {**params, "format": "json"})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def commendation_tuples(data):
    return [
        (c["issuer"], c["form"], c["collective"], c["individual"]) for c in data["commendations"]
    ]


# ---------------------------------------------------------------- the acceptance figures


def test_chodon_2018_2020_json_reproduces_the_district_report(chodon_client):
    stats_data.build()
    data = stats_json(chodon_client, **CHODON_2018_2020)
    assert data["territory"] == "064"
    assert (data["from_year"], data["to_year"]) == (2018, 2020)
    assert data["registered"]["total"] == 808  # drafts, withdrawals, 2021 and Ba Bể left out
    assert data["registered"]["collective"] + data["registered"]["individual"] == 808
    assert data["registered"]["new"] + data["registered"]["carried_over"] == 808
    assert data["recognised"]["district"] == 179  # a model recognised twice counts once
    assert data["exemplary"] == 47
    assert data["recognised"]["province"] == 3
    assert commendation_tuples(data) == EXPECTED_COMMENDATIONS
    assert [row["year"] for row in data["by_year"]] == [2018, 2019, 2020]
    assert [row["total"] for row in data["by_year"]] == [260, 270, 278]
    assert sum(row["total"] for row in data["by_subunit"]) == 808
    assert sum(row["recognised_district"] for row in data["by_subunit"]) == 179
    assert sum(row["total"] for row in data["by_field"]) == 808


def test_chodon_2018_2020_excel_export_reproduces_the_district_report(chodon_client):
    stats_data.build()
    response = chodon_client.get("/thong-ke/", {**CHODON_2018_2020, "format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Sơ kết"]
    assert ws["A1"].value.startswith("BÁO CÁO SƠ KẾT PHONG TRÀO THI ĐUA DÂN VẬN KHÉO")
    assert "HUYỆN CHỢ ĐỒN" in ws["A1"].value
    assert ws["A2"].value == "Địa bàn: Huyện Chợ Đồn"
    assert ws["A3"].value == "Thời gian: giai đoạn 2018 – 2020"
    assert ws["A4"].value.startswith("Bắc Kạn, ngày ")
    rows = {row[1]: row for row in ws.iter_rows(min_row=7, values_only=True)}
    assert rows["Mô hình đăng ký"][4] == 808
    assert rows["Mô hình được công nhận cấp huyện"][4] == 179
    assert rows["Mô hình điển hình"][4] == 47
    assert rows["Khen thưởng: Bằng khen của Ban Dân vận Trung ương"][2:5] == (1, 0, 1)
    assert rows["Khen thưởng: Giấy khen của Ban Dân vận Tỉnh ủy Bắc Kạn"][2:5] == (2, 4, 6)
    assert rows["Khen thưởng: Giấy khen của UBND huyện Chợ Đồn"][2:5] == (15, 9, 24)
    assert [r[0] for r in ws.iter_rows(min_row=7, max_row=9, values_only=True)] == [1, 2, 3]
    coverage = wb["Chỉ tiêu"]
    names = [r[1] for r in coverage.iter_rows(min_row=7, values_only=True)]
    assert TargetKey.COMMUNES.label in names and TargetKey.AGENCIES.label in names
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.username == "chodon" and "Chợ Đồn" in event.detail


def test_chodon_2021_counts_196_collectives_and_176_individuals(reviewer_client):
    stats_data.build()
    data = stats_json(reviewer_client, don_vi="064", nam=2021)
    assert data["registered"]["collective"] == 196
    assert data["registered"]["individual"] == 176
    assert data["exemplary"] == 30
    assert data["commendations"] == [
        {
            "issuer": "UBND huyện Chợ Đồn",
            "issuer_level": "huyen",
            "form": "giay_khen",
            "form_label": "Giấy khen",
            "collective": 2,
            "individual": 3,
            "total": 5,
        }
    ]


def test_babe_2023_counts_128_models_10_by_individuals(babe_client):
    stats_data.build()
    data = stats_json(babe_client, nam=2023)  # no unit: the officer's own district
    assert data["territory"] == "061"
    assert data["registered"]["total"] == 128
    assert data["registered"]["individual"] == 10


def test_province_page_adds_up_its_districts(reviewer_client):
    stats_data.build()
    data = stats_json(reviewer_client, tu_nam=2018, den_nam=2020)
    assert data["territory"] == "06"
    assert data["registered"]["total"] == 808 + 30
    assert data["recognised"]["district"] == 179 + 14
    by_district = {row["code"]: row["total"] for row in data["by_subunit"]}
    assert by_district["064"] == 808 and by_district["061"] == 30
    assert by_district["060"] == 0  # every district is listed, even without models
    # The provincial committee's Ba Bể recipient of 2019 counts for the province only.
    provincial = next(c for c in data["commendations"] if c["issuer"] == stats_data.PROVINCIAL)
    assert (provincial["collective"], provincial["individual"]) == (3, 4)


# ---------------------------------------------------------------- territories over time


@pytest.fixture
def bang_thanh_models(db):
    giao_hieu = make_model(unit("01870"), year=2024, title="Mô hình xã Giáo Hiệu")
    boc_bo = make_model(unit("01864"), year=2024, title="Mô hình xã Bộc Bố")
    new_commune = make_model(unit("01864", current=True), year=2026, title="Mô hình Bằng Thành")
    elsewhere = make_model(unit("01873"), year=2024, title="Mô hình xã Xuân La")
    return giao_hieu, boc_bo, new_commune, elsewhere


def test_post_2025_commune_includes_the_models_of_the_communes_it_was_formed_from(
    admin_client, bang_thanh_models
):
    data = stats_json(admin_client, don_vi="01864", tu_nam=2024, den_nam=2026)
    assert data["territory_name"] == "Xã Bằng Thành, Tỉnh Thái Nguyên"
    assert data["registered"]["total"] == 3  # Giáo Hiệu, Bộc Bố and Bằng Thành itself
    rows = {row["label"]: row["total"] for row in data["by_subunit"]}
    assert rows["Xã Bằng Thành (từ 01/07/2025)"] == 1
    assert rows["Xã Giáo Hiệu (đến 30/06/2025)"] == 1
    assert rows["Xã Bộc Bố (đến 30/06/2025)"] == 1
    assert rows["Xã Bằng Thành (đến 30/06/2025)"] == 0  # the old commune of the same name
    assert "Xã Xuân La (đến 30/06/2025)" not in rows
    communes = next(c for c in data["coverage"] if c["key"] == TargetKey.COMMUNES)
    assert (communes["achieved"], communes["total"]) == (1, 1)


def test_a_reused_code_means_the_unit_valid_at_the_end_of_the_period(
    admin_client, bang_thanh_models
):
    data = stats_json(admin_client, don_vi="01864", nam=2024)
    assert data["territory_name"].startswith("Xã Bộc Bố")
    assert data["registered"]["total"] == 1


@pytest.mark.parametrize(
    ("code", "start", "end"), [("01864", 2024, 2026), ("01864", 2024, 2024), ("060", 2024, 2026)]
)
def test_statistics_count_exactly_the_models_the_registry_rolls_up(
    administrator, bang_thanh_models, code, start, end
):
    period = Period(start, end)
    place = territory_for(administrator, code, period)
    tree = TerritoryTree(place, period)
    counted = registered_models(administrator, place, period, tree.unit_ids)
    rolled_up = DvkModel.objects.in_territory(place).filter(year__gte=start, year__lte=end)
    assert set(counted.values_list("pk", flat=True)) == set(rolled_up.values_list("pk", flat=True))
    assert counted.exists()


# ---------------------------------------------------------------- who sees what


def test_district_officer_cannot_open_another_districts_statistics(chodon_client):
    stats_data.build()
    assert chodon_client.get("/thong-ke/", {"don_vi": "061", "nam": 2023}).status_code == 404
    assert chodon_client.get("/thong-ke/", {"don_vi": "06", "nam": 2023}).status_code == 404
    assert chodon_client.get("/thong-ke/", {"don_vi": "99999"}).status_code == 404


def test_district_officer_statistics_do_not_leak_another_districts_figures(chodon_client):
    stats_data.build()
    data = stats_json(chodon_client, nam=2019)  # Ba Bể has 30 models and 14 results in 2019
    assert data["territory"] == "064"
    assert data["registered"]["total"] == 270
    assert data["recognised"]["district"] == 61
    assert all(c["issuer"] != stats_data.BABE_PC for c in data["commendations"])
    assert "Huyện Ba Bể" not in chodon_client.get("/thong-ke/", {"nam": 2019}).content.decode()


def test_district_officer_can_open_a_commune_of_their_district(chodon_client):
    stats_data.build()
    data = stats_json(chodon_client, don_vi="02071", tu_nam=2018, den_nam=2020)  # Nghĩa Tá
    assert data["territory_name"] == "Xã Nghĩa Tá, Huyện Chợ Đồn"
    assert 0 < data["registered"]["total"] < 808


def test_reviewer_sees_any_district_of_the_province(reviewer_client):
    stats_data.build()
    assert stats_json(reviewer_client, don_vi="061", nam=2023)["registered"]["total"] == 128
    assert stats_json(reviewer_client, **CHODON_2018_2020)["registered"]["total"] == 808


def test_administrator_without_unit_defaults_to_the_province(admin_client):
    make_model(unit("02071"), year=2023)
    data = stats_json(admin_client, nam=2023)
    assert data["territory"] == "06" and data["registered"]["total"] == 1


def test_territory_selector_offers_the_scope_and_keeps_the_chosen_unit(chodon_client):
    page = chodon_client.get("/thong-ke/", {"don_vi": "02071", "nam": 2023}).content.decode()
    select = page.split('name="don_vi"', 1)[1].split("</select>", 1)[0]
    assert '<option value="">Đơn vị của tôi</option>' in select
    assert '<option value="02071" selected>' in select  # Xã Nghĩa Tá, chosen
    assert select.count(" selected>") == 1
    assert '<option value="064">' in select and "061" not in select  # Chợ Đồn only


def test_anonymous_visitor_is_sent_to_login(anonymous_client):
    response = anonymous_client.get("/thong-ke/", {"format": "json"})
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"] or "login" in response["Location"]


def test_district_staff_do_not_count_unpublished_provincial_results(chodon_client, reviewer_client):
    model = make_model(unit("02071"), year=2023)
    province_round = stats_data.review_round(unit("06"), 2023, RoundLevel.PROVINCE, closed=False)
    Entry.objects.create(
        round=province_round, model=model, state=EntryState.RECOGNISED, is_published=False
    )
    refresh_result_facts([model.pk])  # as the write functions do
    assert stats_json(chodon_client, nam=2023)["recognised"]["province"] == 0
    assert stats_json(reviewer_client, don_vi="064", nam=2023)["recognised"]["province"] == 1
    Entry.objects.filter(model=model).update(is_published=True)
    refresh_result_facts([model.pk])
    assert stats_json(chodon_client, nam=2023)["recognised"]["province"] == 1


# ---------------------------------------------------------------- coverage targets and NTM


def test_coverage_lists_the_communes_and_agencies_without_a_model(chodon_client):
    nghia_ta, bang_lang = unit("02071"), unit("02065")
    make_model(nghia_ta, year=2023, field_code="BK-NTM")
    make_model(bang_lang, year=2023, field_code="KT")
    make_model(unit("02041"), year=2023, status=Status.DRAFT, field_code="BK-NTM")  # a draft
    agency = make_collective(unit("064"), "Văn phòng Huyện ủy Chợ Đồn", CollectiveKind.AGENCY)
    make_collective(unit("064"), "Ủy ban Kiểm tra Huyện ủy Chợ Đồn", CollectiveKind.AGENCY)
    make_collective(unit("061"), "Văn phòng Huyện ủy Ba Bể", CollectiveKind.AGENCY)  # not ours
    make_model(nghia_ta, year=2023, implementer=agency)
    CoverageTarget.objects.filter(key=TargetKey.AGENCIES).update(percent=50)

    coverage = {c["key"]: c for c in stats_json(chodon_client, nam=2023)["coverage"]}
    communes = coverage[TargetKey.COMMUNES]
    assert (communes["achieved"], communes["total"]) == (2, 20)
    assert "Xã Bằng Phúc" in communes["missing"]  # its only model is a draft
    assert "Xã Nghĩa Tá" not in communes["missing"] and len(communes["missing"]) == 18
    ntm = coverage[TargetKey.COMMUNES_NTM]
    assert ntm["achieved"] == 1 and "Xã Bằng Lãng" in ntm["missing"]
    agencies = coverage[TargetKey.AGENCIES]
    assert (agencies["achieved"], agencies["total"], agencies["target"]) == (1, 2, 50.0)
    assert agencies["met"] is True
    assert agencies["missing"] == ["Ủy ban Kiểm tra Huyện ủy Chợ Đồn (Huyện Chợ Đồn)"]
    reviewed = coverage[TargetKey.REVIEWED]
    assert (reviewed["achieved"], reviewed["total"], reviewed["met"]) == (0, 3, False)


def test_a_commended_collective_of_a_village_counts_for_its_district(chodon_client):
    from territory.models import Level, Unit

    village = Unit.objects.filter(level=Level.VILLAGE, path__startswith=unit("064").path).first()
    elsewhere = Unit.objects.filter(level=Level.VILLAGE, path__startswith=unit("061").path).first()
    body = stats_data.issuer("UBND huyện Chợ Đồn", IssuerLevel.DISTRICT)
    stats_data.recipients(
        stats_data.decision(body, 2023),
        collectives_=[make_collective(village, "Chi hội Phụ nữ thôn"), make_collective(elsewhere)],
    )  # no model named: placed by the collective's unit, a village
    data = stats_json(chodon_client, nam=2023)
    assert commendation_tuples(data) == [("UBND huyện Chợ Đồn", "giay_khen", 1, 0)]


def test_agency_coverage_keeps_its_totals_when_no_agency_is_missing(chodon_client):
    first = make_collective(unit("064"), "Văn phòng Huyện ủy Chợ Đồn", CollectiveKind.AGENCY)
    second = make_collective(unit("064"), "Ủy ban Kiểm tra Huyện ủy Chợ Đồn", CollectiveKind.AGENCY)
    make_model(unit("02071"), year=2023, implementer=first)
    make_model(unit("02065"), year=2023, implementer=second)
    make_model(
        unit("02065"),
        year=2022,
        implementer=make_collective(
            unit("064"), "Ban Tổ chức Huyện ủy Chợ Đồn", CollectiveKind.AGENCY
        ),
    )  # an agency whose only model is of another year is missing in 2023, not in 2022

    by_year = {
        year: next(
            c
            for c in stats_json(chodon_client, nam=year)["coverage"]
            if c["key"] == TargetKey.AGENCIES
        )
        for year in (2022, 2023)
    }
    assert (by_year[2023]["achieved"], by_year[2023]["total"]) == (2, 3)
    assert by_year[2023]["missing"] == ["Ban Tổ chức Huyện ủy Chợ Đồn (Huyện Chợ Đồn)"]
    assert (by_year[2022]["achieved"], by_year[2022]["total"]) == (1, 3)
    assert len(by_year[2022]["missing"]) == 2


def test_agency_coverage_names_at_most_the_limit_and_counts_the_rest(chodon_client, monkeypatch):
    from stats import coverage

    monkeypatch.setattr(coverage, "MISSING_LIMIT", 2)
    for name in ("Văn phòng", "Ban Nội chính", "Ban Kinh tế", "Ban Dân vận"):
        make_collective(unit("064"), f"{name} Huyện ủy Chợ Đồn", CollectiveKind.AGENCY)
    agencies = next(
        c for c in stats_json(chodon_client, nam=2023)["coverage"] if c["key"] == TargetKey.AGENCIES
    )
    assert (agencies["achieved"], agencies["total"]) == (0, 4)
    assert agencies["missing"] == [
        "Ban Dân vận Huyện ủy Chợ Đồn (Huyện Chợ Đồn)",
        "Ban Kinh tế Huyện ủy Chợ Đồn (Huyện Chợ Đồn)",
    ]
    assert agencies["missing_more"] == 2


def test_a_model_linked_to_an_ntm_criterion_counts_for_the_ntm_target_and_view(chodon_client):
    criterion_set = CriterionSet.objects.for_year(2023)
    environment = Criterion.objects.get(criterion_set=criterion_set, number=17)
    make_model(unit("02071"), year=2023, field_code="VHXH", criteria=[environment])
    data = stats_json(chodon_client, nam=2023)
    ntm_target = next(c for c in data["coverage"] if c["key"] == TargetKey.COMMUNES_NTM)
    assert ntm_target["achieved"] == 1
    assert data["ntm"]["criterion_set"] == criterion_set.name
    by_number = {c["number"]: c for c in data["ntm"]["criteria"]}
    assert by_number[17]["models"] == 1 and by_number[1]["models"] == 0
    assert "Xã Nghĩa Tá" not in by_number[17]["missing"] and len(by_number[17]["missing"]) == 19
    row = next(r for r in data["ntm"]["communes"] if r["name"] == "Xã Nghĩa Tá")
    assert row["criteria_covered"] == 1
    assert f"tieu_chi={environment.pk}" in by_number[17]["url"]


def test_administrator_edits_target_percentages_in_the_admin(admin_client):
    assert CoverageTarget.objects.count() == 4
    assert {float(t.percent) for t in CoverageTarget.objects.all()} == {100.0}
    target = CoverageTarget.objects.get(key=TargetKey.COMMUNES)
    url = f"/quan-tri/stats/coveragetarget/{target.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "Tỷ lệ phấn đấu" in page
    response = admin_client.post(url, {"percent": "120", "source": "Đề án 06"})
    assert "Tỷ lệ phấn đấu không được lớn hơn 100%." in response.content.decode()
    admin_client.post(url, {"percent": "90", "source": "Đề án 06"})
    target.refresh_from_db()
    assert float(target.percent) == 90.0


# ---------------------------------------------------------------- the page


def test_page_links_every_number_to_the_model_list(chodon_client):
    stats_data.build()
    page = chodon_client.get("/thong-ke/", CHODON_2018_2020).content.decode()
    assert 'data-testid="registered-total">808<' in page
    assert 'data-testid="recognised-district">179<' in page
    assert 'data-testid="exemplary">47<' in page
    assert "/mo-hinh/?don_vi=064&amp;tu_nam=2018&amp;den_nam=2020&amp;cong_nhan=dia_phuong" in page
    assert "/mo-hinh/?don_vi=064&amp;tu_nam=2018&amp;den_nam=2020&amp;loai=ca_nhan" in page
    assert "/mo-hinh/?don_vi=02071&amp;tu_nam=2018&amp;den_nam=2020" in page  # a commune row
    assert "UBND huyện Chợ Đồn" in page
    assert "2.018" not in page and "2.020" not in page  # years are never grouped


def test_page_loads_charts_from_static_files_without_inline_script(chodon_client):
    page = chodon_client.get("/thong-ke/", {"nam": 2023}).content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in page
    assert "/static/stats/charts.js" in page
    # The charts' figures are in the page (a JSON data block, not a script), not fetched again.
    assert '<script id="stats-chart-figures" type="application/json">' in page
    assert 'data-chart="funnel"' in page and 'data-chart="by_field"' in page
    assert "<script>" not in page and "style=" not in page
    assert "data-print" in page  # printable page


def test_form_errors_are_shown_in_vietnamese_next_to_the_field(chodon_client):
    response = chodon_client.get("/thong-ke/", {"tu_nam": 2021, "den_nam": 2019})
    assert response.status_code == 400
    assert "Năm kết thúc phải bằng hoặc sau năm bắt đầu." in response.content.decode()
    assert 'value="2021"' in response.content.decode()  # what was typed is kept
    json_response = chodon_client.get("/thong-ke/", {"nam": "abc", "format": "json"})
    assert json_response.status_code == 400
    assert json_response.json()["errors"]["nam"] == ["Năm phải là một số, ví dụ 2023."]


def test_territory_selector_offers_only_the_users_scope_with_retired_units(chodon_client):
    page = chodon_client.get("/thong-ke/", {"nam": 2023}).content.decode()
    assert "Xã Nghĩa Tá (đến 30/06/2025)" in page
    assert "Huyện Ba Bể" not in page


# ---------------------------------------------------------------- speed


def _models(place, n, year=2023):
    """`n` models at `place`, half by individuals, each exemplary in its district's round."""
    for i in range(n):
        implementer = make_collective(place) if i % 2 == 0 else make_individual(place)
        model = make_model(place, year=year, implementer=implementer)
        round_ = stats_data.review_round(model.unit, year, RoundLevel.DISTRICT)
        Entry.objects.create(round=round_, model=model, state=EntryState.EXEMPLARY)
        refresh_result_facts([model.pk])  # as the write functions do


# Session, user with their unit, territory selector (the options), code, territory tree (2
# queries), registrations, results, fields,
# commendations, targets, agencies, reviewed, NTM links, places of the period's models,
# continuing models' progress, criterion sets, criteria, the help for difficult communes (the
# year's list and the assignments; with assignments, their activities and the models these
# started: see test_assistance). A range of years adds the results by
# year (for one year they are the period's). Nothing is cached: every visit, before or after a
# write, runs these. The printed report's date line reads the territory's province (one query
# for a district), its header the reviewer's province of today (one more: Bắc Kạn's successor).
# The user's scope ids (read by the territory selector, and by the scope check for a unit
# outside the user's own) and the selector's options are two queries.
PAGE_QUERIES = 22
REVIEWER_PAGE_QUERIES = PAGE_QUERIES + 1


@pytest.mark.parametrize("persona", ["chodon_officer", "reviewer"])
def test_statistics_page_runs_the_same_number_of_queries_for_1_and_3_models(
    django_assert_num_queries, request, persona
):
    client = logged_in(request.getfixturevalue(persona))
    queries = REVIEWER_PAGE_QUERIES if persona == "reviewer" else PAGE_QUERIES
    _models(unit("02071"), 1)
    _models(unit("01891"), 1)  # Bành Trạch, Ba Bể
    with django_assert_num_queries(queries):
        page = client.get("/thong-ke/", {"don_vi": "064", "nam": 2023})
    assert 'data-testid="registered-total">1<' in page.content.decode()
    _models(unit("02065"), 2)
    with django_assert_num_queries(queries):
        page = client.get("/thong-ke/", {"don_vi": "064", "nam": 2023})
    assert 'data-testid="registered-total">3<' in page.content.decode()


def test_statistics_page_runs_the_same_number_of_queries_for_two_territories(
    django_assert_num_queries, reviewer_client
):
    _models(unit("02071"), 3)
    _models(unit("01891"), 1)
    with django_assert_num_queries(REVIEWER_PAGE_QUERIES):
        chodon = reviewer_client.get("/thong-ke/", {"don_vi": "064", "nam": 2023})
    with django_assert_num_queries(REVIEWER_PAGE_QUERIES):
        babe = reviewer_client.get("/thong-ke/", {"don_vi": "061", "nam": 2023})
    assert 'data-testid="exemplary">3<' in chodon.content.decode()
    assert 'data-testid="exemplary">1<' in babe.content.decode()
    with django_assert_num_queries(REVIEWER_PAGE_QUERIES + 1):
        reviewer_client.get("/thong-ke/", {"don_vi": "064", "tu_nam": 2021, "den_nam": 2023})
    # A range adds one; a province is its own date line's province (one less).
    with django_assert_num_queries(REVIEWER_PAGE_QUERIES):
        reviewer_client.get("/thong-ke/", {"don_vi": "06", "tu_nam": 2022, "den_nam": 2024})


def test_json_for_a_post_2025_commune_officer_runs_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    client = logged_in(make_user("bangthanh", Role.COMMUNE_STAFF, "01864", current=True))
    place = unit("01864", current=True)
    make_model(place, year=2026)
    # No territory selector (JSON); the help section reads the scope ids (assistance.rules).
    with django_assert_num_queries(20):
        first = client.get("/thong-ke/", {"nam": 2026, "format": "json"}).json()
    make_model(place, year=2026)
    make_model(unit("01870"), year=2026)  # a 2026 model still filed under old Giáo Hiệu
    # No territory selector (JSON); the help section reads the scope ids (assistance.rules).
    with django_assert_num_queries(20):
        second = client.get("/thong-ke/", {"nam": 2026, "format": "json"}).json()
    assert (first["territory"], first["registered"]["total"]) == ("01864", 1)
    assert second["registered"]["total"] == 3
