from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "event", "created_at", "read_at", "emailed_at"]
    list_filter = ["event"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "event", "key", "title", "body", "url", "created_at"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_mode"]
    list_select_related = ["user"]
