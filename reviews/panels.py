"""What the registry's model page shows from reviews: history, outcomes, commendations, the
reviewers' recommendation to replicate.

Registered on the registry's model page (`models_registry.page_panels`, from
`ReviewsConfig.ready`): the page calls `model_panel(model, user)` and includes
"reviews/partials/model_panel.html" with the result as `panel`. Four queries whatever the
history's length. District staff see outcomes once published ("returned" at once) and never
individual scores. The models a model was copied from and the copies made of it are the
registry's lineage (`models_registry.lineage`), shown once, in the page's own details.
"""

from django.db.models import Prefetch

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
    return {
        "model": model,
        "events": events,
        "entries": rows,
        "commendations": commendations,
        "replication": {
            "recommended": model.replication_recommended,
            "note": model.replication_note,
        },
    }
