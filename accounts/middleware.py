"""Idle sessions end after SESSION_COOKIE_AGE, without a session write on every page; refused
accesses are written to the audit log; accounts without a unit are told to ask for one."""

import time

from django.conf import settings
from django.shortcuts import render

from .audit import RefusedAccess, record
from .models import AuditAction

SEEN_KEY = "_seen"


class SessionActivityMiddleware:
    """Renews a signed-in session at most once a minute.

    `SESSION_SAVE_EVERY_REQUEST` would write the session row (an UPDATE and a COMMIT waiting
    for the disk) on every page; under load that was one database write per read. Here the
    session is marked modified, and so saved with a fresh expiry by SessionMiddleware, only
    when its last renewal is older than SESSION_REFRESH_SECONDS: a session still ends after
    30 minutes without activity, give or take that minute.

    Must come after SessionMiddleware in MIDDLEWARE (its response step runs first).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.refresh_seconds = getattr(settings, "SESSION_REFRESH_SECONDS", 60)

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        if int(time.time()) - session.get(SEEN_KEY, 0) >= self.refresh_seconds:
            mark_seen(session)
        return response


def mark_seen(session):
    """Record a renewal (marks the session modified, so it is saved with a fresh expiry)."""
    session[SEEN_KEY] = int(time.time())


class AuditRefusedAccessMiddleware:
    """Writes a `RefusedAccess` raised by a view to the audit log; the 404 page follows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RefusedAccess):
            record(request, AuditAction.ACCESS_REFUSED, f"{exception.what} ({request.path})")
        return None


class UnitRequiredMiddleware:
    """An account other than an administrator works only within its unit: without one it
    has no territory, so every page but the account's own (sign in and out, password,
    two-factor) says so with a 403 instead of an empty or broken page.

    Must come after AuthenticationMiddleware."""

    ACCOUNT_PAGES = ("/dang-nhap/", "/dang-xuat/", "/tai-khoan/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.unit_id is None
            and not user.is_administrator
            and not request.path.startswith(self.ACCOUNT_PAGES)
        ):
            return render(request, "accounts/no_unit.html", status=403)
        return self.get_response(request)
