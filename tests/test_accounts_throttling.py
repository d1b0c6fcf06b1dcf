"""Login throttling (issue 14, item 21): per address and per account, no lock extension,
the client address behind the trusted proxy, lockouts audited, tries left shown."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-thu-2026"


def login(username, password, ip="10.0.0.1", **headers):
    client = Client()
    response = client.post(
        "/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )
    return client, response


def signed_in(client):
    return "_auth_user_id" in client.session


def test_one_guess_for_each_of_many_user_names_locks_the_address(babe_officer):
    for n in range(5):
        login(f"nguoi-{n}", "sai", ip="203.0.113.9")
    client, response = login("babe", PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429 and not signed_in(client)
    # The account itself is not locked: from another address it signs in.
    client, response = login("babe", PASSWORD, ip="198.51.100.7")
    assert signed_in(client)


def test_guesses_for_one_account_from_many_addresses_lock_the_account(babe_officer):
    for n in range(5):
        login("babe", "sai", ip=f"203.0.113.{n + 1}")
    client, response = login("babe", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 429 and not signed_in(client)
    assert "tạm thời bị khóa" in response.content.decode()


def test_failures_during_a_lock_do_not_extend_it(babe_officer):
    for _ in range(5):
        login("babe", "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    _, during = login("babe", "sai")  # 10 minutes into the lock
    assert during.status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    client, response = login("babe", PASSWORD)
    assert signed_in(client), "the lock ended 15 minutes after the fifth failure"


def test_the_login_page_says_how_many_tries_remain(babe_officer):
    _, first = login("babe", "sai")
    assert "Còn 4 lần thử." in first.content.decode()
    _, second = login("babe", "sai", ip="10.0.0.2")
    # The account has had two failures (from two addresses): the smaller count is shown.
    assert "Còn 3 lần thử." in second.content.decode()


def test_the_locked_page_says_what_to_do(babe_officer):
    for _ in range(5):
        login("babe", "sai")
    _, locked = login("babe", PASSWORD)
    html = locked.content.decode()
    assert "15 phút" in html and "liên hệ quản trị viên" in html
    assert "không kéo dài thời gian khóa" in html


def test_a_lockout_is_written_to_the_audit_log(babe_officer):
    for _ in range(5):
        login("babe", "sai", ip="203.0.113.5")
    event = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).first()
    assert event is not None
    assert event.username == "babe" and event.ip_address == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_trusted_proxy_each_client_is_counted_by_its_own_address(babe_officer):
    proxy = "127.0.0.1"
    # One client guesses five user names through the proxy, forging a left-hand part.
    for n in range(5):
        login(f"nguoi-{n}", "sai", ip=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66")
    _, guesser = login("babe", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert guesser.status_code == 429
    # Another client through the same proxy is not that client.
    client, other = login("babe", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert signed_in(client)
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).first()
    assert event.ip_address == "203.0.113.66"


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(babe_officer):
    login("babe", "sai", ip="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.ip_address == "10.9.9.9"


def test_a_failure_during_a_lock_does_not_move_its_end(babe_officer):
    from django.db.models import F

    for _ in range(5):
        login("babe", "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    locked_at = {a.pk: a.attempt_time for a in AccessAttempt.objects.all()}
    failures = {a.pk: a.failures_since_start for a in AccessAttempt.objects.all()}
    _, during = login("babe", "sai")  # 10 minutes into the lock
    assert during.status_code == 429
    assert {a.pk: a.attempt_time for a in AccessAttempt.objects.all()} == locked_at
    assert {a.pk: a.failures_since_start for a in AccessAttempt.objects.all()} == failures
    # Six minutes later, 16 minutes after the fifth failure (not 6 after the last try): open.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=6))
    client, response = login("babe", PASSWORD)
    assert signed_in(client)


def test_the_admin_sign_in_is_the_portal_sign_in(babe_officer):
    response = Client().get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_a_signed_in_user_without_admin_rights_is_refused_not_sent_round_in_circles(
    reviewer_client,
):
    response = reviewer_client.get("/quan-tri/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert "Trang quản trị chỉ dành cho quản trị viên." in response.content.decode()
