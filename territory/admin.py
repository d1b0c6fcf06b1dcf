from django.contrib import admin

from .models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Administrators add missing historical units here (e.g. a commune merged in 2020) with
    their validity dates and the unit they were merged into."""

    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_until"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code", "search_name"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    fields = ["code", "name", "kind", "parent", "valid_from", "valid_until", "successors", "note"]
    list_select_related = ["parent"]
