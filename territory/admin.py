from django.contrib import admin

from .models import Succession, Unit


class SuccessionInline(admin.TabularInline):
    """The units this one was merged into; for a split commune, tick the one its figures roll
    up into (exactly one, as in the official mapping)."""

    model = Succession
    fk_name = "from_unit"
    extra = 1
    autocomplete_fields = ["to_unit"]
    verbose_name = "được sáp nhập vào"
    verbose_name_plural = "được sáp nhập vào (đơn vị kế thừa)"


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Administrators add missing historical units here (e.g. a commune merged in 2020) with
    their validity dates and the unit they were merged into."""

    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_until"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code", "search_name"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessionInline]
    fields = ["code", "name", "kind", "parent", "valid_from", "valid_until", "note"]
    list_select_related = ["parent"]
