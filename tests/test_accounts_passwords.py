"""Passwords (issue 14, item 25): users change their own; administrators issue a reset link."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from accounts.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
OLD = "Mat-khau-thu-2026"
NEW = "Cau-lac-bo-Ba-Be-2027"


def signs_in(username, password):
    client = Client()
    client.post("/dang-nhap/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_a_user_changes_their_own_password(babe_client, babe_officer):
    page = babe_client.get("/tai-khoan/mat-khau/").content.decode()
    assert "Đổi mật khẩu" in page and "Mật khẩu cũ" in page
    response = babe_client.post(
        "/tai-khoan/mat-khau/",
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Đã đổi mật khẩu." in response.content.decode()
    assert babe_client.get("/").status_code == 200  # still signed in
    assert signs_in("babe", NEW) and not signs_in("babe", OLD)
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_CHANGED, user=babe_officer
    ).exists()


def test_a_wrong_old_password_or_a_weak_new_one_is_refused_in_vietnamese(babe_client):
    wrong = babe_client.post(
        "/tai-khoan/mat-khau/", {"old_password": "sai", "new_password1": NEW, "new_password2": NEW}
    ).content.decode()
    assert "Mật khẩu cũ không chính xác" in wrong
    weak = babe_client.post(
        "/tai-khoan/mat-khau/",
        {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"},
    ).content.decode()
    assert "quá ngắn" in weak or "ít nhất" in weak
    assert signs_in("babe", OLD)


def issue(admin_client, user):
    return admin_client.post(
        "/quan-tri/accounts/user/",
        {"action": "issue_password_reset", "_selected_action": [user.pk]},
        follow=True,
    )


def test_without_mail_the_administrator_is_shown_a_one_time_link(admin_client, babe_officer):
    page = issue(admin_client, babe_officer).content.decode()
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/[^ <\"]+/)", page)
    assert link, "the link is shown to the administrator"
    visitor = Client()
    form = visitor.get(link.group(1), follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = visitor.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    assert signs_in("babe", NEW)
    # One time only.
    again = Client().get(link.group(1), follow=True).content.decode()
    assert "không còn dùng được" in again
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert AuditAction.PASSWORD_RESET in actions


@override_settings(EMAIL_CONFIGURED=True)
def test_with_mail_the_link_goes_to_the_users_address(admin_client, babe_officer):
    babe_officer.email = "babe@example.vn"
    babe_officer.save()
    page = issue(admin_client, babe_officer).content.decode()
    assert "Đã gửi liên kết đặt lại mật khẩu đến babe@example.vn" in page
    assert "/tai-khoan/dat-lai-mat-khau/" not in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["babe@example.vn"]
    assert "/tai-khoan/dat-lai-mat-khau/" in mail.outbox[0].body


def test_every_page_links_to_the_password_page(babe_client):
    home = babe_client.get("/").content.decode()
    assert 'href="/tai-khoan/mat-khau/" data-testid="account-link">Mật khẩu và bảo mật<' in home
    page = babe_client.get("/tai-khoan/mat-khau/").content.decode()
    assert 'href="/tai-khoan/hai-lop/">Bật xác thực hai lớp<' in page


def test_a_reset_password_ends_a_lockout(admin_client, babe_officer):
    for _ in range(5):
        Client().post("/dang-nhap/", {"username": "babe", "password": "sai"})
    assert not signs_in("babe", OLD)  # locked
    page = issue(admin_client, babe_officer).content.decode()
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/[^ <\"]+/)", page).group(1)
    visitor = Client()
    form = visitor.get(link, follow=True)
    visitor.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert signs_in("babe", NEW)
