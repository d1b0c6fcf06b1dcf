from django.contrib import admin

from .models import ImportBatch, ImportRecord


class ImportRecordInline(admin.TabularInline):
    model = ImportRecord
    extra = 0
    can_delete = False
    fields = ["action", "sheet", "row_number", "model"]
    readonly_fields = fields
    raw_id_fields = ["model"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: batches are made by the import page and the command, undone on their page."""

    list_display = [
        "original_name",
        "created_by",
        "applied_at",
        "created_count",
        "updated_count",
        "skipped_count",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["original_name", "sha256"]
    inlines = [ImportRecordInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
