from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.plugins.otp_totp.models import TOTPDevice

from territory.models import Level, Unit

from . import workflow
from .models import AuditEvent, User
from .passwords import issue_reset


class SuccessorActionForm(ActionForm):
    """The action bar's unit for "move to a successor unit" (empty: the only successor)."""

    successor = forms.ModelChoiceField(
        label="Đơn vị mới",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— đơn vị kế tục duy nhất —",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Today's units, read when the list is drawn (not when the module is imported).
        self.fields["successor"].queryset = (
            Unit.objects.current().filter(level__lte=Level.COMMUNE).order_by("path")
        )


class AbolishedUnitFilter(admin.SimpleListFilter):
    """Accounts whose unit no longer exists: those the action below moves."""

    title = "đơn vị"
    parameter_name = "don_vi"

    def lookups(self, request, model_admin):
        return [("giai_the", "Đơn vị đã giải thể, sáp nhập")]

    def queryset(self, request, queryset):
        if self.value() == "giai_the":
            return queryset.filter(unit__valid_until__lt=timezone.localdate())
        return queryset


@admin.action(description="Chuyển tài khoản của đơn vị đã giải thể sang đơn vị kế tục")
def move_to_successor(modeladmin, request, queryset):
    chosen = None
    if request.POST.get("successor"):
        chosen = Unit.objects.filter(pk=request.POST["successor"]).first()
    moved = []
    for user in queryset.select_related("unit"):
        try:
            unit = workflow.move_to_successor(user, chosen)
        except workflow.AccountError as error:
            modeladmin.message_user(request, error.message, messages.ERROR)
        else:
            moved.append(f"{user.username} → {unit}")
    if moved:
        modeladmin.message_user(request, "Đã chuyển: " + "; ".join(moved) + ".", messages.SUCCESS)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    action_form = SuccessorActionForm
    actions = [move_to_successor, "issue_password_reset"]
    list_display = ["username", "full_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", AbolishedUnitFilter]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Vai trò và địa bàn", {"fields": ("full_name", "role", "unit")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Vai trò và địa bàn", {"fields": ("full_name", "role", "unit")}),
    )

    @admin.action(description="Cấp liên kết đặt lại mật khẩu (dùng một lần)")
    def issue_password_reset(self, request, queryset):
        for user in queryset:
            link = issue_reset(request, user)
            if link is None:
                self.message_user(
                    request, f"Đã gửi liên kết đặt lại mật khẩu đến {user.email} ({user.username})."
                )
            else:
                self.message_user(
                    request,
                    f"Liên kết đặt lại mật khẩu cho {user.username} (dùng một lần, trong "
                    f"{settings.PASSWORD_RESET_TIMEOUT // 3600} giờ; "
                    f"hãy chuyển tận tay người dùng): {link}",
                    messages.WARNING,
                )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "username", "ip_address", "detail"]
    list_filter = ["action"]
    search_fields = ["username", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def moment(value):
    """A date and time as the portal writes them (read-only fields are not formatted by Django)."""
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


# django-otp's own admin is in English and shows each device's secret key; the portal's lists
# the authenticator apps read-only in Vietnamese and lets the administrator delete a lost one.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorDeviceAdmin(admin.ModelAdmin):
    list_display = ["owner", "ready", "set_up_at", "used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user"]
    fields = readonly_fields = ["owner", "ready", "set_up_at", "used_at", "failures"]

    @admin.display(description="người dùng", ordering="user__username")
    def owner(self, device):
        return f"{device.user.get_full_name() or device.user.username} ({device.user.username})"

    @admin.display(description="đã xác nhận", boolean=True, ordering="confirmed")
    def ready(self, device):
        return device.confirmed

    @admin.display(description="cài đặt lúc", ordering="created_at")
    def set_up_at(self, device):
        return moment(device.created_at)

    @admin.display(description="dùng lần cuối lúc", ordering="last_used_at")
    def used_at(self, device):
        return moment(device.last_used_at) if device.last_used_at else "chưa dùng"

    @admin.display(description="số lần nhập mã sai liên tiếp")
    def failures(self, device):
        return device.throttling_failure_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
