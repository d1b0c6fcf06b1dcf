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
