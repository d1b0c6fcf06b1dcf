"""Journey 1: the Ba Bể officer registers a collective's model (two villages, an NTM criterion,
a photo), saves a draft with a missing field, completes it and proposes it to the province."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Role
from models_registry.models import DvkModel, Status
from reviews.models import Entry, ReviewRound
from tests.conftest import make_user
from tests.factories import unit

from .conftest import check_page, keyboard_login

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("district_era"),
]

TITLE = "Vận động nhân dân giữ gìn vệ sinh môi trường thôn Pác Châm, Nà Lần"
COLLECTIVE = "Chi bộ thôn Pác Châm"
YEAR = 2025


def test_ba_be_officer_registers_and_proposes_a_model(page, tmp_path):
    make_user("babe", Role.DISTRICT_STAFF, "061")
    round = ReviewRound.objects.create(
        name=f"Bình xét mô hình “Dân vận khéo” cấp tỉnh năm {YEAR}",
        level="tinh",
        organiser=unit("06"),
        year=YEAR,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    photo = tmp_path / "pac-cham.jpg"
    Image.new("RGB", (320, 240), (40, 140, 60)).save(photo, format="JPEG")

    keyboard_login(page, "babe")
    check_page(page, "j1-home")
    page.get_by_role("link", name="Mô hình", exact=True).first.click()
    page.wait_for_url("**/mo-hinh/")
    check_page(page, "j1-list-empty")
    page.get_by_role("link", name="Thêm mô hình", exact=True).click()
    page.wait_for_url("**/mo-hinh/them/")

    # General information; the year decides which units and criteria set are offered.
    page.get_by_label("Tên mô hình").fill(TITLE)
    page.get_by_label("Năm đăng ký").fill(str(YEAR))
    page.get_by_label("Năm đăng ký").press("Tab")
    page.get_by_label("Xã Bành Trạch", exact=True).check()
    page.get_by_label("Thôn Pác Châm, Xã Bành Trạch").check()
    page.get_by_label("Thôn Nà Lần, Xã Bành Trạch").check()
    page.get_by_label("Tiêu chí số 17 – Môi trường và an toàn thực phẩm").check()
    assert page.get_by_label("Huyện, thành phố").locator("option:checked").inner_text() == (
        "Huyện Ba Bể"
    )

    # The collective does not exist yet: add it without leaving the form.
    page.get_by_role("button", name="Thêm tập thể mới").click()
    inline = page.get_by_test_id("inline-collective-form")
    inline.get_by_label("Tên tập thể").fill(COLLECTIVE)
    inline.get_by_label("Loại tập thể").select_option(label="Chi bộ, đảng bộ")
    inline.get_by_label("Địa bàn").select_option(
        label="Xã Bành Trạch, Huyện Ba Bể (đến 30/06/2025)"
    )
    page.get_by_role("button", name="Lưu tập thể").click()
    page.get_by_test_id("implementer-created").wait_for()
    # The picker names each collective with its unit (near-namesakes of two communes).
    assert page.get_by_label("Tập thể thực hiện").locator("option:checked").inner_text() == (
        f"{COLLECTIVE} — Xã Bành Trạch, Huyện Ba Bể"
    )
    page.get_by_label("Mục tiêu").fill("100% hộ gia đình phân loại rác, thu gom đúng nơi quy định.")
    page.get_by_label("Cách làm").fill("Chi bộ giao đảng viên phụ trách từng nhóm hộ.")
    check_page(page, "j1-form-filled")

    # Registering without a field is refused next to the field; the typed values stay.
    page.get_by_role("button", name="Đăng ký mô hình").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_text("Chọn lĩnh vực.")).to_be_visible()
    assert page.get_by_label("Tên mô hình").input_value() == TITLE
    assert page.get_by_label("Thôn Nà Lần, Xã Bành Trạch").is_checked()
    check_page(page, "j1-form-missing-field")

    # A draft may miss it.
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_url(re.compile(r".*/mo-hinh/\d+/$"))
    assert page.get_by_test_id("status").inner_text() == "Bản nháp"
    assert "Đã lưu bản nháp" in page.get_by_role("alert").first.inner_text()
    places = page.get_by_test_id("places").inner_text()
    assert "Thôn Pác Châm, Xã Bành Trạch" in places and "Thôn Nà Lần, Xã Bành Trạch" in places
    assert "Tiêu chí số 17 – Môi trường" in page.get_by_test_id("criteria").inner_text()

    # Evidence: a photo of the village.
    page.get_by_label("Tệp minh chứng").set_input_files(photo)
    page.get_by_label("Chú thích").fill("Thôn Pác Châm ra quân vệ sinh đường làng")
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_test_id("photo").wait_for()
    expect(page.get_by_role("img", name="Thôn Pác Châm ra quân vệ sinh đường làng")).to_be_visible()
    check_page(page, "j1-draft-with-photo")

    # Complete the draft and register it.
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.get_by_label("Lĩnh vực").select_option(
        label="Dân vận khéo trong xây dựng nông thôn mới, đô thị văn minh"
    )
    page.get_by_role("button", name="Đăng ký mô hình").click()
    page.wait_for_url(re.compile(r".*/mo-hinh/\d+/$"))
    assert page.get_by_test_id("status").inner_text() == "Đã đăng ký"
    check_page(page, "j1-registered")

    # Propose it from the list: tick it, then choose the provincial round.
    page.get_by_role("link", name="Mô hình", exact=True).first.click()
    page.wait_for_url("**/mo-hinh/")
    check_page(page, "j1-list")
    page.get_by_label(f"Chọn mô hình {TITLE}").check()
    page.get_by_role("button", name="Đề nghị xét công nhận").click()
    page.get_by_label("Đề nghị vào đợt").select_option(label=str(round))
    assert page.get_by_label(f"{TITLE} ({YEAR})").is_checked()
    check_page(page, "j1-propose")
    page.get_by_role("button", name="Đề nghị", exact=True).click()
    page.wait_for_url(f"**/danh-gia/dot/{round.pk}/")
    assert "Đã đề nghị 1 mô hình" in page.get_by_role("alert").first.inner_text()
    assert TITLE in page.get_by_test_id("entries").inner_text()
    check_page(page, "j1-proposed")

    model = DvkModel.objects.get(title=TITLE)
    assert model.status == Status.PROPOSED
    assert model.collective.name == COLLECTIVE
    assert sorted(p.name for p in model.places.all()) == ["Thôn Nà Lần", "Thôn Pác Châm"]
    assert [c.number for c in model.criteria.all()] == [17]
    assert model.attachments.count() == 1
    assert Entry.objects.filter(round=round, model=model, state="dang_xet").exists()
