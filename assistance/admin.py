from datetime import date

from django.contrib import admin
from import_export import fields, resources, widgets

from danvan.export_formats import ImportExportModelAdmin
from danvan.forms import AdminFigures
from territory.models import Level, Unit

from .models import Activity, Agency, Assignment, DifficultCommune


class CommuneByCodeWidget(widgets.ForeignKeyWidget):
    """A commune by its official code as it was at the start of the row's year (codes were
    reused in 2025: 01864 is Xã Bộc Bố in a 2023 list, Xã Bằng Thành in a 2026 one)."""

    def __init__(self):
        super().__init__(Unit, field="code")

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        try:
            year = int(str((row or {}).get("Năm", "")).strip())
        except ValueError as exc:
            raise ValueError("Cột “Năm” phải là một năm, ví dụ 2023.") from exc
        day = date(year, 1, 1)
        found = Unit.objects.filter(code=code, level=Level.COMMUNE).valid_at(day).first()
        if found is None:
            raise ValueError(f"Không có xã mã {code} vào ngày {day:%d/%m/%Y}.")
        return found


class DifficultCommuneResource(resources.ModelResource):
    """Excel columns: "Năm", "Mã xã" (official code), "Ghi chú"."""

    year = fields.Field(attribute="year", column_name="Năm")
    commune = fields.Field(attribute="commune", column_name="Mã xã", widget=CommuneByCodeWidget())
    commune_name = fields.Field(attribute="commune__name", column_name="Tên xã", readonly=True)
    note = fields.Field(attribute="note", column_name="Ghi chú")

    class Meta:
        model = DifficultCommune
        import_id_fields = ["year", "commune"]
        fields = ["year", "commune", "commune_name", "note"]
        skip_unchanged = True


@admin.register(DifficultCommune)
class DifficultCommuneAdmin(ImportExportModelAdmin):
    resource_classes = [DifficultCommuneResource]
    list_display = ["commune", "year", "note"]
    list_filter = ["year"]
    search_fields = ["commune__name", "commune__code"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


@admin.register(Agency)
class AgencyAdmin(ImportExportModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ActivityInline(AdminFigures, admin.StackedInline):
    model = Activity
    extra = 0
    raw_id_fields = ["models_started"]
    exclude = ["created_by"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["agency", "commune", "start_date", "end_date"]
    list_filter = ["agency__kind"]
    search_fields = ["agency__name", "commune__name"]
    autocomplete_fields = ["agency", "commune"]
    list_select_related = ["agency", "commune"]
    inlines = [ActivityInline]
