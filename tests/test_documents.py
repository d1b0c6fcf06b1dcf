"""Certificates to print and Word documents (a decision's annex, the sơ kết report)."""

import io
from datetime import date

import pytest
from docx import Document

from documents.models import HeaderKind, IssuerLayout, guess_header
from documents.place import date_words, place_and_date
from reviews import workflow
from reviews.models import CommendationForm, Decision, IssuingBody
from tests.factories import make_individual, make_model, unit
from tests.test_reviews_helpers import babe_model, chodon_model, published

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def body(name):
    return IssuingBody.objects.get(name=name)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 12, 20), "ngày 20 tháng 12 năm 2026"),
        (date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (date(2023, 2, 28), "ngày 28 tháng 02 năm 2023"),
        (date(2023, 3, 9), "ngày 09 tháng 3 năm 2023"),
    ],
)
def test_dates_are_written_as_documents_write_them(day, words):
    assert date_words(day) == words


def test_the_place_is_the_issuers_province_on_the_documents_date():
    tn = body("Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên")
    assert place_and_date(tn, date(2026, 12, 20)) == "Thái Nguyên, ngày 20 tháng 12 năm 2026"
    backan = body("Ban Dân vận Tỉnh ủy Bắc Kạn")
    assert place_and_date(backan, date(2024, 1, 5)) == "Bắc Kạn, ngày 05 tháng 01 năm 2024"
    district = body("UBND huyện Chợ Đồn")
    assert place_and_date(district, date(2023, 3, 15)) == "Bắc Kạn, ngày 15 tháng 3 năm 2023"
    central = body("Ban Dân vận Trung ương")
    assert place_and_date(central, date(2020, 11, 2)).startswith("Hà Nội, ")


def test_party_and_state_bodies_get_their_headers():
    assert guess_header("UBND tỉnh Thái Nguyên") == HeaderKind.STATE
    assert guess_header("Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên") == HeaderKind.PARTY
    assert guess_header("Ban Thường vụ Huyện ủy Chợ Đồn") == HeaderKind.PARTY


@pytest.fixture
def decision(reviewer):
    """A provincial Bằng khen for a Ba Bể collective, a Ba Bể individual and a Chợ Đồn model."""
    decision = Decision.objects.create(
        number="45-QĐ/BTGDVTU",
        date=date(2026, 12, 20),
        issuer=body("Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên"),
        form=CommendationForm.CERTIFICATE_OF_MERIT,
        year=2026,
        signatory="Nguyễn Văn Ký",
    )
    # Three models of 2025, recognised in Bắc Kạn's provincial round and published.
    first = babe_model(title="Đường bê tông thôn Pác Châm")
    person = make_individual(unit("01891"), name="Quan Thị Giang", position="Hội viên Hội Nông dân")
    second = make_model(unit("01891"), implementer=person, year=2025)
    third = chodon_model(title="Xen canh Dưa-Lúa")
    published(reviewer, first, second, third)
    for model in (first, second, third):
        workflow.add_recipient(decision, reviewer, model=model)
    return decision


