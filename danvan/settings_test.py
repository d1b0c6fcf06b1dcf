"""Test settings: the normal settings, with fast password hashing and in-process storage."""

import os
import tempfile

from .settings import *  # noqa: F403
from .settings import CACHES, REDIS_URL, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="danvan-test-media-")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if REDIS_URL:
    # CI runs the suite once with Redis as the cache; each pytest-xdist worker gets a database
    # of its own (gw0 -> 1, gw1 -> 2, …), so tests that clear it touch only their own.
    from urllib.parse import urlsplit, urlunsplit

    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES["default"]["LOCATION"] = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{1 + _worker}"))
    # Query counts per page include the session read, so the suite keeps database sessions;
    # `tests/test_settings_hosts.py` signs in through the cached sessions production uses.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The personas' clients sign in with force_login, without a one-time code; the two-factor
# tests (tests/test_accounts_two_factor.py) turn this back on.
TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS = False
