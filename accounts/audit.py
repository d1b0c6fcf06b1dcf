"""The audit log: who did what sensitive thing, from which address.

`record` writes one row. `get_or_refuse` is what the scoped doors (`rules.get_visible_model`
and the like) use to fetch one object: an object that exists outside the user's territory is
a 404 like one that does not exist, but it raises `RefusedAccess`, which
`accounts.middleware.AuditRefusedAccessMiddleware` writes to the log with the user, the object
and the address.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.http import Http404

from .models import AuditEvent

NOT_FOUND = "Không tìm thấy nội dung này, hoặc nội dung không thuộc địa bàn của bạn."


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` reverse proxies the
    address the outermost of them saw (the entry that many places from the end of
    X-Forwarded-For: what a client writes there itself stays to the left and is ignored).

    Used by the audit log and by django-axes (AXES_CLIENT_IP_CALLABLE), so throttling and
    the log agree on who the client is."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Not through the whole proxy chain (a direct connection): the peer is the client.
        return remote
    return _valid_ip(forwarded[-proxies]) or remote


def _valid_ip(value):
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return value


def record(request, action, detail="", user=None, username=""):
    user = user or (getattr(request, "user", None) if request is not None else None)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        user=user,
        username=username or (user.username if user else ""),
        action=action,
        ip_address=client_ip(request),
        detail=str(detail)[:500],
    )


class RefusedAccess(Http404):
    """A 404 for an object that exists outside the user's territory (audited)."""

    def __init__(self, what):
        super().__init__(NOT_FOUND)
        self.what = what


def get_or_refuse(visible, everything, what, **lookup):
    """`visible.get(**lookup)`; if absent there but present in `everything` (the same model
    unscoped), raise RefusedAccess(what), else a plain 404. The unscoped query runs only on
    a miss. An id no database column can hold (a URL with 10**30) is simply not found."""
    if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in lookup.values()):
        raise Http404(NOT_FOUND)
    try:
        return visible.get(**lookup)
    except visible.model.DoesNotExist:
        if everything.filter(**lookup).exists():
            raise RefusedAccess(what) from None
        raise Http404(NOT_FOUND) from None