def test_certificates_one_per_recipient_with_the_decision(reviewer_client, decision):
    page = reviewer_client.get(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/").content.decode()
    assert page.count('data-testid="certificate"') == 3
    assert "BẰNG KHEN" in page and "Quan Thị Giang" in page and "Hội viên Hội Nông dân" in page
    assert (
        "Đã có thành tích xuất sắc trong thực hiện mô hình “Dân vận khéo”: Xen canh Dưa-Lúa" in page
    )
    assert "Quyết định số 45-QĐ/BTGDVTU ngày 20 tháng 12 năm 2026" in page
    assert "Thái Nguyên, ngày 20 tháng 12 năm 2026" in page
    assert "TRƯỞNG BAN" in page and "Nguyễn Văn Ký" in page
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    assert f'href="/van-ban/mau-in/{decision.issuer_id}.css"' in page
    assert "documents/certificates.css" in page


def test_an_officer_prints_only_their_recipients(babe_client, chodon_client, decision):
    page = babe_client.get(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/").content.decode()
    assert page.count('data-testid="certificate"') == 2 and "Xen canh Dưa-Lúa" not in page
    chodon = chodon_client.get(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/").content.decode()
    assert chodon.count('data-testid="certificate"') == 1 and "Quan Thị Giang" not in chodon


def test_saved_offsets_shift_the_printed_text(admin_client, reviewer_client, decision):
    issuer = decision.issuer
    css = reviewer_client.get(f"/van-ban/mau-in/{issuer.pk}.css").content.decode()
    assert "translate(0mm, 0mm)" in css
    response = admin_client.post(
        "/quan-tri/documents/issuerlayout/add/",
        {
            "issuer": issuer.pk,
            "header": HeaderKind.PARTY,
            "superior": "Tỉnh ủy Thái Nguyên",
            "signer_title": "PHÓ TRƯỞNG BAN",
            "offset_x_mm": "3.5",
            "offset_y_mm": "-2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    layout = IssuerLayout.objects.get(issuer=issuer)
    assert str(layout.offset_x_mm) == "3.5"
    css = reviewer_client.get(f"/van-ban/mau-in/{issuer.pk}.css").content.decode()
    assert ".certificate-content { transform: translate(3.5mm, -2.0mm); }" in css
    page = reviewer_client.get(
        f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/?phoi=1"
    ).content.decode()
    assert "PHÓ TRƯỞNG BAN" in page and "TỈNH ỦY THÁI NGUYÊN" in page and "on-blank" in page
    refused = admin_client.post(
        f"/quan-tri/documents/issuerlayout/{layout.pk}/change/",
        {"issuer": issuer.pk, "header": HeaderKind.PARTY, "offset_x_mm": "150", "offset_y_mm": "0"},
    )
    assert "Chỉ dịch tối đa 100 mm" in refused.content.decode()


def _docx_text(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            # A merged cell is listed once per grid column it spans: keep it once.
            cells = {id(c._tc): c.text for c in row.cells}
            parts.append(" | ".join(cells.values()))
    return "\n".join(parts), document


def test_the_annex_as_word(reviewer_client, decision):
    text, document = _docx_text(
        reviewer_client.get(f"/van-ban/quyet-dinh/{decision.pk}/danh-sach.docx")
    )
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY THÁI NGUYÊN" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" not in text
    assert "Số: 45-QĐ/BTGDVTU" in text
    assert "Thái Nguyên, ngày 20 tháng 12 năm 2026" in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in text
    assert "STT | Tên tập thể, cá nhân | Chức vụ, đơn vị | Thành tích" in text
    assert "I. TẬP THỂ" in text and "II. CÁ NHÂN" in text
    assert "1 | Quan Thị Giang | Hội viên Hội Nông dân |" in text
    assert "Nơi nhận:" in text and "TRƯỞNG BAN" in text and "Nguyễn Văn Ký" in text
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_a_state_body_gets_the_national_header(reviewer_client, reviewer):
    decision = Decision.objects.create(
        number="1234/QĐ-UBND",
        date=date(2026, 2, 3),
        issuer=body("UBND tỉnh Thái Nguyên"),
        form=CommendationForm.CERTIFICATE_OF_MERIT,
        year=2025,
    )
    workflow.add_recipient(decision, reviewer, model=published(reviewer, babe_model()))
    text, _ = _docx_text(reviewer_client.get(f"/van-ban/quyet-dinh/{decision.pk}/danh-sach.docx"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Thái Nguyên, ngày 03 tháng 02 năm 2026" in text and "CHỦ TỊCH" in text


def test_the_statistics_report_as_word(reviewer_client):
    make_model(unit("01864", current=True), year=2026, title="Mô hình đăng ký năm 2026")
    text, _ = _docx_text(reviewer_client.get("/van-ban/so-ket.docx?nam=2026"))
    assert "BÁO CÁO SƠ KẾT PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”" in text
    # The reviewer's Bắc Kạn became part of Thái Nguyên: the report is today's province's.
    assert "Địa bàn: Tỉnh Thái Nguyên" in text and "Thời gian: năm 2026" in text
    assert "Mô hình đăng ký | 1 | 0 | 1" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Nơi nhận:" in text
    assert "Thái Nguyên, ngày" in text


def test_a_decision_outside_the_territory_is_not_found(chodon_client, reviewer):
    decision = Decision.objects.create(
        number="9/QĐ-UBND",
        date=date(2024, 5, 6),
        issuer=body("UBND huyện Ba Bể"),
        form=CommendationForm.COMMENDATION,
        year=2024,
    )
    assert chodon_client.get(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/").status_code == 404
    assert chodon_client.get(f"/van-ban/quyet-dinh/{decision.pk}/danh-sach.docx").status_code == 404


def test_the_statistics_page_links_its_word_report(reviewer_client):
    page = reviewer_client.get("/thong-ke/?nam=2025").content.decode()
    assert 'href="/van-ban/so-ket.docx?nam=2025"' in page
    text, _ = _docx_text(reviewer_client.get("/van-ban/so-ket.docx?nam=2025"))
    assert "Thời gian: năm 2025" in text
