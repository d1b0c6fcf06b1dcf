from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEvent, User
from .passwords import issue_reset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Vai trò và địa bàn", {"fields": ("full_name", "role", "unit")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Vai trò và địa bàn", {"fields": ("full_name", "role", "unit")}),
    )
    actions = ["issue_password_reset"]

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
