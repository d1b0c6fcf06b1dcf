import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_base_layout_shows_user_role_territory_and_menu(chodon_client):
    page = chodon_client.get("/").content.decode()
    assert 'lang="vi"' in page
    assert "Chodon" in page and "Huyện Chợ Đồn" in page
    for label in ["Mô hình", "Đánh giá", "Thống kê"]:
        assert label in page
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert external_assets(page) == []


def external_assets(page):
    """The scripts, style sheets and images a page loads from another host (a CDN). Read from
    the tags, not by looking for "cdn" anywhere: the page's random CSRF tokens spell it now and
    then."""
    assets = re.findall(r"<(?:script|link|img)\b[^>]*?\b(?:src|href)=\"([^\"]*)\"", page)
    return [url for url in assets if url.startswith(("http:", "https:", "//"))]


def test_a_page_that_loads_from_a_cdn_is_caught():
    page = '<link rel="stylesheet" href="https://cdn.jsdelivr.net/x.css"><script src="//x/y.js">'
    assert external_assets(page) == ["https://cdn.jsdelivr.net/x.css", "//x/y.js"]
    token = '<input type="hidden" name="csrfmiddlewaretoken" value="aBcDnQ">'
    assert external_assets(token + '<script src="/static/js/portal.js"></script>') == []


def test_local_officers_find_the_import_page_in_the_menu_but_not_the_administration(
    babe_client, commune_client, district_era
):
    # District officers import their lists of before 1/7/2025, commune officers their
    # commune's (importer.access): the link leads each to the import page of their territory.
    for client, territory in ((babe_client, "Huyện Ba Bể"), (commune_client, "Xã Bằng Thành")):
        page = client.get("/").content.decode()
        assert '<a class="nav-link" href="/nhap-du-lieu/">Nhập dữ liệu</a>' in page
        assert "Quản trị" not in page
        upload = client.get("/nhap-du-lieu/").content.decode()
        assert f"Bạn nhập danh sách của {territory}" in upload


def test_an_abolished_districts_officer_has_no_import_link_today(babe_client):
    # After 30/6/2025 a district account only reads (accounts.dated): nothing to import.
    page = babe_client.get("/").content.decode()
    assert "Nhập dữ liệu" not in page


def test_reviewers_have_no_import_link(reviewer_client):
    page = reviewer_client.get("/").content.decode()
    assert "Nhập dữ liệu" not in page and "Quản trị" not in page


def test_administrator_menu_has_import_and_administration(admin_client):
    page = admin_client.get("/").content.decode()
    assert "Nhập dữ liệu" in page and "Quản trị" in page


def test_unknown_page_is_a_vietnamese_404(babe_client):
    response = babe_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_django_admin_is_at_quan_tri_in_vietnamese(admin_client, reviewer_client):
    page = admin_client.get("/quan-tri/")
    assert page.status_code == 200
    assert "Quản trị hệ thống" in page.content.decode()
    assert "Đơn vị hành chính" in page.content.decode()
    assert reviewer_client.get("/quan-tri/").status_code == 302  # not staff: admin login


def test_pages_carry_a_strict_content_security_policy(babe_client):
    response = babe_client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"


def test_dates_and_numbers_use_vietnamese_formats(settings):
    from datetime import date

    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(date(2023, 3, 15), "SHORT_DATE_FORMAT") == "15/03/2023"
        assert intcomma(1234567) == "1.234.567"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_no_template_has_a_multi_line_hash_comment():
    """Django's {# #} ends at the line: a comment spread over lines prints as page text."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    templates = [
        p
        for p in root.glob("*/templates/**/*.html")
        if not p.is_relative_to(root / "node_modules") and ".venv" not in p.parts
    ] + list((root / "templates").glob("**/*.html"))
    offenders = []
    for path in templates:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\{#(?!.*#\})", line):
                offenders.append(f"{path.relative_to(root)}:{number}")
    assert templates and not offenders, offenders


def test_a_reversed_year_range_is_swapped_and_the_list_says_so(babe_client):
    from .test_reviews_helpers import babe_model

    babe_model(year=2023, title="Vận động nhân dân hiến đất làm đường")
    page = babe_client.get("/mo-hinh/?tu_nam=2030&den_nam=2010").content.decode()
    assert "đã được đổi chỗ: danh sách tính từ năm 2010 đến năm 2030" in page
    assert "Vận động nhân dân hiến đất làm đường" in page
    assert "đổi chỗ" not in babe_client.get("/mo-hinh/?tu_nam=2010&den_nam=2030").content.decode()


def test_lists_carry_the_card_labels_for_phones(babe_client):
    from .test_reviews_helpers import babe_model

    babe_model(title="Vận động nhân dân hiến đất làm đường")
    page = babe_client.get("/mo-hinh/?nam=").content.decode()
    assert 'class="table table-sm table-hover table-models table-cards' in page
    for label in ["Người thực hiện", "Địa bàn thực hiện", "Lĩnh vực", "Năm", "Trạng thái"]:
        assert f'data-label="{label}"' in page


def test_the_statistics_page_carries_its_chart_figures_and_fetches_nothing(babe_client):
    import json
    import re

    from .test_reviews_helpers import babe_model

    babe_model(year=2026)
    page = babe_client.get("/thong-ke/?nam=2026").content.decode()
    block = re.search(
        r'<script id="stats-chart-figures" type="application/json">(.*?)</script>', page, re.S
    )
    figures = json.loads(block.group(1))
    assert figures["by_year"] == [{"year": 2026, "collective": 1, "individual": 0}]
    assert figures["funnel"][0] == {"label": "Đăng ký", "value": 1}
    assert "format=json" not in page


def test_the_charts_name_the_local_level_as_the_tables_do(babe_client, district_era):
    """The “by place” chart's legend reads “Công nhận cấp huyện” (it read “Công nhận undefined”:
    the charts' figures left the level's name out)."""
    import json
    import re

    from .test_reviews_helpers import babe_model

    babe_model(year=2023)
    page = babe_client.get("/thong-ke/?nam=2023").content.decode()
    block = re.search(
        r'<script id="stats-chart-figures" type="application/json">(.*?)</script>', page, re.S
    )
    figures = json.loads(block.group(1))
    assert figures["local_level"] == "cấp huyện"
    assert "Công nhận cấp huyện" in page
    script = Path(__file__).resolve().parent.parent / "stats/static/stats/charts.js"
    assert '"Công nhận " + stats.local_level' in script.read_text(encoding="utf-8")


def test_the_by_place_chart_tells_the_old_and_the_new_commune_of_one_name_apart(reviewer_client):
    """Bằng Thành across 2019–2026 has two rows named “Xã Bằng Thành” (the old commune until
    30/6/2025 and the new one): the table labels them with their dates, and so must the chart
    (it drew two bars named alike)."""
    import json
    import re

    from .factories import make_model, unit

    make_model(unit("01864", current=True), year=2026)
    page = reviewer_client.get("/thong-ke/?don_vi=01864&tu_nam=2019&den_nam=2026")
    block = re.search(
        r'<script id="stats-chart-figures" type="application/json">(.*?)</script>',
        page.content.decode(),
        re.S,
    )
    names = [row["label"] for row in json.loads(block.group(1))["by_subunit"]]
    assert len(names) == len(set(names)), names
    assert "Xã Bằng Thành (từ 01/07/2025)" in names
    script = Path(__file__).resolve().parent.parent / "stats/static/stats/charts.js"
    assert "stats.by_subunit.map((row) => lines(row.label))" in script.read_text(encoding="utf-8")
