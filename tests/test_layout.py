import pytest

pytestmark = pytest.mark.django_db


def test_base_layout_shows_user_role_territory_and_menu(chodon_client):
    page = chodon_client.get("/").content.decode()
    assert 'lang="vi"' in page
    assert "Chodon" in page and "Huyện Chợ Đồn" in page
    for label in ["Mô hình", "Đánh giá", "Thống kê"]:
        assert label in page
    assert "Nhập dữ liệu" not in page  # administrators only
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()


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
