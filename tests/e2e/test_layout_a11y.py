"""The registry and review screens on a 360-px phone (nothing scrolls sideways, every input
labelled, no Content-Security-Policy violation), and the login and model forms without a mouse."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from models_registry import workflow as registry
from models_registry.models import CollectiveKind, DvkModel, Status
from reviews import workflow
from reviews.models import Decision, IssuingBody, ReviewRound
from tests.conftest import make_user
from tests.factories import make_collective, make_model, unit
from tests.test_reviews_helpers import published

from .conftest import (
    check_page,
    csp_errors,
    focused_name,
    keyboard_login,
    login,
    tab_to,
    unlabelled_inputs,
)

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("district_era"),
]

TITLE = "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp"
COLLECTIVE = "Chi bộ thôn Pác Châm"


def _photo(model, user):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 140, 60)).save(buffer, format="JPEG")
    registry.add_attachment(
        model,
        user=user,
        upload=SimpleUploadedFile(
            "pac-cham-ra-quan-ve-sinh-duong-lang-thang-3-nam-2025.jpg",
            buffer.getvalue(),
            content_type="image/jpeg",
        ),
        caption="Thôn Pác Châm ra quân vệ sinh đường làng",
    )


def _review_data():
    """A proposed model with a photo, in an open provincial round, and a decision commending
    the collective's published 2024 model (so every screen of journeys 1 and 2 has something to
    show)."""
    officer = make_user("babe", Role.DISTRICT_STAFF, "061")
    reviewer = make_user("tinh", Role.PROVINCIAL_REVIEWER, "06")
    village = unit("01891").children.get(name="Thôn Pác Châm")
    collective = make_collective(village.parent, COLLECTIVE, kind=CollectiveKind.PARTY)
    model = make_model(village, title=TITLE, year=2025, field_code="BK-NTM", implementer=collective)
    _photo(model, officer)
    round = ReviewRound.objects.create(
        name="Bình xét mô hình “Dân vận khéo” cấp tỉnh năm 2025",
        level="tinh",
        organiser=unit("06"),
        year=2025,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    entry = workflow.propose(model, round, officer)
    decision = Decision.objects.create(
        number="125-QĐ/BTGDVTU",
        date=timezone.localdate(),
        issuer=IssuingBody.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên"),
        form="bang_khen",
        year=2025,
        round=round,
    )
    # The decision commends a 2024 model of the same collective, whose result is published.
    earlier = make_model(
        village,
        title="Vận động hội viên giữ gìn đường làng sạch đẹp",
        year=2024,
        field_code="BK-NTM",
        implementer=collective,
    )
    workflow.add_recipient(decision, reviewer, model=published(reviewer, earlier))
    return model, round, entry, decision


def _open_phone_menu(page):
    page.get_by_role("button", name="Mở menu").click()
    # Bootstrap marks the menu "show" once it has finished sliding open.
    page.locator("#menu-chinh.show").wait_for()


def _phone_logout(page):
    _open_phone_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")


def test_registry_and_review_screens_fit_a_phone(phone_page):
    page = phone_page
    _model, round, entry, decision = _review_data()

    login(page, "babe")
    check_page(page, "phone-home")
    _open_phone_menu(page)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Mô hình"
    ).click()
    page.wait_for_url("**/mo-hinh/")
    check_page(page, "phone-list")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r".*/mo-hinh/\d+/$"))
    expect(page.get_by_role("img", name="Thôn Pác Châm ra quân vệ sinh đường làng")).to_be_visible()
    check_page(page, "phone-detail")
    response = page.goto("/mo-hinh/them/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    check_page(page, "phone-form-new")
    page.get_by_role("button", name="Thêm tập thể mới").click()
    page.get_by_test_id("inline-collective-form").wait_for()
    check_page(page, "phone-form-new-collective")
    page.get_by_label("Cá nhân", exact=True).check()
    page.get_by_role("button", name="Thêm cá nhân mới").click()
    page.get_by_test_id("inline-individual-form").wait_for()
    assert page.get_by_label("Cá nhân thực hiện", exact=True).is_visible()
    check_page(page, "phone-form-new-individual")
    page.goto("/danh-gia/de-nghi/")
    check_page(page, "phone-propose")
    page.goto(f"/danh-gia/ho-so/{entry.pk}/")
    check_page(page, "phone-entry-officer")
    _phone_logout(page)

    login(page, "tinh")
    check_page(page, "phone-reviewer-home")
    for name, url in [
        ("queue", "/danh-gia/hang-doi/"),
        ("score", f"/danh-gia/ho-so/{entry.pk}/cham-diem/"),
        ("entry", f"/danh-gia/ho-so/{entry.pk}/"),
        ("round", f"/danh-gia/dot/{round.pk}/"),
        ("decision-form", f"/danh-gia/quyet-dinh/moi/?dot={round.pk}"),
        ("decision", f"/danh-gia/quyet-dinh/{decision.pk}/"),
        ("annex", f"/danh-gia/quyet-dinh/{decision.pk}/danh-sach/"),
    ]:
        page.goto(url)
        check_page(page, f"phone-{name}")

    # The checks would notice: a bare input is listed; an inline script is refused and reported.
    page.evaluate("() => document.body.append(document.createElement('input'))")
    assert unlabelled_inputs(page) == ["<input>"]
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.inlineRan = true"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert csp_errors(page) and not page.evaluate("() => window.inlineRan === true")


def test_login_and_model_forms_work_with_the_keyboard(page):
    make_user("babe", Role.DISTRICT_STAFF, "061")
    make_collective(unit("01891"), COLLECTIVE, kind=CollectiveKind.PARTY)

    keyboard_login(page, "babe")
    tab_to(page, "Mô hình")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mo-hinh/")
    tab_to(page, "Thêm mô hình")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mo-hinh/them/")

    # The title has the focus; every other choice is a Tab, an arrow key or Space away.
    assert focused_name(page).startswith("Tên mô hình")
    page.keyboard.type(TITLE)
    tab_to(page, "Năm đăng ký")
    page.keyboard.press("Control+A")
    page.keyboard.type("2025")
    tab_to(page, "Lĩnh vực")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Tập thể thực hiện")
    page.keyboard.press("ArrowDown")
    tab_to(page, "Xã Bành Trạch")
    page.keyboard.press("Space")
    page.get_by_label("Thôn Pác Châm, Xã Bành Trạch").wait_for()
    # The places block is refreshed (villages of the commune) and the focus stays put.
    assert focused_name(page) == "Xã Bành Trạch"
    tab_to(page, "Thôn Pác Châm, Xã Bành Trạch")
    page.keyboard.press("Space")
    tab_to(page, "Tiêu chí số 17 – Môi trường")
    page.keyboard.press("Space")
    check_page(page, "keyboard-form")

    # Enter in a text box sends the form with its first button, "Lưu nháp".
    page.get_by_label("Tên mô hình").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/mo-hinh/\d+/$"))
    check_page(page, "keyboard-saved")
    model = DvkModel.objects.get(title=TITLE)
    assert model.status == Status.DRAFT
    assert model.collective.name == COLLECTIVE
    assert model.field is not None
    assert [p.name for p in model.places.all()] == ["Thôn Pác Châm"]
    assert [c.number for c in model.criteria.all()] == [17]
