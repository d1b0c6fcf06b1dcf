"""What the registry's model page shows from reviews: history, outcomes, commendations, lineage.

Registered on the registry's model page (`models_registry.page_panels`, from
`ReviewsConfig.ready`): the page calls `model_panel(model, user)` and includes
"reviews/partials/model_panel.html" with the result as `panel`. Five queries whatever the
history's length. District staff see outcomes once published ("returned" at once) and never
individual scores; lineage only lists models the user may see.
"""

from django.db.models import Prefetch, Q

from models_registry.models import DvkModel

from . import rules
from .models import Assessment, Entry, EntryEvent, EntryState, Recipient, ReviewRound
from .workflow import PUBLIC_ACTIONS


def model_panel(model, user):
    """`model` comes through the registry's scoped door (DvkModel.objects.visible_to): its
    entries are those of the rounds the user may see."""
    entries = (
        Entry.objects.filter(model=model, round__in=ReviewRound.objects.visible_to(user))
        .select_related("round__organiser")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("reviewer").order_by("id"),
            )
        )
        .order_by("round__year", "round__level", "id")
    )
    rows = []
    for entry in entries:
        internals = rules.sees_internals(user, entry.round)
        state = entry.state if internals else entry.public_state
        rows.append(
            {
                "entry": entry,
                "round": entry.round,
                "state": state,
                "state_label": EntryState(state).label,
                "reason": entry.reason if (internals or entry.outcome_is_public) else "",
                "unpublished": internals and not entry.outcome_is_public,
                "assessments": list(entry.assessments.all()) if internals else [],
            }
        )
    events = [
        event
        for event in EntryEvent.objects.filter(model=model)
        .select_related("actor", "entry__round")
        .order_by("at", "id")
        if event.action in PUBLIC_ACTIONS
        or (event.entry_id and rules.sees_internals(user, event.entry.round))
    ]
    commendations = list(
        Recipient.objects.filter(model=model)
        .select_related("decision__issuer", "collective", "individual")
        .order_by("decision__date", "id")
    )
    lineage = list(
        DvkModel.objects.visible_to(user)
        .filter(Q(pk=model.parent_id) | Q(parent_id=model.pk))
        .exclude(pk=model.pk)
        .select_related("commune", "unit")
        .order_by("year", "id")
    )
    parent = next((m for m in lineage if m.pk == model.parent_id), None)
    return {
        "model": model,
        "events": events,
        "entries": rows,
        "commendations": commendations,
        "replication": {
            "recommended": model.replication_recommended,
            "note": model.replication_note,
        },
        "parent": parent,
        "replications": [m for m in lineage if m.parent_id == model.pk],
    }
