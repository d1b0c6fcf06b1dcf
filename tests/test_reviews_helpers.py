"""Boring helpers shared by the reviews tests (no tests here): rounds, entries in a state."""

from datetime import timedelta

from django.utils import timezone

from reviews import workflow
from reviews.models import EntryState, ReviewRound, RoundLevel

from .factories import make_model, unit


def make_round(level=RoundLevel.PROVINCE, organiser_code="06", *, year=2025, days=10, **extra):
    organiser = unit(organiser_code)
    return ReviewRound.objects.create(
        name=extra.pop("name", f"Đợt {RoundLevel(level).label.lower()} {organiser.name} {year}"),
        year=year,
        level=level,
        organiser=organiser,
        deadline=timezone.localdate() + timedelta(days=days),
        **extra,
    )


def babe_model(**extra):
    """A registered 2025 model at xã Bành Trạch, Ba Bể (both existed until 30/6/2025)."""
    extra.setdefault("year", 2025)
    return make_model(unit("01891"), **extra)


def chodon_model(**extra):
    """A registered 2025 model at xã Nghĩa Tá, Chợ Đồn."""
    extra.setdefault("year", 2025)
    return make_model(unit("02071"), **extra)


def entry_in_state(state, round, proposer, runner, model=None):
    """An entry brought to `state` through the workflow (the only way states change)."""
    model = model or (babe_model() if proposer.unit.code == "061" else chodon_model())
    entry = workflow.propose(model, round, proposer)
    path = {
        EntryState.PROPOSED: [],
        EntryState.RECOGNISED: [EntryState.RECOGNISED],
        EntryState.EXEMPLARY: [EntryState.RECOGNISED, EntryState.EXEMPLARY],
        EntryState.PROPOSED_HIGHER: [EntryState.RECOGNISED, EntryState.PROPOSED_HIGHER],
        EntryState.RETURNED: [EntryState.RETURNED],
        EntryState.NOT_RECOGNISED: [EntryState.NOT_RECOGNISED],
    }[state]
    for step in path:
        entry = workflow.decide(entry, runner, step, version=entry.version, reason="Lý do thử")
    return entry


def published(runner, *models):
    """`models` (of one province and year) recognised in their province's round of that year,
    the round then closed: their results are published, so a decision may commend them. Each
    is proposed by an officer of its unit (made if the test has none). Returns the first."""
    from accounts.models import Role, User
    from territory.models import Unit

    first = models[0]
    province = Unit.objects.get(pk=int(first.unit.path.strip("/").split("/")[0]))
    round = ReviewRound.objects.create(
        name=f"Đợt cấp tỉnh {province.name} {first.year}",
        year=first.year,
        level=RoundLevel.PROVINCE,
        organiser=province,
        deadline=timezone.localdate() + timedelta(days=10),
    )
    for model in models:
        proposer = User.objects.filter(
            role__in=[Role.DISTRICT_STAFF, Role.COMMUNE_STAFF], unit=model.unit
        ).first() or User.objects.create_user(
            username=f"canbo{model.unit.code}",
            password="Mat-khau-thu-2026",
            role=Role.COMMUNE_STAFF if model.unit.valid_from else Role.DISTRICT_STAFF,
            unit=model.unit,
        )
        entry = workflow.propose(model, round, proposer)
        workflow.decide(entry, runner, EntryState.RECOGNISED, version=entry.version)
    workflow.close_round(round, runner)
    for model in models:
        model.refresh_from_db()
    return first
