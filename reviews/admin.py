"""Administrators maintain rounds, the rubric, the dated list of issuing bodies and decisions.

Outcomes are not edited here: they change only through `reviews.workflow` (entries and their
history are read-only in the admin, so are a round's closing fields), and a decision's
recipients are added and removed through `workflow.add_recipient` / `remove_recipient`."""

from django import forms
from django.contrib import admin, messages

from danvan.forms import AdminFigures

from . import rules, workflow
from .facts import refresh_result_facts
from .models import (
    Decision,
    Entry,
    EntryEvent,
    IssuingBody,
    Recipient,
    ReviewRound,
    RubricCriterion,
)


class ReviewRoundAdminForm(forms.ModelForm):
    class Meta:
        model = ReviewRound
        fields = ["name", "year", "level", "organiser", "deadline", "publish_on_close"]

    def clean(self):
        data = super().clean()
        level, organiser, year = data.get("level"), data.get("organiser"), data.get("year")
        if level and organiser and year:
            # The rule `workflow.open_round` checks, next to the fields.
            problem = rules.round_problem(level, organiser, year)
            if problem:
                self.add_error("organiser", problem)
        return data


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    form = ReviewRoundAdminForm
    list_display = ["name", "year", "level", "organiser", "deadline", "is_closed"]
    list_filter = ["level", "year", "is_closed"]
    search_fields = ["name"]
    readonly_fields = ["is_closed", "closed_at", "closed_by"]
    autocomplete_fields = ["organiser"]

    def save_model(self, request, obj, form, change):
        # A new round is opened through the workflow, which tells the units that may propose.
        if change:
            super().save_model(request, obj, form, change)
            # Its year and level decide which results its entries are in the statistics.
            refresh_result_facts(obj.entries.values_list("model_id", flat=True))
        else:
            workflow.open_round(obj, request.user)


@admin.register(RubricCriterion)
class RubricCriterionAdmin(AdminFigures, admin.ModelAdmin):
    list_display = ["name", "max_score", "weight", "order", "is_active"]
    list_editable = ["max_score", "weight", "order", "is_active"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "unit", "valid_from", "valid_until", "successor"]
    list_filter = ["level"]
    search_fields = ["name"]
    autocomplete_fields = ["unit", "successor"]


class RecipientForm(forms.ModelForm):
    """A new row names a model; the workflow fills in its implementer. A saved row keeps its
    model (remove it and add another instead); its position and citation may be corrected."""

    class Meta:
        model = Recipient
        fields = ["model", "position", "citation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].required = True
        if self.instance.pk:
            self.fields["model"].disabled = True

    def clean(self):
        data = super().clean()
        model = data.get("model")
        if model is not None:
            # The implementer comes from the model, as `workflow.add_recipient` records it.
            self.instance.collective = model.collective
            self.instance.individual = model.individual
        return data


class RecipientFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            model = getattr(form, "cleaned_data", {}).get("model")
            if model is None or form.instance.pk or self._should_delete_form(form):
                continue
            # The same rule as the portal's (already on the decision, results unpublished).
            problem = workflow.recipient_problem(self.instance, model)
            if problem is None and model.pk in seen:
                problem = f"Mô hình “{model}” đã có trong danh sách khen thưởng."
            if problem:
                form.add_error("model", problem)
            seen.add(model.pk)


class RecipientInline(admin.TabularInline):
    """Rows added or deleted here go through `workflow.add_recipient` / `remove_recipient`
    (see `DecisionAdmin.save_formset`), so they write the same history and notices as the
    portal's decision page; a refused row is a form error, and nothing is saved."""

    model = Recipient
    form = RecipientForm
    formset = RecipientFormSet
    extra = 1
    fields = ["order", "model", "collective", "individual", "position", "citation"]
    readonly_fields = ["order", "collective", "individual"]
    raw_id_fields = ["model"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "issuer", "form", "year"]
    list_filter = ["form", "year", "issuer__level"]
    search_fields = ["number", "issuer__name"]
    date_hierarchy = "date"
    inlines = [RecipientInline]
    raw_id_fields = ["round"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Recipient:
            return super().save_formset(request, form, formset, change)
        decision = form.instance
        # What the admin's change message lists (as `BaseModelFormSet.save` would record).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        try:
            for row in formset.deleted_forms:
                if row.instance.pk:
                    workflow.remove_recipient(row.instance, request.user)
                    formset.deleted_objects.append(row.instance)
            for row in formset.forms:
                if row in formset.deleted_forms or not row.has_changed():
                    continue
                if row.instance.pk:
                    formset.changed_objects.append((row.save(), row.changed_data))
                    continue
                recipient = workflow.add_recipient(
                    decision,
                    request.user,
                    model=row.cleaned_data["model"],
                    citation=row.cleaned_data.get("citation", ""),
                    position=row.cleaned_data.get("position", ""),
                )
                formset.new_objects.append(recipient)
        except workflow.ReviewError as error:
            # Only when another change came between the form's check and this save.
            self.message_user(request, str(error), messages.ERROR)

    def delete_model(self, request, obj):
        self._remove_recipients(request, obj.recipients.all())
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._remove_recipients(request, Recipient.objects.filter(decision__in=queryset))
        super().delete_queryset(request, queryset)

    def _remove_recipients(self, request, recipients):
        # Deleting a decision withdraws its recipients the way the portal does, with history.
        for recipient in recipients.select_related("decision"):
            workflow.remove_recipient(recipient, request.user)


class EntryEventInline(admin.TabularInline):
    model = EntryEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "action", "from_state", "to_state", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["model", "round", "state", "is_published"]
    list_filter = ["round", "state", "is_published"]
    search_fields = ["model__title"]
    inlines = [EntryEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
