"""Writes over many models at once: first history rows of models inserted in bulk, and the search text after a rename."""

from ..models import DvkModel


def record_bulk_creation(models, *, reason):
    """The first history row ("Tạo mới", dated when each model was created, by each model's
    `_history_user`) of models inserted in bulk without one: the demo's generated models."""
    for model in models:
        model._history_date = model.created_at
    DvkModel.history.bulk_history_create(models, default_change_reason=reason)


def refresh_search_text(models):
    """Recompute the search column of `models` (after an implementer or place is renamed)."""
    for model in models.select_related("collective", "individual").prefetch_related(
        "places__parent"
    ):
        model.refresh_search_fields(place_names=[p.label() for p in model.places.all()])
        DvkModel.objects.filter(pk=model.pk).update(search_text=model.search_text)
