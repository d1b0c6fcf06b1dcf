"""Test settings: the normal settings, with fast password hashing and in-process storage."""

import tempfile

from .settings import *  # noqa: F403
from .settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="danvan-test-media-")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The personas' clients sign in with force_login, without a one-time code; the two-factor
# tests (tests/test_accounts_two_factor.py) turn this back on.
TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS = False
