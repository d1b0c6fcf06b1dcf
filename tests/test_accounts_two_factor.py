"""Two-factor sign-in with an authenticator app (issue 14, item 25): administrators must,
other users may."""

import base64
import re
import time

import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditAction, AuditEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("two_factor_required"),
]
PASSWORD = "Mat-khau-thu-2026"


@pytest.fixture
def two_factor_required():
    with override_settings(TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS=True):
        yield


def sign_in(username):
    client = Client()
    client.post("/dang-nhap/", {"username": username, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


def code_for(secret, offset=0):
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def set_up(client, next_url="/"):
    page = client.get(f"/tai-khoan/hai-lop/?next={next_url}").content.decode()
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7=]+)<', page).group(1)
    response = client.post(
        "/tai-khoan/hai-lop/", {"code": code_for(secret), "next": next_url}, follow=True
    )
    return secret, response


def test_an_administrator_without_an_app_must_set_one_up_before_the_admin(administrator):
    client = sign_in("quantri")
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/hai-lop/?next=%2Fquan-tri%2F")
    page = client.get(response["Location"]).content.decode()
    assert "Tài khoản quản trị phải dùng xác thực hai lớp" in page
    assert "<svg" in page and "otpauth" not in page  # the QR code is drawn, not linked
    assert client.get("/mo-hinh/")["Location"].startswith("/tai-khoan/hai-lop/")

    _secret, done = set_up(client, "/quan-tri/")
    assert done.redirect_chain[-1][0] == "/quan-tri/"
    assert "Quản trị hệ thống" in done.content.decode()
    assert TOTPDevice.objects.get(user=administrator).confirmed
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR).exists()


def test_a_wrong_code_at_set_up_is_refused(administrator):
    client = sign_in("quantri")
    response = client.post("/tai-khoan/hai-lop/", {"code": "000000"})
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    assert client.get("/quan-tri/").status_code == 302


def test_with_an_app_each_sign_in_asks_for_the_code(administrator):
    secret, _ = set_up(sign_in("quantri"))
    client = sign_in("quantri")
    response = client.get("/quan-tri/")
    assert response["Location"].startswith("/tai-khoan/xac-thuc/")
    wrong = client.post("/tai-khoan/xac-thuc/", {"code": "000000", "next": "/quan-tri/"})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get("/quan-tri/").status_code == 302
    too_soon = client.post("/tai-khoan/xac-thuc/", {"code": code_for(secret, 30)})
    assert "vui lòng chờ ít giây" in too_soon.content.decode()
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)
    # The next time step's code (the one used at set-up cannot be used twice).
    right = client.post(
        "/tai-khoan/xac-thuc/", {"code": code_for(secret, 30), "next": "/quan-tri/"}, follow=True
    )
    assert right.redirect_chain[-1][0] == "/quan-tri/"
    assert "Quản trị hệ thống" in right.content.decode()


def test_other_users_need_no_code_unless_they_turn_it_on(babe_officer):
    client = sign_in("babe")
    assert "Mô hình" in client.get("/mo-hinh/").content.decode()
    page = client.get("/tai-khoan/hai-lop/").content.decode()
    assert "Bật xác thực hai lớp" in page and "phải dùng" not in page
    set_up(client)
    again = sign_in("babe")
    assert again.get("/mo-hinh/")["Location"].startswith("/tai-khoan/xac-thuc/")


def test_the_next_address_after_the_code_stays_on_the_portal(administrator):
    client = sign_in("quantri")
    _secret, done = set_up(client, "https://evil.example/")
    assert done.redirect_chain[-1][0] == "/"


def test_the_password_cannot_be_changed_before_the_second_step(administrator):
    set_up(sign_in("quantri"))
    client = sign_in("quantri")
    response = client.post(
        "/tai-khoan/mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Moi-2027-abcdef", "new_password2": "x"},
    )
    assert response["Location"].startswith("/tai-khoan/xac-thuc/")


def test_a_user_whose_app_was_removed_by_an_administrator_carries_on(babe_officer):
    set_up(sign_in("babe"))
    client = sign_in("babe")
    TOTPDevice.objects.filter(user=babe_officer).delete()
    assert client.get("/mo-hinh/")["Location"].startswith("/tai-khoan/xac-thuc/")
    response = client.get("/tai-khoan/xac-thuc/?next=/mo-hinh/", follow=True)
    assert response.redirect_chain[-1][0] == "/mo-hinh/"
    assert client.get("/mo-hinh/").status_code == 200
