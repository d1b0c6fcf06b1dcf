"""What the browser does for the user between pages: filter links without empty parameters,
a form that shows it is working and cannot be sent twice, menu links that can be read."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from models_registry.models import DvkModel, Status
from tests.conftest import make_user
from tests.test_reviews_helpers import babe_model

from .conftest import check_page, login, screenshot

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("district_era"),
]


def test_the_filter_form_sends_only_what_is_filled_in(page):
    make_user("babe", Role.DISTRICT_STAFF, "061")
    babe_model(year=2023, title="Vận động nhân dân hiến đất làm đường")
    login(page, "babe")
    page.goto("/mo-hinh/")
    page.get_by_label("Từ năm").fill("2030")
    page.get_by_label("Đến năm").fill("2010")
    with page.expect_response("**/mo-hinh/don-vi/**"):
        page.get_by_label("Huyện, thành phố").select_option(label="Huyện Ba Bể")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/mo-hinh/?**")
    params = parse_qsl(urlsplit(page.url).query, keep_blank_values=True)
    assert ("don_vi", "061") in params
    assert [name for name, _ in params].count("don_vi") == 1
    assert all(value for _, value in params), params
    expect(page.get_by_role("status").first).to_contain_text("đã được đổi chỗ")
    expect(page.get_by_text("Vận động nhân dân hiến đất làm đường")).to_be_visible()
    check_page(page, "filters-swapped-years")


_NARROW_SELECTS = """() => {
  const form = document.querySelector("form.registry-filters .row").getBoundingClientRect();
  return [...document.querySelectorAll("form.registry-filters select")]
    .filter((select) => select.getBoundingClientRect().width < form.width * 0.9)
    .map((select) => select.labels[0].textContent.trim());
}"""


def test_on_a_phone_a_filtered_list_comes_first_and_its_filters_open_full_width(page):
    """On a phone the filters stay folded under their button, filtered or not: open, they put
    a filtered list some 1.100 px down the screen. Opened, every list is as wide as the form
    (a half-width one cut the chosen district's name: "Huyện Chợ Đồ…")."""
    make_user("babe", Role.DISTRICT_STAFF, "061")
    babe_model(year=2023, title="Vận động nhân dân hiến đất làm đường")
    login(page, "babe")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/mo-hinh/?don_vi=061&nam=2023")
    expect(page.get_by_label("Huyện, thành phố")).to_be_hidden()
    expect(page.get_by_test_id("result-count").locator("..")).to_contain_text(
        "Tìm thấy 1 mô hình tại Huyện Ba Bể năm 2023"
    )
    first = page.get_by_role("link", name="Vận động nhân dân hiến đất làm đường")
    expect(first).to_be_in_viewport()
    page.get_by_text("Bộ lọc (đang lọc)").click()
    expect(page.get_by_label("Huyện, thành phố")).to_be_visible()
    assert page.evaluate(_NARROW_SELECTS) == []
    check_page(page, "filters-phone-filtered")


# Runs after the portal's own submit handler (window comes after document when an event
# bubbles): counts the submissions the portal let through, and keeps the page from leaving,
# as a server that takes its time would.
_SLOW_SERVER = """() => {
  window.sentForms = 0;
  window.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) { window.sentForms += 1; }
    event.preventDefault();
  });
}"""
_BUSY_BUTTON = """() => {
  const button = document.querySelector("form[aria-busy=true] button[type=submit]");
  return button && [button.textContent.trim(), button.getAttribute("aria-disabled")];
}"""


def test_a_sent_form_shows_it_is_working_and_is_sent_once(page):
    make_user("babe", Role.DISTRICT_STAFF, "061")
    draft = babe_model(status=Status.DRAFT, title="Bản nháp cần xóa")
    login(page, "babe")
    page.goto(f"/mo-hinh/{draft.pk}/xoa/")
    page.evaluate(_SLOW_SERVER)
    page.get_by_role("button", name="Xóa bản nháp").click()
    assert page.evaluate(_BUSY_BUTTON) == ["Đang xử lý…", "true"]
    screenshot(page, "busy-delete")
    # Longer than the old guard's 5 seconds, then a second click and an Enter: sent once.
    page.wait_for_timeout(5500)
    assert page.evaluate(_BUSY_BUTTON) == ["Đang xử lý…", "true"]
    page.locator("form[aria-busy=true] button[type=submit]").click(force=True)
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.sentForms") == 1
    assert DvkModel.objects.filter(pk=draft.pk).exists()  # nothing reached the server


_CONTRAST = """() => {
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  const bar = rgba(getComputedStyle(document.querySelector(".portal-navbar")).backgroundColor);
  return Array.from(document.querySelectorAll(".portal-navbar .nav-link")).map((link) => {
    const [r, g, b, a = 1] = rgba(getComputedStyle(link).color);
    const shown = [r, g, b].map((c, i) => a * c + (1 - a) * bar[i]);
    const [light, dark] = [luminance(shown), luminance(bar)].sort((x, y) => y - x);
    return [link.textContent.trim(), (light + 0.05) / (dark + 0.05)];
  });
}"""


def test_every_menu_link_reaches_aa_contrast(page):
    make_user("babe", Role.DISTRICT_STAFF, "061")
    login(page, "babe")
    page.goto("/mo-hinh/")
    ratios = page.evaluate(_CONTRAST)
    assert {name for name, _ in ratios} >= {"Mô hình", "Đánh giá", "Thống kê"}
    low = [(name, round(ratio, 2)) for name, ratio in ratios if ratio < 4.5]
    assert not low, f"menu links under 4.5:1: {low}"


def test_several_evidence_files_go_up_together_with_progress(page, tmp_path):
    from PIL import Image

    make_user("babe", Role.DISTRICT_STAFF, "061")
    model = babe_model(title="Vận động nhân dân giữ gìn vệ sinh môi trường")
    files = []
    for name, colour in [("ra-quan.jpg", (40, 140, 60)), ("hop-dan.jpg", (140, 40, 60))]:
        Image.new("RGB", (1200, 900), colour).save(tmp_path / name, format="JPEG")
        files.append(tmp_path / name)
    login(page, "babe")
    page.goto(f"/mo-hinh/{model.pk}/")
    page.get_by_label("Tệp minh chứng").set_input_files(files)
    page.get_by_label("Chú thích").fill("Ra quân vệ sinh đường làng")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên 2 tệp.")).to_be_visible()
    assert page.url.endswith(f"/mo-hinh/{model.pk}/")
    assert model.attachments.count() == 2
    check_page(page, "evidence-two-files")


def test_the_decision_model_picker_finds_models_as_one_types(page):
    from reviews import workflow
    from reviews.models import EntryState
    from tests.test_reviews_helpers import make_round
    from tests.test_reviews_views import make_decision

    officer = make_user("babe", Role.DISTRICT_STAFF, "061")
    reviewer = make_user("tinh", Role.PROVINCIAL_REVIEWER, "06")
    round = make_round()
    for title in ["Vận động nhân dân hiến đất làm đường", "Vận động phụ nữ làm du lịch cộng đồng"]:
        entry = workflow.propose(babe_model(title=title), round, officer)
        workflow.decide(entry, reviewer, EntryState.RECOGNISED, version=entry.version, reason="Tốt")
    workflow.close_round(round, reviewer)  # results published: a decision may commend them
    decision = make_decision()
    login(page, "tinh")
    page.goto(f"/danh-gia/quyet-dinh/{decision.pk}/")
    results = page.locator("#mo-hinh-tim-thay")
    expect(results.get_by_role("radio")).to_have_count(2)
    with page.expect_response("**/tim-mo-hinh/?tim=**"):
        page.get_by_label("Tìm theo tên mô hình").fill("du lich")
    expect(results.get_by_role("radio")).to_have_count(1)
    results.get_by_label("Vận động phụ nữ làm du lịch cộng đồng", exact=False).check()
    check_page(page, "decision-model-picker")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_test_id("recipients")).to_contain_text("Vận động phụ nữ làm du lịch")
