"""The admin site (/quan-tri/) of the portal: signing in goes through the portal's own page."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


class PortalAdminSite(admin.AdminSite):
    """Django's admin, whose sign-in page is the portal's (/dang-nhap/): one page that says how
    many tries remain before a lock, and that leads administrators to their two-factor code.
    Django's own admin sign-in form would skip both."""

    def login(self, request, extra_context=None):
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name),
            login_url=reverse("accounts:login"),
        )
