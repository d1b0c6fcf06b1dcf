import pytest
from django.test import Client

from accounts.models import AuditAction, AuditEvent, Role
from territory.models import Unit

from .conftest import unit

pytestmark = pytest.mark.django_db


def test_district_officer_scope_is_their_districts_own_tree(chodon_officer):
    scope = chodon_officer.scope_units()
    assert unit("02071") in scope  # Xã Nghĩa Tá, Chợ Đồn
    assert Unit.objects.get(name="Thôn Nà Duồng", valid_from=None) in scope
    # The 2025 communes formed from Chợ Đồn's communes keep their own records.
    assert unit("02071", current=True) not in scope
    assert unit("01933", current=True) not in scope  # Xã Đồng Phúc, also from Ba Bể's
    assert unit("01891") not in scope  # Xã Bành Trạch is Ba Bể's
    assert unit("061") not in scope


def test_commune_account_after_2025_sees_its_former_communes(commune_officer):
    officer = commune_officer
    scope = officer.scope_units()
    assert unit("01870") in scope  # former Xã Giáo Hiệu
    assert Unit.objects.get(name="Thôn Nà Hin", valid_from=None) in scope
    assert unit("02071") not in scope


def test_reviewer_sees_the_whole_province_and_administrator_everything(reviewer, administrator):
    assert reviewer.scope_units().filter(level=3).count() == 108 + 92
    assert administrator.sees_everything
    assert administrator.scope_units().count() == Unit.objects.count()


def test_login_page_is_vietnamese_and_logs_in(babe_officer):
    client = Client()
    page = client.get("/dang-nhap/")
    assert "Tên đăng nhập" in page.content.decode() and "Mật khẩu" in page.content.decode()
    response = client.post(
        "/dang-nhap/", {"username": "babe", "password": "Mat-khau-thu-2026"}, REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 302 and response.url == "/"
    home = client.get("/").content.decode()
    assert "Babe" in home and "Cán bộ Ban Dân vận cấp huyện" in home and "Huyện Ba Bể" in home
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.user == babe_officer and event.ip_address == "10.0.0.5"


def test_wrong_password_is_refused_in_vietnamese_and_audited(babe_officer):
    response = Client().post("/dang-nhap/", {"username": "babe", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="babe").exists()


def test_login_is_locked_after_five_failures(babe_officer):
    client = Client()
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "babe", "password": "sai"})
    locked = client.post("/dang-nhap/", {"username": "babe", "password": "Mat-khau-thu-2026"})
    assert locked.status_code == 429
    assert "tạm thời bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(babe_client):
    assert babe_client.get("/").status_code == 200
    response = babe_client.post("/dang-xuat/")
    assert response.status_code == 302
    assert babe_client.get("/mo-hinh/").url.startswith("/dang-nhap/")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT).count() == 1


def test_anonymous_visitor_is_sent_to_the_public_showcase(anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 302 and response.url == "/dien-hinh/"
    assert anonymous_client.get("/mo-hinh/").url == "/dang-nhap/?next=/mo-hinh/"


def test_session_expires_after_thirty_minutes_without_activity(babe_client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    babe_client.get("/")
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert babe_client.get("/mo-hinh/").url.startswith("/dang-nhap/")


def test_a_session_in_use_is_renewed_at_most_once_a_minute(babe_client):
    import time
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    babe_client.get("/")
    with CaptureQueriesContext(connection) as queries:
        babe_client.get("/mo-hinh/")
    assert not [q for q in queries if 'UPDATE "django_session"' in q["sql"]]

    # Last renewed two minutes ago, 10 minutes left: the next page renews it to 30 minutes.
    session = babe_client.session
    session["_seen"] = int(time.time()) - 120
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=10))
    babe_client.get("/mo-hinh/")
    left = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_passwords_follow_django_validators():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
    validate_password("DanVan@2026-an-toan")


# ---------------------------------------------------------------- abolished units


def test_an_abolished_district_account_sees_a_notice_naming_the_successor_communes(babe_client):
    home = babe_client.get("/").content.decode()
    assert "Huyện Ba Bể</strong> chỉ tồn tại đến ngày 30/06/2025" in home
    assert "Xã Đồng Phúc" in home and "Xã Bằng Thành" not in home


def test_a_current_commune_account_sees_no_notice(commune_client):
    home = commune_client.get("/").content.decode()
    assert 'data-testid="unit-notice"' not in home and "Xã Bằng Thành" in home


def test_the_administrator_moves_an_abolished_account_in_one_step(admin_client, babe_officer):
    dong_phuc = unit("01933", current=True)
    response = admin_client.post(
        "/quan-tri/accounts/user/",
        {
            "action": "move_to_successor",
            "_selected_action": [babe_officer.pk],
            "successor": dong_phuc.pk,
        },
        follow=True,
    )
    assert "Đã chuyển: babe → Xã Đồng Phúc." in response.content.decode()
    babe_officer.refresh_from_db()
    assert (babe_officer.unit, babe_officer.role) == (dong_phuc, Role.COMMUNE_STAFF)


def test_moving_needs_a_choice_when_several_units_took_over(admin_client, babe_officer, reviewer):
    response = admin_client.post(
        "/quan-tri/accounts/user/",
        {"action": "move_to_successor", "_selected_action": [babe_officer.pk, reviewer.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "hãy chọn đơn vị mới" in html and "Đã chuyển: tinh → Tỉnh Thái Nguyên." in html
    babe_officer.refresh_from_db()
    reviewer.refresh_from_db()
    assert babe_officer.unit == unit("061")
    assert (reviewer.unit, reviewer.role) == (unit("19", current=True), Role.PROVINCIAL_REVIEWER)


def test_the_administrator_lists_accounts_of_abolished_units(
    admin_client, babe_officer, commune_officer
):
    html = admin_client.get("/quan-tri/accounts/user/?don_vi=giai_the").content.decode()
    assert ">babe<" in html and ">bangthanh<" not in html


def test_the_provincial_reviewer_carries_the_committees_title_of_the_day(reviewer_client):
    home = reviewer_client.get("/").content.decode()
    assert "Cán bộ Ban Tuyên giáo và Dân vận Tỉnh ủy" in home
    assert "Cán bộ Ban Dân vận Tỉnh ủy" not in home
