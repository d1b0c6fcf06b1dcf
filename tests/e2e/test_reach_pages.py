"""The public showcase, notifications, help for difficult communes and certificates on a
360-px phone: nothing scrolls sideways, every input labelled, no Content-Security-Policy
violation; the unread count appears in the header."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Role
from assistance.models import Activity, Agency, AgencyKind, Assignment, DifficultCommune
from models_registry import workflow as registry
from models_registry.models import RecognitionLevel, Status
from reviews import workflow
from reviews.models import CommendationForm, Decision, IssuingBody
from tests.conftest import make_user
from tests.factories import make_model, unit
from tests.test_reviews_helpers import published

from .conftest import check_page, login

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("district_era"),
]


def _data():
    officer = make_user("babe", Role.DISTRICT_STAFF, "061")
    reviewer = make_user("tinh", Role.PROVINCIAL_REVIEWER, "06")
    model = make_model(
        unit("01891"),
        title="Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp",
        year=2023,
        status=Status.RECOGNISED,
        recognition_level=RecognitionLevel.PROVINCE,
        recognition_year=2024,
        is_exemplary=True,
        results="Thôn sạch đẹp, 100% hộ phân loại rác tại nguồn.",
    )
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 140, 60)).save(buffer, format="JPEG")
    registry.add_attachment(
        model,
        user=officer,
        upload=SimpleUploadedFile("ra-quan.jpg", buffer.getvalue(), content_type="image/jpeg"),
        caption="Ra quân vệ sinh đường làng",
        is_public=True,
    )
    decision = Decision.objects.create(
        number="45-QĐ/BTGDVTU",
        date=date(2026, 11, 20),
        issuer=IssuingBody.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên"),
        form=CommendationForm.CERTIFICATE_OF_MERIT,
        year=2026,
        signatory="Nguyễn Văn Ký",
    )
    workflow.add_recipient(decision, reviewer, model=published(reviewer, model))
    DifficultCommune.objects.create(year=2026, commune=unit("01864", current=True))
    agency = Agency.objects.create(name="Ban Dân vận Tỉnh ủy", kind=AgencyKind.PARTY_BOARD)
    assignment = Assignment.objects.create(
        agency=agency, commune=unit("01864", current=True), start_date=date(2026, 1, 1)
    )
    Activity.objects.create(
        assignment=assignment,
        date=date(2026, 3, 1),
        description="Tặng bò giống",
        money=3_600_000_000,
    )
    return model, decision


def test_reach_pages_fit_a_phone(phone_page):
    page = phone_page
    model, decision = _data()

    page.goto("/")
    page.wait_for_url("**/dien-hinh/")
    assert page.get_by_role("link", name=model.title).is_visible()
    check_page(page, "phone-showcase")
    page.get_by_role("link", name=model.title).click()
    page.wait_for_url(f"**/dien-hinh/{model.pk}/")
    assert page.get_by_role("img", name="Ra quân vệ sinh đường làng").is_visible()
    check_page(page, "phone-showcase-detail")

    login(page, "babe")
    page.get_by_role("button", name="Mở menu").click()
    page.locator("#menu-chinh.show").wait_for()
    page.get_by_test_id("unread-count").wait_for()
    # The round's results published, then the commendation.
    assert page.get_by_test_id("unread-count").inner_text() == "2"
    page.goto("/thong-bao/")
    assert page.get_by_text(f"Mô hình “{model.title}” được khen thưởng").is_visible()
    check_page(page, "phone-notifications")
    page.goto("/giup-xa/?nam=2026")
    check_page(page, "phone-assistance")
    # A download shows that it has started.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel").click()
    assert download.value.suggested_filename.startswith("giup-do-xa-kho-khan-2026")
    link = page.locator("a[data-busy]").first
    assert link.get_attribute("aria-busy") == "true" and link.inner_text() == "Đang tạo tệp…"
    page.goto(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/")
    check_page(page, "phone-certificates")


def test_certificates_print_one_a4_landscape_page_each(page):
    import re

    model, decision = _data()
    second = make_model(unit("01891"), title="Mô hình thứ hai", year=2024)
    from accounts.models import User

    tinh = User.objects.get(username="tinh")
    workflow.add_recipient(decision, tinh, model=published(tinh, second))
    login(page, "tinh")
    page.goto(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 2
    boxes = {
        tuple(round(float(v)) for v in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)
    }
    assert boxes == {(0, 0, 842, 595)}  # A4 landscape, in points


def test_the_statistics_page_shows_the_help_for_difficult_communes(page):
    _data()
    DifficultCommune.objects.create(year=2026, commune=unit("01879", current=True))
    login(page, "tinh")
    page.goto("/thong-ke/?nam=2026")
    help_section = page.get_by_test_id("assistance")
    help_section.scroll_into_view_if_needed()
    assert "Giúp đỡ xã đặc biệt khó khăn năm 2026" in help_section.inner_text()
    assert help_section.get_by_test_id("total").inner_text() == "3,6 tỷ đồng"
    assert help_section.get_by_test_id("without-helper").is_visible()
    check_page(page, "stats-assistance")
    help_section.screenshot(path="test-results/e2e/stats-assistance-section-1366.png")
    page.set_viewport_size({"width": 390, "height": 740})
    help_section.screenshot(path="test-results/e2e/stats-assistance-section-390.png")
