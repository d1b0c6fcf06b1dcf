"""Official papers carry the right place and date (issue 12): the annex and its workbook take
the place line from the issuing body's province and the decision's own date, with the header
an office expects and a signature block; file names keep their letters."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reviews.models import Decision, IssuingBody
from tests.test_reviews_helpers import babe_model

pytestmark = pytest.mark.django_db


def decision(issuer_name, day, number="125/QĐ-UBND", **extra):
    return Decision.objects.create(
        number=number,
        date=day,
        issuer=IssuingBody.objects.get(name=issuer_name),
        form="bang_khen",
        year=day.year,
        **extra,
    )


def annex_html(client, paper):
    """The printed paper itself (the page around it names the signed-in user's unit)."""
    html = client.get(reverse("reviews:annex", args=[paper.pk])).content.decode()
    return html[html.index('<article class="annex">') : html.index("</article>")]


def test_the_annex_of_a_2026_decision_of_thai_nguyen_is_dated_there_on_the_decisions_day(
    reviewer_client,
):
    paper = decision("UBND tỉnh Thái Nguyên", date(2026, 12, 20), signatory="Nguyễn Văn Quang")
    html = annex_html(reviewer_client, paper)
    assert "Thái Nguyên, ngày 20 tháng 12 năm 2026" in html
    assert "Bắc Kạn" not in html
    assert "UBND TỈNH THÁI NGUYÊN" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in html
    assert "TM. UBND TỈNH THÁI NGUYÊN" in html and "Nguyễn Văn Quang" in html


def test_a_party_bodys_annex_carries_the_partys_header(reviewer_client):
    paper = decision(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên", date(2026, 11, 5), number="12-QĐ/BTGDV"
    )
    html = annex_html(reviewer_client, paper)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "CỘNG HÒA XÃ HỘI" not in html
    assert "Thái Nguyên, ngày 05 tháng 11 năm 2026" in html


def test_a_2023_district_decision_stays_dated_in_bac_kan(reviewer_client):
    paper = decision("UBND huyện Ba Bể", date(2023, 12, 28), number="3105/QĐ-UBND")
    html = annex_html(reviewer_client, paper)
    assert "Bắc Kạn, ngày 28 tháng 12 năm 2023" in html


def test_the_annex_workbook_has_the_header_place_line_and_a_folded_file_name(reviewer_client):
    paper = decision("UBND tỉnh Thái Nguyên", date(2026, 12, 20))
    model = babe_model()
    paper.recipients.create(collective=model.collective, model=model)
    response = reviewer_client.get(reverse("reviews:annex_xlsx", args=[paper.pk]))
    assert (
        'filename="danh-sach-khen-thuong-125-qd-ubnd-20261220-' in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = [row[0] for row in sheet.iter_rows(max_row=5, values_only=True)]
    assert lines[1].startswith("UBND TỈNH THÁI NGUYÊN — CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert lines[2] == "Thái Nguyên, ngày 20 tháng 12 năm 2026"


def test_an_issuer_hint_never_suggests_an_expired_body(reviewer_client):
    old = IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn")
    assert old.successor_on(date(2026, 12, 1)).name == (
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên"
    )
    assert old.successor_on(date(2025, 4, 1)).name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Kạn"


def test_the_decision_form_names_nghi_dinh_152_2025(reviewer_client):
    html = reviewer_client.get(reverse("reviews:decision_create")).content.decode()
    assert "Nghị định 152/2025/NĐ-CP" in html


def test_a_commune_officer_records_a_decision_of_the_communes_own_bodies(commune_client):
    html = commune_client.get(reverse("reviews:decision_create")).content.decode()
    assert "UBND xã Bằng Thành" in html and "Đảng ủy xã Bằng Thành" in html
    assert "UBND huyện Pác Nặm" not in html
    paper = decision("UBND xã Bằng Thành", date(2026, 12, 10), number="45/QĐ-UBND")
    annex = annex_html(commune_client, paper)
    assert "Thái Nguyên, ngày 10 tháng 12 năm 2026" in annex
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in annex
    assert IssuingBody.objects.get(name="Đảng ủy xã Bằng Thành").is_party_body
