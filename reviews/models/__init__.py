"""Yearly review rounds, scores, outcomes, commendation decisions.

Every state change goes through `reviews.workflow`; each writes an `EntryEvent`.

`rounds` (rounds and their rubric), `entries` (entries, their states and history rows),
`scoring` (assessments, scores, conflicts of interest), `bodies` (issuing bodies), `decisions`
(commendation decisions and recipients).
"""

from .bodies import PARTY_BODY_STARTS, PARTY_BODY_WORDS, IssuerLevel, IssuingBody
from .decisions import CommendationForm, Decision, Recipient, decision_scan_path
from .entries import RECOGNISING_STATES, Entry, EntryEvent, EntryState
from .rounds import LOCAL_ROUND_LEVELS, ReviewRound, RoundLevel, RubricCriterion
from .scoring import Assessment, ConflictDeclaration, Score

__all__ = [
    "LOCAL_ROUND_LEVELS",
    "PARTY_BODY_STARTS",
    "PARTY_BODY_WORDS",
    "RECOGNISING_STATES",
    "Assessment",
    "CommendationForm",
    "ConflictDeclaration",
    "Decision",
    "Entry",
    "EntryEvent",
    "EntryState",
    "IssuerLevel",
    "IssuingBody",
    "Recipient",
    "ReviewRound",
    "RoundLevel",
    "RubricCriterion",
    "Score",
    "decision_scan_path",
]
