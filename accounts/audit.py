from .models import AuditEvent


def client_ip(request):
    # REMOTE_ADDR only: behind a proxy, configure it to set REMOTE_ADDR (X-Forwarded-For is
    # client-controlled and would let anyone write any address into the audit log).
    return request.META.get("REMOTE_ADDR") if request is not None else None


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
