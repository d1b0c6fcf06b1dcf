"""Administrators maintain rounds, the rubric, the dated list of issuing bodies and decisions.

Outcomes are not edited here: they change only through `reviews.workflow` (entries and their
history are read-only in the admin)."""

from django import forms
from django.contrib import admin

from . import rules, workflow
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
        else:
            workflow.open_round(obj, request.user)


@admin.register(RubricCriterion)
class RubricCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "max_score", "weight", "order", "is_active"]
    list_editable = ["max_score", "weight", "order", "is_active"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "unit", "valid_from", "valid_until", "successor"]
    list_filter = ["level"]
    search_fields = ["name"]
    autocomplete_fields = ["unit", "successor"]


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 1
    fields = ["order", "collective", "individual", "model", "position", "citation"]
    raw_id_fields = ["collective", "individual", "model"]


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
