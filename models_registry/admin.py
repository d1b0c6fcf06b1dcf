from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from danvan.export_formats import ImportExportModelAdmin
from danvan.forms import AdminFigures

from . import workflow
from .facts import refresh_facts
from .models import (
    Attachment,
    Collective,
    Criterion,
    CriterionSet,
    DvkModel,
    Field,
    Individual,
    Status,
    YearlyProgress,
)


@admin.register(Field)
class FieldAdmin(ImportExportModelAdmin):
    list_display = ["code", "name", "parent", "scheme", "is_new_rural", "order"]
    list_editable = ["order"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriterionSet)
class CriterionSetAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "note"]
    inlines = [CriterionInline]

    def save_related(self, request, form, formsets, change):
        # The years of a set decide which of its criteria's links count for the NTM coverage.
        super().save_related(request, form, formsets, change)
        linked = DvkModel.criteria.through.objects.filter(criterion__criterion_set=form.instance)
        refresh_facts(linked.values_list("dvkmodel_id", flat=True))


@admin.register(Criterion)
class CriterionAdmin(ImportExportModelAdmin):
    list_display = ["number", "name", "criterion_set"]
    list_filter = ["criterion_set"]
    search_fields = ["name"]


class RefreshModelsSearchMixin:
    """Renaming a collective or an individual here renames it in its models' search text."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            workflow.refresh_search_text(obj.models.all())


@admin.register(Collective)
class CollectiveAdmin(RefreshModelsSearchMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["name", "search_name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(Individual)
class IndividualAdmin(RefreshModelsSearchMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["full_name", "gender", "position", "unit"]
    search_fields = ["full_name", "search_name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


class ProgressInline(AdminFigures, admin.StackedInline):
    model = YearlyProgress
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "original_name", "size", "uploaded_at"]
    readonly_fields = fields
    # Files are added and deleted on the model's page in the portal (`workflow.add_attachment`,
    # `delete_attachment`: history written, the stored file removed); here they are only listed.
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DvkModel)
class ModelAdmin(AdminFigures, SimpleHistoryAdmin):
    list_display = ["title", "collective", "individual", "year", "field", "unit", "status"]
    list_filter = ["year", "status", "field", "registration_type"]
    search_fields = ["title", "collective__name", "individual__full_name"]
    autocomplete_fields = ["collective", "individual", "places", "parent"]
    filter_horizontal = ["criteria"]
    list_select_related = ["collective", "individual", "field", "unit"]
    inlines = [ProgressInline, AttachmentInline]
    # Only the workflow changes these: registration and withdrawal (`workflow`), recognition,
    # exemplary and replication (`reviews.workflow`, from what a round has published). They are
    # shown here, never edited, so an administrator cannot record an outcome without history.
    readonly_fields = [
        # Follows the places by the one owner-unit rule (`save_model` below), as in the
        # portal's form.
        "unit",
        "status",
        "recognition_level",
        "recognition_year",
        "is_exemplary",
        "replication_recommended",
        "replication_note",
    ]

    def has_delete_permission(self, request, obj=None):
        # As in the portal (`rules.can_delete_model`): a draft may be deleted; a registered
        # model is withdrawn, and keeps its history, its reviews and its commendations.
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would delete registered models too
        return actions

    def save_model(self, request, obj, form, change):
        # Before the save, so the history row holds the owner and commune the places give
        # (with neither a place nor an implementer there is nothing to go by: kept as it was).
        places = list(form.cleaned_data.get("places") or [])
        if places or obj.implementer is not None:
            obj.unit, obj.commune = workflow.keeper_of(obj, places)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Places are saved with the related objects: refresh the search text after them.
        super().save_related(request, form, formsets, change)
        workflow.refresh_search_text(DvkModel.objects.filter(pk=form.instance.pk))
        refresh_facts([form.instance.pk])
