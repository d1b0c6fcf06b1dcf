"""Audit trail of logins (signals are used here only for logging, never for business rules)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record
from .middleware import mark_seen
from .models import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record(request, AuditAction.LOGIN, user=user)


@receiver(user_logged_in)
def start_activity_clock(sender, request, user, **kwargs):
    """Signing in saves the session with a fresh expiry: the next renewal is a minute away
    (see `SessionActivityMiddleware`)."""
    if request is not None and hasattr(request, "session"):
        mark_seen(request.session)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditAction.LOGOUT, user=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    record(request, AuditAction.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """django-axes refused a sign-in: the lock itself, or a try while locked."""
    record(
        request,
        AuditAction.LOCKED_OUT,
        "Tạm khóa đăng nhập (sai mật khẩu quá số lần cho phép)",
        username=str(username or "")[:150],
    )
