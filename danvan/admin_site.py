"""The admin site (/quan-tri/) of the portal: signing in goes through the portal's own page."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from .forms import EMPTY_LABEL, name_empty_choice

YES_NO = {True: ("yes", "Có"), False: ("no", "Không"), None: ("unknown", "Chưa rõ")}


class EmptyChoicesInVietnamese:
    """A ModelAdmin or inline mixin: "— Chọn —" instead of Django's "---------" in the form's
    selects and in the action bar."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            name_empty_choice(field)
        return field

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, [("", EMPTY_LABEL)])


def in_vietnamese(admin_class):
    """`admin_class` (and its inlines) with EmptyChoicesInVietnamese mixed in."""
    if issubclass(admin_class, EmptyChoicesInVietnamese):
        return admin_class
    inlines = getattr(admin_class, "inlines", None)  # an inline has none
    extra = {"inlines": [in_vietnamese(inline) for inline in inlines]} if inlines else {}
    return type(admin_class.__name__, (EmptyChoicesInVietnamese, admin_class), extra)


class PortalAdminSite(admin.AdminSite):
    """Django's admin, whose sign-in page is the portal's (/dang-nhap/): one page that says how
    many tries remain before a lock, and that leads administrators to their two-factor code.
    Django's own admin sign-in form would skip both."""

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin, the portal's and the packages', shows its empty choices in Vietnamese.
        admin_class = in_vietnamese(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

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
