"""The review workflow's rules: the transition table, who may act, closed rounds, locking,
publication and the registry model's denormalised fields."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from models_registry.models import Status
from reviews import workflow
from reviews.models import (
    Assessment,
    ConflictDeclaration,
    EntryEvent,
    EntryState,
    RoundLevel,
    RubricCriterion,
)

from .test_reviews_helpers import babe_model, chodon_model, entry_in_state, make_round

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
S = EntryState

ALL_PAIRS = [(a, b) for a in S for b in S if a != b]
ALLOWED = set(workflow.TRANSITIONS)


def test_the_transition_table_is_exactly_this():
    assert workflow.TRANSITIONS == {
        (S.PROPOSED, S.RECOGNISED): "recognise",
        (S.PROPOSED, S.NOT_RECOGNISED): "not_recognise",
        (S.PROPOSED, S.RETURNED): "return",
        (S.RECOGNISED, S.EXEMPLARY): "mark_exemplary",
        (S.RECOGNISED, S.PROPOSED_HIGHER): "propose_higher",
        (S.EXEMPLARY, S.PROPOSED_HIGHER): "propose_higher",
        (S.RETURNED, S.PROPOSED): "repropose",
        (S.RECOGNISED, S.PROPOSED): "reconsider",
        (S.EXEMPLARY, S.PROPOSED): "reconsider",
        (S.PROPOSED_HIGHER, S.PROPOSED): "reconsider",
        (S.NOT_RECOGNISED, S.PROPOSED): "reconsider",
    }


@pytest.mark.parametrize(("from_state", "to_state"), sorted(ALLOWED))
def test_allowed_transition_is_applied_and_logged(from_state, to_state, babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(from_state, round, babe_officer, reviewer)
    actor = babe_officer if to_state == S.PROPOSED and from_state == S.RETURNED else reviewer
    if from_state == S.RETURNED:
        changed = workflow.repropose(entry, actor, version=entry.version)
    else:
        changed = workflow.decide(entry, actor, to_state, version=entry.version, reason="Vì vậy")
    assert changed.state == to_state
    event = EntryEvent.objects.filter(entry=entry).latest("id")
    assert (event.from_state, event.to_state, event.actor) == (from_state, to_state, actor)
    assert event.action == workflow.TRANSITIONS[(from_state, to_state)]


@pytest.mark.parametrize(
    ("from_state", "to_state"), sorted(p for p in ALL_PAIRS if p not in ALLOWED)
)
def test_refused_transition_changes_nothing(from_state, to_state, babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(from_state, round, babe_officer, reviewer)
    events_before = EntryEvent.objects.filter(entry=entry).count()
    with pytest.raises(workflow.ReviewError, match="Không thể chuyển hồ sơ"):
        workflow.decide(entry, reviewer, to_state, version=entry.version, reason="Vì vậy")
    entry.refresh_from_db()
    assert entry.state == from_state
    assert EntryEvent.objects.filter(entry=entry).count() == events_before


def test_runner_cannot_repropose_on_the_districts_behalf_through_decide(babe_officer, reviewer):
    entry = entry_in_state(S.RETURNED, make_round(), babe_officer, reviewer)
    with pytest.raises(workflow.ReviewError):
        workflow.decide(entry, reviewer, S.PROPOSED, version=entry.version, reason="x")
    entry.refresh_from_db()
    assert entry.state == S.RETURNED


@pytest.mark.parametrize("to_state", [S.RETURNED, S.NOT_RECOGNISED])
def test_returning_or_refusing_needs_a_reason(to_state, babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    with pytest.raises(workflow.ReviewError, match="lý do"):
        workflow.decide(entry, reviewer, to_state, version=entry.version, reason="  ")


def test_district_staff_cannot_decide_in_the_provincial_round(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    with pytest.raises(workflow.NotAllowed):
        workflow.recognise(entry, babe_officer, version=entry.version)
    entry.refresh_from_db()
    assert entry.state == S.PROPOSED


def test_district_round_is_run_by_its_district_not_by_another(babe_officer, chodon_officer):
    round = make_round(RoundLevel.DISTRICT, "061")
    entry = workflow.propose(babe_model(), round, babe_officer)
    with pytest.raises(workflow.NotAllowed):
        workflow.recognise(entry, chodon_officer, version=entry.version)
    recognised = workflow.recognise(entry, babe_officer, version=entry.version)
    assert recognised.state == S.RECOGNISED


def test_second_reviewer_acting_on_a_stale_page_gets_a_clear_message(
    babe_officer, reviewer, administrator
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    seen_by_both = entry.version
    workflow.recognise(entry, reviewer, version=seen_by_both)
    with pytest.raises(workflow.ConcurrentChange, match="vừa được người khác cập nhật"):
        workflow.not_recognise(entry, administrator, version=seen_by_both, reason="Chưa đạt")
    entry.refresh_from_db()
    assert entry.state == S.RECOGNISED and entry.decided_by == reviewer


def test_nothing_changes_in_a_closed_round(babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(S.RECOGNISED, round, babe_officer, reviewer)
    workflow.close_round(round, reviewer)
    entry.refresh_from_db()
    with pytest.raises(workflow.ReviewError, match="đã kết thúc"):
        workflow.mark_exemplary(entry, reviewer, version=entry.version)
    with pytest.raises(workflow.ReviewError, match="đã kết thúc"):
        workflow.recommend_replication(entry, reviewer, "Nhân rộng", version=entry.version)
    with pytest.raises(workflow.ReviewError, match="đã kết thúc"):
        workflow.propose(babe_model(), round, babe_officer)
    with pytest.raises(workflow.ReviewError, match="đã kết thúc"):
        workflow.close_round(round, reviewer)


def test_a_round_cannot_close_with_entries_still_under_review(babe_officer, reviewer):
    round = make_round()
    entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    with pytest.raises(workflow.ReviewError, match="Còn 1 hồ sơ chưa có kết quả"):
        workflow.close_round(round, reviewer)
    round.refresh_from_db()
    assert not round.is_closed


def test_district_staff_cannot_close_the_provincial_round(babe_officer):
    with pytest.raises(workflow.NotAllowed):
        workflow.close_round(make_round(), babe_officer)


def test_proposing_sets_the_model_proposed_and_logs_it(babe_officer):
    model = babe_model()
    entry = workflow.propose(model, make_round(), babe_officer)
    model.refresh_from_db()
    assert model.status == Status.PROPOSED
    event = EntryEvent.objects.get(entry=entry)
    assert (event.action, event.to_state, event.actor) == ("propose", S.PROPOSED, babe_officer)


def test_proposal_refusals(babe_officer, chodon_officer, reviewer):
    round = make_round()
    with pytest.raises(workflow.NotAllowed):
        workflow.propose(chodon_model(), round, babe_officer)  # another district's model
    with pytest.raises(workflow.NotAllowed):
        workflow.propose(babe_model(), round, reviewer)  # reviewers do not propose
    with pytest.raises(workflow.ReviewError, match="Bản nháp"):
        workflow.propose(babe_model(status=Status.DRAFT), round, babe_officer)
    model = babe_model()
    workflow.propose(model, round, babe_officer)
    with pytest.raises(workflow.ReviewError, match="đã được đề nghị"):
        workflow.propose(model, round, babe_officer)
    late = make_round(RoundLevel.PROVINCE, "06", year=2024, days=-1)
    with pytest.raises(workflow.ReviewError, match="hết hạn đề nghị"):
        workflow.propose(babe_model(year=2024), late, babe_officer)
    with pytest.raises(workflow.NotAllowed):
        workflow.propose(babe_model(), make_round(RoundLevel.DISTRICT, "064"), babe_officer)


def test_bulk_proposal_reports_each_refusal_and_keeps_the_rest(babe_officer):
    round = make_round()
    good, draft = babe_model(), babe_model(status=Status.DRAFT)
    entries, refusals = workflow.propose_many([good, draft], round, babe_officer)
    assert [e.model for e in entries] == [good]
    assert len(refusals) == 1 and "Bản nháp" in refusals[0]


def test_outcomes_are_quiet_until_the_round_closes_then_copied_to_the_model(babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(S.EXEMPLARY, round, babe_officer, reviewer)
    entry = workflow.recommend_replication(
        entry, reviewer, "Nhân rộng ở các xã vùng cao", version=entry.version
    )
    model = entry.model
    model.refresh_from_db()
    assert not entry.is_published and entry.public_state == S.PROPOSED
    assert model.status == Status.PROPOSED and model.recognition_level == ""
    workflow.close_round(round, reviewer)
    entry.refresh_from_db()
    model.refresh_from_db()
    assert entry.is_published and entry.public_state == S.EXEMPLARY
    assert model.status == Status.RECOGNISED
    assert (model.recognition_level, model.recognition_year) == ("tinh", 2025)
    assert model.is_exemplary and model.replication_recommended
    assert model.replication_note == "Nhân rộng ở các xã vùng cao"
    assert EntryEvent.objects.filter(entry=entry, action="publish").count() == 1


def test_returned_is_public_at_once_and_the_model_says_so(babe_officer, reviewer):
    entry = entry_in_state(S.RETURNED, make_round(), babe_officer, reviewer)
    entry.model.refresh_from_db()
    assert entry.outcome_is_public and entry.public_state == S.RETURNED
    assert entry.model.status == Status.RETURNED
    again = workflow.repropose(entry, babe_officer, version=entry.version)
    again.model.refresh_from_db()
    assert again.state == S.PROPOSED and again.reason == ""
    assert again.model.status == Status.PROPOSED


def test_proposing_a_returned_model_again_reproposes_the_same_entry(babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(S.RETURNED, round, babe_officer, reviewer)
    same = workflow.propose(entry.model, round, babe_officer)
    assert same.pk == entry.pk and same.state == S.PROPOSED


def test_round_publishing_immediately_copies_outcomes_at_once(babe_officer, reviewer):
    round = make_round(publish_on_close=False)
    entry = entry_in_state(S.RECOGNISED, round, babe_officer, reviewer)
    entry.model.refresh_from_db()
    assert entry.is_published and entry.model.status == Status.RECOGNISED
    with pytest.raises(workflow.ReviewError, match="đã công bố"):
        workflow.reconsider(entry, reviewer, version=entry.version, reason="Xem lại")


def test_provincial_refusal_keeps_an_earlier_district_recognition(babe_officer, reviewer):
    district = make_round(RoundLevel.DISTRICT, "061", publish_on_close=False)
    first = entry_in_state(S.RECOGNISED, district, babe_officer, babe_officer)
    province = make_round(publish_on_close=False)
    refused = entry_in_state(S.NOT_RECOGNISED, province, babe_officer, reviewer, model=first.model)
    refused.model.refresh_from_db()
    assert refused.model.status == Status.RECOGNISED
    assert refused.model.recognition_level == "huyen"


def test_scores_are_weighted_to_a_hundred_point_scale(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    criteria = list(RubricCriterion.objects.filter(is_active=True))
    criteria[0].weight = Decimal(3)
    criteria[0].save()
    values = {c.pk: Decimal(10) if c == criteria[0] else Decimal(5) for c in criteria}
    assessment = workflow.save_assessment(entry, reviewer, values, "Tốt")
    # (10/10*3 + 4 * 5/10*1) / 7 * 100
    assert assessment.total == Decimal("71.43")
    assert assessment.scores.count() == len(criteria)


def test_a_score_above_the_scale_is_refused(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    values = {c.pk: Decimal(11) for c in RubricCriterion.objects.all()}
    with pytest.raises(workflow.ReviewError, match="phải từ 0 đến 10"):
        workflow.save_assessment(entry, reviewer, values)
    assert not Assessment.objects.exists()


def test_rescoring_from_a_stale_window_is_refused(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    values = {c.pk: Decimal(8) for c in RubricCriterion.objects.all()}
    first = workflow.save_assessment(entry, reviewer, values)
    workflow.save_assessment(entry, reviewer, values, version=first.version)
    with pytest.raises(workflow.ConcurrentChange):
        workflow.save_assessment(entry, reviewer, values, version=first.version)


def test_conflict_excludes_the_reviewer_removes_their_scores_and_is_logged(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    values = {c.pk: Decimal(8) for c in RubricCriterion.objects.all()}
    workflow.save_assessment(entry, reviewer, values)
    workflow.declare_conflict(entry, reviewer, "Mô hình của cơ quan tôi")
    assert not Assessment.objects.filter(entry=entry).exists()
    assert ConflictDeclaration.objects.get(entry=entry).reviewer == reviewer
    event = EntryEvent.objects.filter(entry=entry).latest("id")
    assert (event.action, event.reason) == ("conflict", "Mô hình của cơ quan tôi")
    with pytest.raises(workflow.ReviewError, match="xung đột lợi ích"):
        workflow.save_assessment(entry, reviewer, values)


def test_district_staff_cannot_score_in_the_provincial_round(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    values = {c.pk: Decimal(8) for c in RubricCriterion.objects.all()}
    with pytest.raises(workflow.NotAllowed):
        workflow.save_assessment(entry, babe_officer, values)


def test_replication_only_for_recognised_models(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    with pytest.raises(workflow.ReviewError, match="đã được công nhận"):
        workflow.recommend_replication(entry, reviewer, "x", version=entry.version)


def test_reproposal_is_allowed_after_the_deadline_while_the_round_is_open(babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(S.RETURNED, round, babe_officer, reviewer)
    round.deadline = timezone.localdate() - timedelta(days=1)
    round.save()
    entry.refresh_from_db()
    assert workflow.repropose(entry, babe_officer, version=entry.version).state == S.PROPOSED
