"""Secure defaults of the production settings and of error handling."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "test-" + "x" * 60,
    "ALLOWED_HOSTS": "danvan.example.vn",
    "DJANGO_SETTINGS_MODULE": "danvan.settings",
}


# The browser tests allow sync ORM calls inside Playwright's loop; a deployment never does.
TEST_ONLY_ENV = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def _manage(*args, env_extra=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in (*drop, *TEST_ONLY_ENV)}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env_extra=env, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_cookies_are_https_only_with_hsts():
    code = (
        "import django, os; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV} | PRODUCTION_ENV
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["True", "True", "True", "True", "DENY", "False"], out.stderr


def _boom(request):
    raise RuntimeError("SELECT secret FROM models_registry_model -- internal detail")


urlpatterns = [path("loi/", _boom)]
handler500 = "danvan.views.error_500"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_page_is_vietnamese_without_stack_trace_or_sql():
    response = Client(raise_request_exception=False).get("/loi/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in body
    assert "Traceback" not in body and "SELECT" not in body and "RuntimeError" not in body


@pytest.mark.django_db
def test_forms_require_a_csrf_token(babe_officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": "babe", "password": "Mat-khau-thu-2026"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_media_files_are_not_served_by_url(babe_client, settings):
    media = Path(settings.MEDIA_ROOT) / "attachments" / "1"
    media.mkdir(parents=True, exist_ok=True)
    (media / "bi-mat.pdf").write_bytes(b"%PDF-1.4 secret")
    for url in [
        "/_media-not-served/attachments/1/bi-mat.pdf",
        "/static/attachments/1/bi-mat.pdf",
        "/media/attachments/1/bi-mat.pdf",
    ]:
        response = babe_client.get(url)
        assert response.status_code == 404
        assert (
            b"secret" not in b"".join(response)
            if hasattr(response, "streaming_content")
            else b"secret" not in response.content
        )


@pytest.mark.django_db
def test_a_refused_access_to_another_districts_model_is_audited(chodon_officer):
    from accounts.models import AuditAction, AuditEvent
    from tests.factories import make_model, unit

    model = make_model(unit("01894"), title="Mô hình của Ba Bể")
    client = Client()
    client.force_login(chodon_officer)
    response = client.get(f"/mo-hinh/{model.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 404
    assert "Mô hình của Ba Bể" not in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert event.user == chodon_officer and event.ip_address == "10.1.2.3"
    assert f"Mô hình #{model.pk}" in event.detail and f"/mo-hinh/{model.pk}/" in event.detail
    # A model that does not exist at all is a plain 404, not a refusal.
    client.get("/mo-hinh/999999/")
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("district_era")
def test_refused_entries_rounds_and_decisions_are_audited(chodon_officer):
    from accounts.models import AuditAction, AuditEvent, Role
    from reviews import workflow
    from reviews.models import RoundLevel
    from tests.conftest import make_user
    from tests.test_reviews_helpers import babe_model, make_round

    babe = make_user("babe", Role.DISTRICT_STAFF, "061")
    district_round = make_round(RoundLevel.DISTRICT, "061")
    entry = workflow.propose(babe_model(), district_round, babe)
    client = Client()
    client.force_login(chodon_officer)
    assert client.get(f"/danh-gia/ho-so/{entry.pk}/").status_code == 404
    assert client.get(f"/danh-gia/dot/{district_round.pk}/").status_code == 404
    details = list(
        AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).values_list(
            "detail", flat=True
        )
    )
    assert any(f"Hồ sơ bình xét #{entry.pk}" in d for d in details)
    assert any(f"Đợt bình xét #{district_round.pk}" in d for d in details)


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_a_404(babe_client):
    assert babe_client.get(f"/mo-hinh/{10**30}/").status_code == 404
