"""`notify()`: the one way to tell users something, in the portal and by e-mail.

In-app always. E-mail where the user has an address and the deployment configures mail
(`settings.NOTIFICATIONS_EMAIL`): at once for users who chose it, otherwise in the daily
digest that `manage.py send_reminders` sends.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import EmailMode, Notification, Preference

PORTAL_NAME = "Cổng thông tin “Dân vận khéo”"


def notify(users, event, *, key, title, body="", url=""):
    """One notice per user for (event, key); users who already have it are skipped, so a
    caller may safely repeat itself. Returns the notices created."""
    users = {u.pk: u for u in users if u is not None and u.is_active}
    if not users:
        return []
    already = set(
        Notification.objects.filter(event=event, key=key, user_id__in=users).values_list(
            "user_id", flat=True
        )
    )
    fresh = [
        Notification(user_id=pk, event=event, key=key, title=title[:300], body=body, url=url)
        for pk in users
        if pk not in already
    ]
    # A concurrent run may have told some of them meanwhile: the constraint keeps one notice
    # each, and the rows are read back (ignore_conflicts leaves the objects without ids).
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    fresh = list(
        Notification.objects.filter(event=event, key=key, user_id__in=[n.user_id for n in fresh])
    )
    immediate = set(
        Preference.objects.filter(
            user_id__in=[n.user_id for n in fresh], email_mode=EmailMode.IMMEDIATE
        ).values_list("user_id", flat=True)
    )
    if email_enabled() and immediate:
        keys = (event, key)
        targets = [users[pk] for pk in immediate if users[pk].email]
        transaction.on_commit(lambda: _send_now(targets, keys, title, body, url))
    return fresh


def email_enabled():
    return getattr(settings, "NOTIFICATIONS_EMAIL", False)


def absolute(url):
    base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url and base else url


def _send_now(users, keys, title, body, url):
    event, key = keys
    for user in users:
        send_mail(
            f"[Dân vận khéo] {title}",
            _text(user, [(title, body, url)]),
            None,
            [user.email],
        )
        Notification.objects.filter(user=user, event=event, key=key).update(
            emailed_at=timezone.now()
        )


def _text(user, items):
    lines = [f"Kính gửi {user.display_name},", ""]
    for title, body, url in items:
        lines.append(f"- {title}")
        if body:
            lines.append(f"  {body}")
        if url:
            lines.append(f"  {absolute(url)}")
    lines += ["", f"Xem tất cả thông báo: {absolute('/thong-bao/')}", "", PORTAL_NAME]
    return "\n".join(lines)


def send_digests(*, dry_run=False):
    """One e-mail per user with the notices not yet e-mailed (users on the daily digest, with an
    address). Each user's notices are marked e-mailed in the transaction that sends them, so a
    second run sends nothing. Returns [(user, number of notices)]."""
    from accounts.models import User

    if not email_enabled():
        return []
    opted_out = Preference.objects.exclude(email_mode=EmailMode.DIGEST).values("user_id")
    users = (
        User.objects.filter(is_active=True, notifications__emailed_at__isnull=True)
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .distinct()
        .order_by("pk")
    )
    sent = []
    for user in users:
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(user=user, emailed_at__isnull=True)
                .order_by("created_at", "id")
            )
            if not pending:
                continue
            sent.append((user, len(pending)))
            if dry_run:
                continue
            send_mail(
                f"[Dân vận khéo] {len(pending)} thông báo mới",
                _text(user, [(n.title, n.body, n.url) for n in pending]),
                None,
                [user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
                emailed_at=timezone.now()
            )
    return sent


# ---------------------------------------------------------------- who is told


def local_officers(unit_ids):
    """Active district and commune officers of these units."""
    from accounts.models import LOCAL_STAFF_ROLES, User

    ids = [pk for pk in unit_ids if pk]
    return list(User.objects.filter(is_active=True, role__in=LOCAL_STAFF_ROLES, unit_id__in=ids))
