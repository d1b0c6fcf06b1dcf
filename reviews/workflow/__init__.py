"""Every change in a review round, one function per kind of change.

Each function checks the rule (who may, from which state, round open), saves, writes an
`EntryEvent` (who, when, from, to, reason) and keeps the registry model's denormalised fields
(status, recognition level and year, exemplary, replication) in step with what is *published*:
an outcome recorded quietly changes the model only when the round closes, so the registry list
never shows a district an unpublished outcome. "Returned" is published at once.

Concurrency: the entry row (and its round and model) is locked with `select_for_update` and the
caller passes the `version` it saw; a change based on an older version is refused with
`ConcurrentChange` instead of silently overwriting another reviewer's decision.

`entries` (the transition table, outcomes, proposals), `scoring` (scores, conflicts,
replication, closing a round), `decisions` (a decision's recipients)."""

from .decisions import (
    add_recipient,
    add_recipients_from_entries,
    recipient_problem,
    remove_recipient,
)
from .entries import (
    ACTION_LABELS,
    OUTCOME_FUNCTIONS,
    PUBLIC_ACTIONS,
    REASON_REQUIRED,
    TRANSITIONS,
    ConcurrentChange,
    NotAllowed,
    ReviewError,
    S,
    allowed_targets,
    check_version,
    decide,
    mark_exemplary,
    models_of_organiser,
    not_recognise,
    open_round,
    propose,
    propose_higher,
    propose_many,
    reason_required,
    recognise,
    reconsider,
    repropose,
    return_for_more_information,
)
from .scoring import (
    active_criteria,
    close_round,
    declare_conflict,
    recommend_replication,
    save_assessment,
    weighted_total,
)

__all__ = [
    "ACTION_LABELS",
    "ConcurrentChange",
    "NotAllowed",
    "OUTCOME_FUNCTIONS",
    "PUBLIC_ACTIONS",
    "REASON_REQUIRED",
    "ReviewError",
    "S",
    "TRANSITIONS",
    "active_criteria",
    "add_recipient",
    "add_recipients_from_entries",
    "allowed_targets",
    "check_version",
    "close_round",
    "decide",
    "declare_conflict",
    "mark_exemplary",
    "models_of_organiser",
    "not_recognise",
    "open_round",
    "propose",
    "propose_higher",
    "propose_many",
    "recipient_problem",
    "recognise",
    "recommend_replication",
    "reason_required",
    "reconsider",
    "remove_recipient",
    "repropose",
    "return_for_more_information",
    "save_assessment",
    "weighted_total",
]
