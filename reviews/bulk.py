"""Past review results recorded in bulk: the recognitions and commendations a yearly list says
a model received before the portal existed (closed historical rounds, published entries with
their history rows, decisions and their recipients), as if they had been recorded then.

The one home of these writes besides `reviews.workflow`: the importer hands over plain data
(`PastResult`) and never writes a round, entry, event or decision itself. A few statements
for a whole file, where the workflow's one-entry functions would cost several per row.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from danvan.text import fold
from models_registry.models import RecognitionLevel

from .facts import refresh_result_facts
from .models import (
    Decision,
    Entry,
    EntryEvent,
    EntryState,
    IssuerLevel,
    IssuingBody,
    Recipient,
    ReviewRound,
    RoundLevel,
)

BATCH_SIZE = 2000
# The history row of an entry recorded from a file (listed in reviews.workflow's action names).
IMPORTED = "nhap_tu_tep"


@dataclass
class PastResult:
    """What one model received: a recognition, a commendation, or both."""

    model_id: int
    title: str
    collective_id: int | None = None
    individual_id: int | None = None
    # Recognition: the year, the level (RecognitionLevel), exemplary, and the unit that ran
    # the round (the district for district level, else the province) with its name.
    year: int | None = None
    level: str = ""
    exemplary: bool = False
    organiser_id: int | None = None
    organiser_name: str = ""
    # Commendation: {"issuer_id" (None: find or add by name), "issuer", "form", "number",
    # "date", "year"}.
    decision: dict | None = None


def past_state(level, exemplary):
    """The entry state a past recognition stands for."""
    if exemplary:
        return EntryState.EXEMPLARY
    if level == RecognitionLevel.CENTRAL:
        return EntryState.PROPOSED_HIGHER
    return EntryState.RECOGNISED


def round_level(level):
    return RoundLevel.DISTRICT if level == RecognitionLevel.DISTRICT else RoundLevel.PROVINCE


def issuer_level(name, recognition_level):
    """The level of an issuing body from its name ("UBND huyện …"), else from the level of the
    recognition it goes with."""
    s = fold(name)
    if "trung uong" in s:
        return IssuerLevel.CENTRAL
    if "tinh" in s:
        return IssuerLevel.PROVINCE
    if "huyen" in s or "thanh pho" in s:
        return IssuerLevel.DISTRICT
    if " xa " in f" {s} ":
        return IssuerLevel.COMMUNE
    return {
        RecognitionLevel.CENTRAL: IssuerLevel.CENTRAL,
        RecognitionLevel.PROVINCE: IssuerLevel.PROVINCE,
    }.get(recognition_level, IssuerLevel.DISTRICT)


def record_past_results(results, *, user, reason, issuers=None):
    """Write `results` (PastResult); returns the ids created, by kind ("round", "entry",
    "event", "decision", "recipient", "issuer"), so that an import can be undone.
    `issuers` is the caller's index of issuing bodies (`match_issuer(name, day)` → id or None,
    `add_issuer(name, id)`; the importer's lookups): bodies created here are added to it."""
    created = {key: [] for key in ("round", "entry", "event", "decision", "recipient", "issuer")}
    issuers = _NewBodies() if issuers is None else issuers
    if not results:
        return created
    years = {r.year for r in results if r.year}
    rounds = {
        (r.year, r.level, r.organiser_id): r for r in ReviewRound.objects.filter(year__in=years)
    }
    entries, recipients = [], []
    decisions = {}
    now = timezone.now()
    for result in results:
        if result.level:
            level = round_level(result.level)
            key = (result.year, level, result.organiser_id)
            if key not in rounds:
                rounds[key] = ReviewRound.objects.create(
                    name=f"Bình xét năm {result.year} — {result.organiser_name} (nhập từ tệp)",
                    year=result.year,
                    level=level,
                    organiser_id=result.organiser_id,
                    deadline=date(result.year, 12, 31),
                    is_closed=True,
                    closed_at=now,
                    closed_by=user,
                )
                created["round"].append(rounds[key].pk)
            state = past_state(result.level, result.exemplary)
            entries.append(
                Entry(
                    round=rounds[key],
                    model_id=result.model_id,
                    state=state,
                    is_exemplary=state == EntryState.EXEMPLARY,
                    reason=reason,
                    is_published=True,
                    proposed_by=user,
                    decided_by=user,
                    decided_at=now,
                )
            )
        if result.decision:
            decision = _decision(result, issuers, user, decisions, created)
            recipients.append(
                Recipient(
                    decision=decision,
                    model_id=result.model_id,
                    collective_id=result.collective_id,
                    individual_id=result.individual_id,
                    citation=result.title[:2000],
                    order=len(recipients) + 1,
                )
            )
    Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    events = [
        EntryEvent(
            entry=entry,
            model_id=entry.model_id,
            actor=user,
            action=IMPORTED,
            from_state="",
            to_state=entry.state,
            reason=reason,
        )
        for entry in entries
    ]
    EntryEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    Recipient.objects.bulk_create(recipients, batch_size=BATCH_SIZE)
    refresh_result_facts(e.model_id for e in entries)  # the statistics' rows
    created["entry"].extend(e.pk for e in entries)
    created["event"].extend(e.pk for e in events)
    created["recipient"].extend(r.pk for r in recipients)
    return created


def remove_past_results(created):
    """Take back what `record_past_results` wrote (`created`: its ids by kind), newest first:
    recipients, history rows, entries, decisions, rounds, then the issuing bodies added."""
    Recipient.objects.filter(id__in=created.get("recipient", ())).delete()
    EntryEvent.objects.filter(id__in=created.get("event", ())).delete()
    entries = Entry.objects.filter(id__in=created.get("entry", ()))
    models = list(entries.values_list("model_id", flat=True))
    entries.delete()
    refresh_result_facts(models)  # the statistics' rows
    Decision.objects.filter(id__in=created.get("decision", ())).delete()
    ReviewRound.objects.filter(id__in=created.get("round", ())).delete()
    IssuingBody.objects.filter(id__in=created.get("issuer", ())).delete()


def issuer_key(name):
    """How issuing bodies are told apart: folded, punctuation set aside, "UBND" for "Ủy ban
    nhân dân", "TU" for "Tỉnh ủy"."""
    s = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(name)).split())
    return s.replace("uy ban nhan dan", "ubnd").replace("tinh uy", "tu")


class _NewBodies:
    """The index of a caller that has none: only the bodies created by this call (bodies that
    exist already come as `issuer_id` in the results)."""

    def __init__(self):
        self.ids = {}

    def match_issuer(self, name, day=None):
        return self.ids.get(issuer_key(name))

    def add_issuer(self, name, pk):
        self.ids[issuer_key(name)] = pk


def _decision(result, issuers, user, decisions, created):
    data = result.decision
    issuer_id = data["issuer_id"] or issuers.match_issuer(data["issuer"], data["date"])
    if issuer_id is None:
        issuer_id = IssuingBody.objects.create(
            name=data["issuer"], level=issuer_level(data["issuer"], result.level)
        ).pk
        issuers.add_issuer(data["issuer"], issuer_id)
        created["issuer"].append(issuer_id)
    key = (issuer_id, data["number"], data["date"])
    if key not in decisions:
        found = Decision.objects.filter(
            issuer_id=issuer_id, number=data["number"], date=data["date"]
        ).first()
        if found is None:
            found = Decision.objects.create(
                issuer_id=issuer_id,
                number=data["number"],
                date=data["date"],
                form=data["form"],
                year=data["year"],
                created_by=user,
            )
            created["decision"].append(found.pk)
        decisions[key] = found
    return decisions[key]
