"""Rules of the review workflow that must hold (issue 14, items 6–8): a declared conflict of
interest keeps a reviewer out of scoring and deciding; recognising an entry nobody scored asks
for confirmation; escalating puts the model into the open provincial round; decisions commend
only published results."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from reviews import workflow
from reviews.models import (
    CommendationForm,
    Decision,
    Entry,
    EntryEvent,
    EntryState,
    IssuingBody,
    RoundLevel,
    RubricCriterion,
)
from tests.conftest import logged_in, make_user

from .test_reviews_helpers import entry_in_state, make_round

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
S = EntryState


def page(response):
    return response.content.decode()


@pytest.fixture
def second_reviewer(db):
    return make_user("tinh2", Role.PROVINCIAL_REVIEWER, "06")


def eights():
    return {c.pk: Decimal(8) for c in RubricCriterion.objects.filter(is_active=True)}


# ---------------------------------------------------------------- conflicts of interest


def test_a_reviewer_with_a_declared_conflict_cannot_decide_the_entry(babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    workflow.declare_conflict(entry, reviewer, "Mô hình của cơ quan tôi")
    entry.refresh_from_db()
    with pytest.raises(workflow.ReviewError, match="xung đột lợi ích"):
        workflow.recognise(entry, reviewer, version=entry.version)
    with pytest.raises(workflow.ReviewError, match="xung đột lợi ích"):
        workflow.return_for_more_information(entry, reviewer, version=entry.version, reason="x")
    entry.refresh_from_db()
    assert entry.state == S.PROPOSED and entry.decided_by is None


def test_a_conflicted_reviewer_cannot_recommend_replication(
    babe_officer, reviewer, second_reviewer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    workflow.declare_conflict(entry, reviewer, "Mô hình của cơ quan tôi")
    entry.refresh_from_db()
    entry = workflow.recognise(entry, second_reviewer, version=entry.version)
    with pytest.raises(workflow.ReviewError, match="xung đột lợi ích"):
        workflow.recommend_replication(entry, reviewer, "Nhân rộng", version=entry.version)


def test_the_conflicted_reviewer_gets_no_outcome_form_and_a_post_changes_nothing(
    reviewer_client, babe_officer, reviewer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    workflow.declare_conflict(entry, reviewer, "Mô hình của cơ quan tôi")
    entry.refresh_from_db()
    html = page(reviewer_client.get(reverse("reviews:entry", args=[entry.pk])))
    assert "Lưu kết quả" not in html
    assert "không chấm điểm và không quyết định kết quả hồ sơ này" in html
    response = reviewer_client.post(
        reverse("reviews:decide", args=[entry.pk]),
        {"state": S.RECOGNISED, "version": entry.version, "xac_nhan_chua_cham": "on"},
        follow=True,
    )
    assert "xung đột lợi ích" in page(response)
    entry.refresh_from_db()
    assert entry.state == S.PROPOSED


def test_the_rounds_other_reviewers_see_the_declared_conflict(
    babe_officer, reviewer, second_reviewer
):
    round = make_round()
    entry = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    workflow.declare_conflict(entry, reviewer, "Mô hình của cơ quan tôi")
    other = logged_in(second_reviewer)
    listing = page(other.get(reverse("reviews:round", args=[round.pk])))
    assert 'data-testid="conflicts"' in listing and "Tinh đã khai báo xung đột lợi ích" in listing
    detail = page(other.get(reverse("reviews:entry", args=[entry.pk])))
    assert "Tinh — Mô hình của cơ quan tôi" in detail


# ---------------------------------------------------------------- recognising without scores


def test_recognising_an_entry_nobody_scored_asks_for_confirmation(
    reviewer_client, babe_officer, reviewer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    url = reverse("reviews:decide", args=[entry.pk])
    response = reviewer_client.post(url, {"state": S.RECOGNISED, "version": entry.version})
    html = page(response)
    assert response.status_code == 400
    assert "Chưa có ai chấm điểm hồ sơ này" in html and 'name="xac_nhan_chua_cham"' in html
    entry.refresh_from_db()
    assert entry.state == S.PROPOSED
    reviewer_client.post(
        url, {"state": S.RECOGNISED, "version": entry.version, "xac_nhan_chua_cham": "on"}
    )
    entry.refresh_from_db()
    assert entry.state == S.RECOGNISED


def test_recognising_a_scored_entry_needs_no_confirmation(reviewer_client, babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    workflow.save_assessment(entry, reviewer, eights())
    entry.refresh_from_db()
    response = reviewer_client.post(
        reverse("reviews:decide", args=[entry.pk]),
        {"state": S.RECOGNISED, "version": entry.version},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == S.RECOGNISED


# ---------------------------------------------------------------- escalation to the province


def district_round():
    return make_round(RoundLevel.DISTRICT, "061", name="Đợt bình xét Huyện Ba Bể 2025")


def test_escalating_puts_the_model_into_the_open_provincial_round(babe_officer, reviewer_client):
    province = make_round(name="Đợt bình xét cấp tỉnh 2025")
    entry = entry_in_state(S.RECOGNISED, district_round(), babe_officer, babe_officer)
    escalated = workflow.propose_higher(entry, babe_officer, version=entry.version)
    assert escalated.state == S.PROPOSED_HIGHER
    higher = Entry.objects.get(round=province, model=entry.model)
    assert higher.state == S.PROPOSED and higher.escalated_from == escalated
    assert EntryEvent.objects.filter(entry=higher, action="propose").exists()
    listing = page(reviewer_client.get(reverse("reviews:round", args=[province.pk])))
    assert 'data-testid="escalated"' in listing
    assert "Đề nghị từ Đợt bình xét Huyện Ba Bể 2025" in listing


@pytest.mark.parametrize("provincial", ["none", "closed", "other year"])
def test_escalating_says_why_it_cannot_without_an_open_provincial_round(
    provincial, babe_officer, reviewer
):
    if provincial == "closed":
        make_round(is_closed=True)
    elif provincial == "other year":
        make_round(year=2024)
    entry = entry_in_state(S.RECOGNISED, district_round(), babe_officer, babe_officer)
    with pytest.raises(workflow.ReviewError, match="Chưa có đợt bình xét cấp tỉnh năm 2025"):
        workflow.propose_higher(entry, babe_officer, version=entry.version)
    entry.refresh_from_db()
    assert entry.state == S.RECOGNISED
    assert not Entry.objects.filter(round__level=RoundLevel.PROVINCE).exists()


def test_escalating_a_model_already_in_the_provincial_round_keeps_that_entry(babe_officer):
    province = make_round()
    entry = entry_in_state(S.RECOGNISED, district_round(), babe_officer, babe_officer)
    direct = workflow.propose(entry.model, province, babe_officer)
    entry = workflow.propose_higher(entry, babe_officer, version=entry.version)
    assert list(Entry.objects.filter(round=province)) == [direct]
    # Taking the escalation back leaves the district's own proposal alone.
    workflow.reconsider(entry, babe_officer, version=entry.version, reason="Xem lại")
    assert list(Entry.objects.filter(round=province)) == [direct]


def test_reconsidering_an_escalation_takes_back_the_untouched_provincial_entry(babe_officer):
    province = make_round()
    entry = entry_in_state(S.RECOGNISED, district_round(), babe_officer, babe_officer)
    entry = workflow.propose_higher(entry, babe_officer, version=entry.version)
    workflow.reconsider(entry, babe_officer, version=entry.version, reason="Chưa đủ hồ sơ")
    assert not Entry.objects.filter(round=province).exists()


def test_an_escalation_the_province_has_scored_cannot_be_reconsidered(babe_officer, reviewer):
    province = make_round()
    entry = entry_in_state(S.RECOGNISED, district_round(), babe_officer, babe_officer)
    entry = workflow.propose_higher(entry, babe_officer, version=entry.version)
    workflow.save_assessment(Entry.objects.get(round=province), reviewer, eights())
    with pytest.raises(workflow.ReviewError, match="tỉnh đã bắt đầu xét"):
        workflow.reconsider(entry, babe_officer, version=entry.version, reason="Chưa đủ")
    assert Entry.objects.filter(round=province).exists()


def test_both_entry_pages_link_the_escalation(babe_officer, babe_client, reviewer_client):
    province = make_round(name="Đợt bình xét cấp tỉnh 2025")
    entry = entry_in_state(S.RECOGNISED, district_round(), babe_officer, babe_officer)
    workflow.propose_higher(entry, babe_officer, version=entry.version)
    higher = Entry.objects.get(round=province)
    lower_page = page(babe_client.get(reverse("reviews:entry", args=[entry.pk])))
    assert f'Đã đề nghị lên <a href="/danh-gia/ho-so/{higher.pk}/">' in lower_page
    higher_page = page(reviewer_client.get(reverse("reviews:entry", args=[higher.pk])))
    assert "Đề nghị từ" in higher_page and "Đợt bình xét Huyện Ba Bể 2025" in higher_page


# ---------------------------------------------------------------- decisions commend published results


def a_decision(round):
    return Decision.objects.create(
        number="7/QĐ-BDVTU",
        date="2026-12-20",
        issuer=IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn"),
        form=CommendationForm.COMMENDATION,
        year=2026,
        round=round,
    )


def test_a_decision_refuses_exemplary_models_whose_results_are_unpublished(babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(S.EXEMPLARY, round, babe_officer, reviewer)
    assert not entry.is_published
    decision = a_decision(round)
    with pytest.raises(workflow.ReviewError, match="chưa công bố"):
        workflow.add_recipients_from_entries(decision, [entry], reviewer)
    with pytest.raises(workflow.ReviewError, match="chưa công bố"):
        workflow.add_recipient(decision, reviewer, model=entry.model)
    assert not decision.recipients.exists()
    workflow.close_round(round, reviewer)
    entry.refresh_from_db()
    assert len(workflow.add_recipients_from_entries(decision, [entry], reviewer)) == 1


def test_the_decision_page_offers_only_published_results(reviewer_client, babe_officer, reviewer):
    round = make_round()
    quiet = entry_in_state(S.EXEMPLARY, round, babe_officer, reviewer)
    decision = a_decision(round)
    html = page(reviewer_client.get(reverse("reviews:decision", args=[decision.pk])))
    assert quiet.model.title not in html
    response = reviewer_client.post(
        reverse("reviews:decision_pick", args=[decision.pk]), {"entries": [quiet.pk]}
    )
    assert response.status_code == 302 and not decision.recipients.exists()
    response = reviewer_client.post(
        reverse("reviews:recipient_add", args=[decision.pk]), {"model": quiet.model_id}
    )
    assert response.status_code == 400 and not decision.recipients.exists()
    workflow.close_round(round, reviewer)
    html = page(reviewer_client.get(reverse("reviews:decision", args=[decision.pk])))
    assert quiet.model.title in html


def test_the_outcome_page_says_why_escalating_is_not_possible(babe_officer, babe_client):
    entry = entry_in_state(S.RECOGNISED, district_round(), babe_officer, babe_officer)
    response = babe_client.post(
        reverse("reviews:decide", args=[entry.pk]),
        {"state": S.PROPOSED_HIGHER, "version": entry.version},
        follow=True,
    )
    assert "Chưa có đợt bình xét cấp tỉnh năm 2025 đang mở" in page(response)
    entry.refresh_from_db()
    assert entry.state == S.RECOGNISED
