"""End-to-end journeys in Debian's Chromium driven by Playwright, against a live test server.

Never downloads a browser: Chromium comes from `apt-get install chromium` (.ci/run installs it).
Without it the journeys are skipped locally; in CI (CI=true) a missing browser is a failure.
Screenshots of the key screens go to test-results/e2e/, each at 1366 px (an office screen) and
390 px (a phone): NAME-1366.png and NAME-390.png.
"""

import contextlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# (creating users and data) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI needs Chromium at {CHROMIUM} for the end-to-end journeys")
    skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser, live_server, viewport):
    context = browser.new_context(
        viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    return context, page


@pytest.fixture
def page(live_server, reference_data, browser):
    context, page = _new_page(browser, live_server, {"width": 1366, "height": 768})
    yield page
    context.close()


@pytest.fixture
def phone_page(live_server, reference_data, browser):
    context, page = _new_page(browser, live_server, {"width": 360, "height": 740})
    yield page
    context.close()


def screenshot(page, name):
    RESULTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


def login(page, username, password="Mat-khau-thu-2026"):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_until_logged_in(page)


def wait_until_logged_in(page):
    """The login page itself ends with "/": wait until the browser has left it."""
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def logout(page):
    page.get_by_role("button", name="Đăng xuất").first.click()
    page.wait_for_url("**/dang-nhap/")


# ---------------------------------------------------------------- checks shared by the journeys

# The name a person hears for the focused element: its <label for>, aria-label or own text.
_FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return ""; }
  const byFor = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
  const text = (byFor && byFor.textContent) || el.getAttribute("aria-label") || el.textContent || "";
  return text.replace(/\\s+/g, " ").trim();
}"""

# Visible form controls without a <label for>, an aria-label or an aria-labelledby.
_UNLABELLED = """() => Array.from(document.querySelectorAll("input, select, textarea"))
  .filter((el) => el.type !== "hidden" && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden")
  .filter((el) => !((el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`))
    || (el.getAttribute("aria-label") || "").trim()
    || (el.getAttribute("aria-labelledby") || "").trim()))
  .map((el) => el.outerHTML.slice(0, 160))"""


def focused_name(page):
    return page.evaluate(_FOCUSED_NAME)


def tab_to(page, name, limit=80):
    """Press Tab until the focused element is named `name` (start of its label or text)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused_name(page)
        if current.startswith(name):
            return
        seen.append(current)
    raise AssertionError(f"“{name}” cannot be reached with Tab; focus went through {seen}")


def keyboard_login(page, username, password="Mat-khau-thu-2026"):
    """Log in without the mouse: Tab to the fields, type, Enter."""
    page.goto("/dang-nhap/")
    tab_to(page, "Tên đăng nhập")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused_name(page).startswith("Mật khẩu")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    wait_until_logged_in(page)


def unlabelled_inputs(page):
    return page.evaluate(_UNLABELLED)


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


# Visible elements that reach past the right (or left) edge of the viewport, including those
# inside a box that scrolls sideways (a table in .table-responsive): reading them would need
# sideways scrolling too. Elements clipped by an overflow:hidden ancestor are not visible.
_TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX === "hidden" || style.overflowX === "clip") {
        const box = p.getBoundingClientRect();
        if (box.right <= width + 1 && box.left >= -1) { return true; }
      }
    }
    return false;
  };
  return Array.from(document.body.querySelectorAll("*"))
    .filter((el) => {
      if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") {
        return false;
      }
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 1 || box.left < -1) && !clipped(el);
    })
    .map((el) => {
      const box = el.getBoundingClientRect();
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      return `${name} (${Math.round(box.left)}–${Math.round(box.right)} px)`;
    });
}"""


def too_wide(page):
    """Visible elements wider than the screen (outermost first), as "tag.class (left–right)"."""
    return page.evaluate(_TOO_WIDE)


def csp_errors(page):
    return [
        text
        for text in page.console_errors
        if "Content Security Policy" in text or "Content-Security-Policy" in text
    ]


def settle_layout(page, timeout=3000):
    """After a resize, wait until the page has laid itself out for the new width: two animation
    frames (media-query listeners such as the folding filter panels run in between), then until
    nothing makes the page wider than the viewport and no element reaches past its edge, for at
    most `timeout` ms (a page that stays too wide is then reported by the checks, with the
    elements that reach past the edge)."""
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"() => document.documentElement.scrollWidth <= window.innerWidth"
            f" && ({_TOO_WIDE})().length === 0",
            timeout=timeout,
        )


OFFICE, PHONE = 1366, 390


def check_page(page, name):
    """Screenshot a key screen at an office width and a phone width and check what every screen
    must satisfy at both: labelled inputs, nothing wider than the screen (the page does not
    scroll sideways, no element reaches past its edge), no Content-Security-Policy violation."""
    original = page.viewport_size
    try:
        for width in (OFFICE, PHONE):
            page.set_viewport_size({"width": width, "height": original["height"]})
            settle_layout(page)
            screenshot(page, f"{name}-{width}")
            assert unlabelled_inputs(page) == [], f"{name}: inputs without a label"
            overflow = horizontal_overflow(page)
            assert overflow <= 0, (
                f"{name} at {width} px: the page scrolls sideways by {overflow} px: "
                f"{too_wide(page)[:8]}"
            )
            wide = too_wide(page)
            assert wide == [], f"{name} at {width} px: wider than the screen: {wide[:8]}"
    finally:
        page.set_viewport_size(original)
    assert csp_errors(page) == [], f"{name}: Content-Security-Policy violations"
