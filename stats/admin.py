from django.contrib import admin

from danvan.forms import AdminFigures

from .models import CoverageTarget


@admin.register(CoverageTarget)
class CoverageTargetAdmin(AdminFigures, admin.ModelAdmin):
    """The four Đề án 06 targets: administrators change the percentages, never the list."""

    list_display = ["__str__", "percent", "source"]
    list_editable = ["percent"]
    fields = ["key", "percent", "source"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
