"""Settings for more than one application host: Redis for the cache and sessions, an
S3-compatible bucket for uploaded files. Each case imports the settings in a fresh interpreter
with its environment, as a gunicorn worker would."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache, caches

PROBE = (
    "import json, danvan.settings as s; print(json.dumps({"
    "'cache': s.CACHES['default']['BACKEND'], 'location': s.CACHES['default'].get('LOCATION'),"
    "'session': getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db'),"
    "'storage': s.STORAGES['default']['BACKEND'],"
    "'options': s.STORAGES['default'].get('OPTIONS', {})}))"
)


def settings_with(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "S3_"))}
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(out.stdout)


def test_one_host_keeps_everything_local():
    found = settings_with()
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["session"] == "django.contrib.sessions.backends.db"
    assert found["storage"] == "django.core.files.storage.FileSystemStorage"


def test_redis_url_shares_the_cache_and_the_sessions():
    found = settings_with(REDIS_URL="redis://cache.internal:6379/0")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["location"] == "redis://cache.internal:6379/0"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"


def test_a_bucket_keeps_uploads_private_in_object_storage():
    found = settings_with(S3_BUCKET="danvan-media", S3_ENDPOINT_URL="https://s3.example.vn")
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["options"]["endpoint_url"] == "https://s3.example.vn"
    assert found["options"]["default_acl"] == "private"
    assert found["options"]["querystring_auth"] is True
    # The backend is installed and importable (django-storages with boto3).
    from storages.backends.s3 import S3Storage  # noqa: F401


@pytest.mark.skipif(not settings.REDIS_URL, reason="the suite runs once with REDIS_URL in CI")
def test_the_suite_under_redis_really_uses_redis(client, babe_officer, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    cache.set("probe", {"năm": 2026})
    assert cache.get("probe") == {"năm": 2026}
    # A signed-in session lives in the cache (and the database behind it).
    client.force_login(babe_officer)
    assert cache.get(f"django.contrib.sessions.cached_db{client.session.session_key}")
