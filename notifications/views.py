from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .delivery import email_enabled
from .forms import PreferenceForm
from .models import Notification, Preference

PER_PAGE = 30


@login_required
def index(request):
    """The user's notices, newest first, and their e-mail preference."""
    user = request.user
    preference = Preference.objects.filter(user=user).first() or Preference(user=user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu cách nhận thư thông báo.")
        return redirect("notifications:index")
    page = Paginator(Notification.objects.filter(user=user), PER_PAGE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "notifications/index.html",
        {
            "page": page,
            "form": form,
            "email_enabled": email_enabled(),
            "has_email": bool(user.email),
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def mark_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, "Đã đánh dấu tất cả thông báo là đã đọc.")
    return redirect("notifications:index")


@login_required
@require_GET
def open_notice(request, pk):
    """Follow a notice's link, marking it read (another user's notice is a 404)."""
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("notifications:index")


@login_required
@require_GET
def unread_count(request):
    """The header's badge, fetched after the page (so no page pays a query for it)."""
    count = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    response = HttpResponse(
        f'<span class="badge text-bg-light" data-testid="unread-count">{count}</span>'
        if count
        else ""
    )
    response["Cache-Control"] = "private, max-age=60"
    return response
