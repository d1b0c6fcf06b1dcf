"""Journey 2: the provincial reviewer scores a proposed Ba Bể model and returns it with a
reason; the Ba Bể officer sees the reason on the home page, completes the model and proposes it
again; the reviewer recognises it as exemplary, closes the round, records a Bằng khen decision
and prints its annex."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from models_registry.models import CollectiveKind, DvkModel, RecognitionLevel
from reviews import workflow
from reviews.models import Decision, ReviewRound
from tests.conftest import make_user
from tests.factories import make_collective, make_model, unit

from .conftest import check_page, login, logout

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("district_era"),
]

TITLE = "Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp"
COLLECTIVE = "Chi bộ thôn Pác Châm"
REASON = "Bổ sung số hộ được vận động và kết quả đạt được trong năm."
SCORES = {
    "Tính sáng tạo": "8",
    "Tuân thủ pháp luật": "10",
    "Huy động được nhiều lực lượng tham gia": "9",
    # Typed with the decimal comma, as offices write it.
    "Sức lan tỏa và kết quả": "7,5",
    "Tính bền vững": "8",
}


def _proposed_model():
    officer = make_user("babe", Role.DISTRICT_STAFF, "061")
    make_user("tinh", Role.PROVINCIAL_REVIEWER, "06")
    village = unit("01891").children.get(name="Thôn Pác Châm")
    model = make_model(
        village,
        title=TITLE,
        year=2025,
        field_code="BK-NTM",
        implementer=make_collective(village.parent, COLLECTIVE, kind=CollectiveKind.PARTY),
    )
    round = ReviewRound.objects.create(
        name="Bình xét mô hình “Dân vận khéo” cấp tỉnh năm 2025",
        level="tinh",
        organiser=unit("06"),
        year=2025,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    workflow.propose(model, round, officer)
    return model, round


def _decide(page, outcome, reason=""):
    page.get_by_label(outcome, exact=True).check()
    if reason:
        page.get_by_label("Lý do, nhận xét").fill(reason)
    page.get_by_role("button", name="Lưu kết quả").click()
    # The page reloads at the same address: wait for the confirmation of this outcome.
    expect(page.get_by_role("alert").filter(has_text=f"Đã ghi nhận: {outcome}.")).to_be_visible()


def test_reviewer_returns_recognises_and_commends(page):
    model, round = _proposed_model()
    page.on("dialog", lambda dialog: dialog.accept())

    # The reviewer scores the file from the queue and returns it with a reason.
    login(page, "tinh")
    page.get_by_role("link", name="Hồ sơ đang chờ bạn chấm điểm").click()
    page.get_by_role("link", name=TITLE).click()
    for criterion, value in SCORES.items():
        page.get_by_label(criterion).fill(value)
    page.get_by_label("Nhận xét").fill("Mô hình thiết thực, cần số liệu cụ thể hơn.")
    check_page(page, "j2-score")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url(re.compile(r".*/danh-gia/ho-so/\d+/$"))
    assert "Đã lưu phiếu chấm: 85.00/100 điểm." in page.get_by_role("alert").first.inner_text()
    _decide(page, "Trả lại để bổ sung", REASON)
    assert page.get_by_test_id("outcome").inner_text().strip() == "Trả lại để bổ sung"
    check_page(page, "j2-returned")
    logout(page)

    # The officer finds the reason on the home page, completes the model, proposes it again.
    login(page, "babe")
    todo = page.get_by_test_id("todo-list")
    assert f"Bổ sung hồ sơ và đề nghị lại: {TITLE}" in todo.inner_text()
    assert f"Lý do trả lại: {REASON}" in todo.inner_text()
    check_page(page, "j2-officer-home-todo")
    todo.get_by_role("link", name=f"Bổ sung hồ sơ và đề nghị lại: {TITLE}").click()
    assert page.get_by_test_id("reason").inner_text() == REASON
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.get_by_label("Số hộ được vận động").fill("86")
    page.get_by_label("Kết quả", exact=True).fill(
        "86/86 hộ phân loại rác tại nguồn; 2 km đường làng được trồng hoa."
    )
    check_page(page, "j2-officer-edit")
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.wait_for_url(f"**/mo-hinh/{model.pk}/")
    assert "Số hộ được vận động\n86 hộ" in page.locator("dl.registry-dl").inner_text()
    page.get_by_test_id("review-panel").get_by_role("link", name=round.name).click()
    page.get_by_role("button", name="Đề nghị lại").click()
    assert "Đã đề nghị lại mô hình" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_test_id("outcome").inner_text().strip() == "Đang xét"
    logout(page)

    # The reviewer recognises it, picks it as exemplary and closes the round.
    login(page, "tinh")
    page.get_by_role("link", name="Đánh giá", exact=True).first.click()
    page.get_by_role("link", name=round.name).click()
    page.get_by_test_id("entries").get_by_role("link", name=TITLE).click()
    _decide(page, "Công nhận")
    _decide(page, "Điển hình, tiêu biểu")
    assert page.get_by_test_id("outcome").inner_text().startswith("Điển hình, tiêu biểu")
    check_page(page, "j2-exemplary")
    page.get_by_role("link", name=round.name).click()
    page.get_by_role("button", name="Kết thúc đợt, công bố kết quả").click()
    assert "Đã kết thúc đợt" in page.get_by_role("alert").first.inner_text()
    check_page(page, "j2-round-closed")

    # A Bằng khen decision for the exemplary model, then its printed annex.
    page.get_by_role("link", name="Nhập quyết định khen thưởng").click()
    today = timezone.localdate()
    page.get_by_label("Số quyết định").fill("125-QĐ/BTGDVTU")
    page.get_by_label("Ngày ký").fill(today.isoformat())
    page.get_by_label("Cơ quan ban hành").select_option(
        label="Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên (từ 01/07/2025)"
    )
    page.get_by_label("Hình thức").select_option(label="Bằng khen")
    assert page.get_by_label("Khen thưởng cho năm").input_value() == "2025"
    page.get_by_label("Người ký").fill("Nguyễn Văn Bình")
    check_page(page, "j2-decision-form")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url(re.compile(r".*/danh-gia/quyet-dinh/\d+/$"))
    assert page.get_by_role("checkbox", name=f"{TITLE} — {COLLECTIVE}").is_checked()
    page.get_by_role("button", name="Thêm các mô hình đã chọn").click()
    assert COLLECTIVE in page.get_by_test_id("recipients").inner_text()
    check_page(page, "j2-decision")
    page.get_by_role("link", name="Danh sách kèm theo (bản in)").click()
    page.wait_for_url("**/danh-sach/")
    # count() does not wait: the annex may still be loading when it is read.
    row = page.get_by_test_id("annex").get_by_role("row").filter(has_text=COLLECTIVE)
    expect(row).to_have_count(1)
    assert row.get_by_role("cell").first.inner_text() == "1"
    assert f"“Dân vận khéo”: {TITLE}" in row.inner_text()
    assert "Kèm theo Quyết định số 125-QĐ/BTGDVTU" in page.content()
    check_page(page, "j2-annex")

    model = DvkModel.objects.get(pk=model.pk)
    assert model.is_exemplary
    assert model.recognition_level == RecognitionLevel.PROVINCE
    assert model.households_mobilised == 86
    decision = Decision.objects.get(number="125-QĐ/BTGDVTU")
    assert decision.get_form_display() == "Bằng khen"
    assert list(decision.recipients.values_list("collective__name", flat=True)) == [COLLECTIVE]
    assert ReviewRound.objects.get(pk=round.pk).is_closed
