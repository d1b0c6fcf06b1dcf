"""The admin site (/quan-tri/) of the portal: signing in goes through the portal's own page."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

YES_NO = {True: ("yes", "Có"), False: ("no", "Không"), None: ("unknown", "Chưa rõ")}


class PortalAdminSite(admin.AdminSite):
    """Django's admin, whose sign-in page is the portal's (/dang-nhap/): one page that says how
    many tries remain before a lock, and that leads administrators to their two-factor code.
    Django's own admin sign-in form would skip both."""

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in without the admin's rights: the portal's page would send them back here.
            raise PermissionDenied("Trang quản trị chỉ dành cho quản trị viên.")
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name),
            login_url=reverse("accounts:login"),
        )


def boolean_icon(value):
    """Django's yes/no icon of the admin's lists and read-only fields, with Vietnamese text."""
    icon, text = YES_NO[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)
