"""Review screens for every persona: district officers of Ba Bể and Chợ Đồn, the provincial
reviewer, the administrator and an anonymous visitor."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import AuditAction, AuditEvent
from models_registry.models import Status
from reviews import workflow
from reviews.models import (
    Decision,
    Entry,
    EntryState,
    IssuingBody,
    Recipient,
    RoundLevel,
    RubricCriterion,
)

from .test_reviews_helpers import babe_model, chodon_model, entry_in_state, make_round

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
S = EntryState


def page(response):
    return response.content.decode()


def scores_post(value="8", **extra):
    data = {f"c_{c.pk}": value for c in RubricCriterion.objects.filter(is_active=True)}
    data.update(extra)
    return data


def issuer(name):
    return IssuingBody.objects.get(name=name)


# ---------------------------------------------------------------- index


def test_anonymous_visitor_is_sent_to_login_from_every_review_page(anonymous_client):
    for url in [
        reverse("reviews:index"),
        reverse("reviews:queue"),
        reverse("reviews:propose"),
        reverse("reviews:decisions"),
        reverse("reviews:entry", args=[1]),
        reverse("reviews:annex", args=[1]),
    ]:
        response = anonymous_client.get(url)
        assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


def test_index_lists_rounds_a_district_officer_may_see_only(babe_client, chodon_officer):
    make_round(name="Đợt cấp tỉnh 2026")
    make_round(RoundLevel.DISTRICT, "061", name="Đợt Ba Bể 2026")
    make_round(RoundLevel.DISTRICT, "064", name="Đợt Chợ Đồn 2026")
    html = page(babe_client.get(reverse("reviews:index")))
    assert "Đợt cấp tỉnh 2026" in html and "Đợt Ba Bể 2026" in html
    assert "Đợt Chợ Đồn 2026" not in html
    assert "Đề nghị mô hình" in html


def test_index_for_reviewer_and_administrator_shows_every_round(reviewer_client, admin_client):
    make_round(name="Đợt cấp tỉnh 2026")
    make_round(RoundLevel.DISTRICT, "064", name="Đợt Chợ Đồn 2026")
    for client in (reviewer_client, admin_client):
        html = page(client.get(reverse("reviews:index")))
        assert "Đợt cấp tỉnh 2026" in html and "Đợt Chợ Đồn 2026" in html
        assert "Hàng đợi chấm điểm" in html


@pytest.mark.parametrize("rows", [1, 3])
def test_index_query_count_does_not_grow_with_rounds(
    rows, reviewer_client, django_assert_num_queries
):
    for code in ["060", "061", "064"][:rows]:
        make_round(RoundLevel.DISTRICT, code)
    # 2 for the session and the user with their unit (the session is not written: it was
    # renewed less than a minute ago); 1 for the user's scope unit ids; 3 for the page (the
    # count for the pages, the rounds, the rounds the user runs).
    with django_assert_num_queries(6):
        response = reviewer_client.get(reverse("reviews:index"))
    assert len(re.findall(r'href="/danh-gia/dot/\d+/"', page(response))) == rows


# ---------------------------------------------------------------- round page


def test_round_page_shows_only_the_officers_own_district_entries(
    babe_client, babe_officer, chodon_officer, reviewer
):
    round = make_round()
    workflow.propose(babe_model(title="Mô hình của Ba Bể"), round, babe_officer)
    workflow.propose(chodon_model(title="Mô hình của Chợ Đồn"), round, chodon_officer)
    html = page(babe_client.get(reverse("reviews:round", args=[round.pk])))
    assert "Mô hình của Ba Bể" in html and "Mô hình của Chợ Đồn" not in html


def test_unpublished_outcome_is_hidden_from_the_district_but_not_from_reviewers(
    babe_client, babe_officer, reviewer, reviewer_client
):
    round = make_round()
    entry_in_state(S.NOT_RECOGNISED, round, babe_officer, reviewer)
    district_view = page(babe_client.get(reverse("reviews:round", args=[round.pk])))
    assert "Không công nhận" not in district_view and "Đang xét" in district_view
    reviewer_view = page(reviewer_client.get(reverse("reviews:round", args=[round.pk])))
    assert "Không công nhận" in reviewer_view and "chưa công bố" in reviewer_view


def test_another_districts_round_is_not_found(chodon_client):
    round = make_round(RoundLevel.DISTRICT, "061")
    assert chodon_client.get(reverse("reviews:round", args=[round.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_round_page_query_count_does_not_grow_with_entries(
    rows, reviewer_client, babe_officer, reviewer, django_assert_num_queries
):
    round = make_round()
    for _ in range(rows):
        entry_in_state(S.RECOGNISED, round, babe_officer, reviewer)
    # Including the scope unit ids and the entries' conflict declarations.
    with django_assert_num_queries(6):
        response = reviewer_client.get(reverse("reviews:round", args=[round.pk]))
    assert page(response).count('href="/danh-gia/ho-so/') == rows


# ---------------------------------------------------------------- proposing


def test_district_officer_proposes_models_in_bulk_from_the_list(babe_client, babe_officer):
    round = make_round()
    first, second = babe_model(), babe_model()
    response = babe_client.post(
        reverse("reviews:propose"), {"mo_hinh": [first.pk, second.pk], "dot": round.pk}
    )
    assert response.status_code == 302 and response.url == reverse("reviews:round", args=[round.pk])
    assert set(Entry.objects.filter(round=round).values_list("model", flat=True)) == {
        first.pk,
        second.pk,
    }
    first.refresh_from_db()
    assert first.status == Status.PROPOSED


def test_posting_from_the_list_without_a_round_asks_for_one(babe_client):
    round = make_round(name="Đợt cấp tỉnh 2026")
    model = babe_model(title="Mô hình cần đề nghị")
    response = babe_client.post(reverse("reviews:propose"), {"mo_hinh": [model.pk]})
    html = page(response)
    assert response.status_code == 200 and "Đợt cấp tỉnh 2026" in html
    assert f'value="{model.pk}"' in html and "checked" in html
    assert not Entry.objects.filter(round=round).exists()


def test_proposal_page_without_a_round_chosen_says_so(babe_client):
    make_round()
    model = babe_model()
    response = babe_client.post(
        reverse("reviews:propose"), {"mo_hinh": [model.pk], "xac_nhan": "1", "dot": ""}
    )
    assert "Vui lòng chọn đợt bình xét." in page(response)
    assert not Entry.objects.exists()


def test_proposing_another_districts_model_is_not_found(babe_client):
    round = make_round()
    other = chodon_model()
    response = babe_client.post(
        reverse("reviews:propose"), {"mo_hinh": [other.pk], "dot": round.pk}
    )
    assert response.status_code == 404
    assert not Entry.objects.exists()


def test_reviewer_cannot_propose(reviewer_client):
    round = make_round()
    response = reviewer_client.post(
        reverse("reviews:propose"), {"mo_hinh": [babe_model().pk], "dot": round.pk}
    )
    assert response.status_code == 403
    assert not Entry.objects.exists()


def test_administrator_may_propose_any_model(admin_client):
    round = make_round()
    model = chodon_model()
    admin_client.post(reverse("reviews:propose"), {"mo_hinh": [model.pk], "dot": round.pk})
    assert Entry.objects.get(round=round).model == model


def test_proposal_refusal_is_shown_in_vietnamese(babe_client):
    round = make_round()
    draft = babe_model(status=Status.DRAFT)
    response = babe_client.post(
        reverse("reviews:propose"), {"mo_hinh": [draft.pk], "dot": round.pk}, follow=True
    )
    assert "chưa thể đề nghị" in page(response)


# ---------------------------------------------------------------- queue and scoring


def test_reviewer_queue_shows_progress_and_save_and_next_moves_on(
    reviewer_client, reviewer, babe_officer
):
    round = make_round()
    first = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    second = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    assert "0/2" in page(reviewer_client.get(reverse("reviews:queue")))
    score_page = page(reviewer_client.get(reverse("reviews:score", args=[first.pk])))
    assert "Lưu và chuyển tiếp" in score_page and "Tính sáng tạo" in score_page
    response = reviewer_client.post(
        reverse("reviews:score", args=[first.pk]),
        scores_post("8", comment="Cách làm hay", next="1"),
    )
    assert response.status_code == 302 and response.url == reverse(
        "reviews:score", args=[second.pk]
    )
    assert "1/2" in page(reviewer_client.get(reverse("reviews:queue")))
    assessment = first.assessments.get()
    assert assessment.total == Decimal("80.00") and assessment.comment == "Cách làm hay"


def test_score_form_keeps_what_was_typed_and_explains_the_error(
    reviewer_client, reviewer, babe_officer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    response = reviewer_client.post(
        reverse("reviews:score", args=[entry.pk]), scores_post("12", comment="Đã xem kỹ")
    )
    html = page(response)
    assert response.status_code == 200
    assert "Điểm không được lớn hơn 10." in html and "Đã xem kỹ" in html
    assert not entry.assessments.exists()


def test_district_staff_cannot_score_a_provincial_entry(babe_client, babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    assert babe_client.get(reverse("reviews:score", args=[entry.pk])).status_code == 403
    response = babe_client.post(reverse("reviews:score", args=[entry.pk]), scores_post())
    assert response.status_code == 403 and not entry.assessments.exists()


def test_another_districts_entry_is_not_found_for_any_action(chodon_client, babe_officer, reviewer):
    entry = entry_in_state(S.RETURNED, make_round(), babe_officer, reviewer)
    for name in ["entry", "score"]:
        assert chodon_client.get(reverse(f"reviews:{name}", args=[entry.pk])).status_code == 404
    for name in ["decide", "conflict", "replication", "repropose"]:
        response = chodon_client.post(reverse(f"reviews:{name}", args=[entry.pk]), {"version": 9})
        assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.state == S.RETURNED


def test_administrator_can_score(admin_client, babe_officer, reviewer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    admin_client.post(reverse("reviews:score", args=[entry.pk]), scores_post("5"))
    assert entry.assessments.get().total == Decimal("50.00")


@pytest.mark.parametrize("rows", [1, 3])
def test_queue_query_count_does_not_grow(
    rows, reviewer_client, reviewer, babe_officer, django_assert_num_queries
):
    round = make_round()
    for _ in range(rows):
        entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    # The session and the header's queries, then: the count, the page's ids, their rows and
    # the progress (nothing cached: the same on every visit).
    with django_assert_num_queries(6):
        response = reviewer_client.get(reverse("reviews:queue"))
    assert f"0/{rows}" in page(response)


def test_queue_is_paginated_and_its_progress_counts_every_page(
    reviewer_client, reviewer, babe_officer, monkeypatch
):
    monkeypatch.setattr("reviews.views.entries.QUEUE_PAGE_SIZE", 2)
    round = make_round()
    entries = [entry_in_state(S.PROPOSED, round, babe_officer, reviewer) for _ in range(5)]
    reviewer_client.post(
        reverse("reviews:score", args=[entries[4].pk]), scores_post("8", comment="Tốt")
    )
    first = page(reviewer_client.get(reverse("reviews:queue")))
    last = page(reviewer_client.get(reverse("reviews:queue"), {"trang": 3}))
    assert "1/5" in first and "1/5" in last
    assert first.count(reverse("reviews:score", args=[entries[0].pk])) == 1
    assert reverse("reviews:score", args=[entries[2].pk]) not in first
    assert reverse("reviews:score", args=[entries[4].pk]) in last and "Đã chấm" in last
    assert '<td class="card-number-cell">5</td>' in last and "?trang=2" in last


def test_district_officer_queue_holds_only_their_own_district_round(
    babe_client, babe_officer, reviewer
):
    entry_in_state(
        S.PROPOSED, make_round(), babe_officer, reviewer, model=babe_model(title="Tỉnh xét")
    )
    district = make_round(RoundLevel.DISTRICT, "061")
    workflow.propose(babe_model(title="Huyện xét"), district, babe_officer)
    html = page(babe_client.get(reverse("reviews:queue")))
    assert "Huyện xét" in html and "Tỉnh xét" not in html and "0/1" in html


# ---------------------------------------------------------------- outcomes


def test_reviewer_records_an_outcome_quietly(reviewer_client, reviewer, babe_officer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    response = reviewer_client.post(
        reverse("reviews:decide", args=[entry.pk]),
        # Nobody scored it: the runner confirms recognising it anyway.
        {"state": S.RECOGNISED, "reason": "", "version": entry.version, "xac_nhan_chua_cham": "on"},
        follow=True,
    )
    assert "công bố khi kết thúc đợt" in page(response)
    entry.refresh_from_db()
    assert entry.state == S.RECOGNISED and not entry.is_published


def test_second_reviewer_on_a_stale_page_sees_a_vietnamese_message(
    reviewer_client, admin_client, reviewer, babe_officer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    stale = entry.version
    reviewer_client.post(
        reverse("reviews:decide", args=[entry.pk]),
        {"state": S.RECOGNISED, "version": stale, "xac_nhan_chua_cham": "on"},
    )
    response = admin_client.post(
        reverse("reviews:decide", args=[entry.pk]),
        {"state": S.NOT_RECOGNISED, "reason": "Chưa đạt", "version": stale},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in page(response)
    entry.refresh_from_db()
    assert entry.state == S.RECOGNISED


def test_returning_without_a_reason_shows_the_error_next_to_the_field(
    reviewer_client, reviewer, babe_officer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    response = reviewer_client.post(
        reverse("reviews:decide", args=[entry.pk]), {"state": S.RETURNED, "version": entry.version}
    )
    assert response.status_code == 400
    assert "Vui lòng ghi rõ lý do" in page(response)
    entry.refresh_from_db()
    assert entry.state == S.PROPOSED


def test_district_staff_cannot_decide_or_close_the_provincial_round(
    babe_client, babe_officer, reviewer
):
    round = make_round()
    entry = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    response = babe_client.post(
        reverse("reviews:decide", args=[entry.pk]),
        {"state": S.RECOGNISED, "version": entry.version},
    )
    assert response.status_code == 403
    assert babe_client.post(reverse("reviews:round_close", args=[round.pk])).status_code == 403
    entry.refresh_from_db()
    round.refresh_from_db()
    assert entry.state == S.PROPOSED and not round.is_closed


def test_district_officer_sees_the_return_reason_at_once_and_reproposes(
    babe_client, babe_officer, reviewer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    workflow.return_for_more_information(
        entry, reviewer, version=entry.version, reason="Bổ sung số hộ tham gia"
    )
    html = page(babe_client.get(reverse("reviews:entry", args=[entry.pk])))
    assert "Trả lại để bổ sung" in html and "Bổ sung số hộ tham gia" in html
    assert "Đề nghị lại" in html
    entry.refresh_from_db()
    babe_client.post(reverse("reviews:repropose", args=[entry.pk]), {"version": entry.version})
    entry.refresh_from_db()
    assert entry.state == S.PROPOSED


def test_district_officer_does_not_see_scores_or_unpublished_reasons(
    babe_client, babe_officer, reviewer
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    values = {c.pk: Decimal(7) for c in RubricCriterion.objects.all()}
    workflow.save_assessment(entry, reviewer, values, "Nhận xét nội bộ")
    workflow.not_recognise(entry, reviewer, version=entry.version + 0, reason="Lý do nội bộ")
    html = page(babe_client.get(reverse("reviews:entry", args=[entry.pk])))
    assert "Nhận xét nội bộ" not in html and "70.00" not in html and "Phiếu chấm" not in html
    assert "Lý do nội bộ" not in html and "Không công nhận" not in html


def test_reviewer_sees_scores_conflicts_and_history(
    reviewer_client, reviewer, babe_officer, administrator
):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    values = {c.pk: Decimal(7) for c in RubricCriterion.objects.all()}
    workflow.save_assessment(entry, reviewer, values, "Nhận xét nội bộ")
    workflow.declare_conflict(entry, administrator, "Mô hình của đơn vị tôi")
    html = page(reviewer_client.get(reverse("reviews:entry", args=[entry.pk])))
    assert "Nhận xét nội bộ" in html and "70,00" in html
    assert "Mô hình của đơn vị tôi" in html and "Khai báo xung đột lợi ích" in html


def test_reviewer_declares_a_conflict_and_leaves_the_queue(reviewer_client, reviewer, babe_officer):
    entry = entry_in_state(S.PROPOSED, make_round(), babe_officer, reviewer)
    reviewer_client.post(reverse("reviews:conflict", args=[entry.pk]), {"reason": "Cơ quan tôi"})
    assert entry.conflicts.get().reviewer == reviewer
    assert "Đã khai báo xung đột lợi ích" in page(reviewer_client.get(reverse("reviews:queue")))
    score = page(reviewer_client.get(reverse("reviews:score", args=[entry.pk])))
    assert "Lưu và chuyển tiếp" not in score


def test_replication_recommendation_through_the_page(reviewer_client, reviewer, babe_officer):
    entry = entry_in_state(S.RECOGNISED, make_round(), babe_officer, reviewer)
    reviewer_client.post(
        reverse("reviews:replication", args=[entry.pk]),
        {"note": "Nhân rộng ra các xã vùng cao", "version": entry.version},
    )
    entry.refresh_from_db()
    assert (
        entry.replication_recommended and entry.replication_note == "Nhân rộng ra các xã vùng cao"
    )


def test_closing_publishes_and_the_district_then_sees_the_outcome(
    reviewer_client, babe_client, babe_officer, reviewer
):
    round = make_round()
    entry = entry_in_state(S.EXEMPLARY, round, babe_officer, reviewer)
    response = reviewer_client.post(reverse("reviews:round_close", args=[round.pk]), follow=True)
    assert "Đã kết thúc đợt" in page(response)
    html = page(babe_client.get(reverse("reviews:entry", args=[entry.pk])))
    assert "Điển hình, tiêu biểu" in html
    assert "Lưu kết quả" not in page(reviewer_client.get(reverse("reviews:entry", args=[entry.pk])))


def test_closing_with_pending_entries_is_refused_with_a_message(
    reviewer_client, reviewer, babe_officer
):
    round = make_round()
    entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    response = reviewer_client.post(reverse("reviews:round_close", args=[round.pk]), follow=True)
    assert "chưa có kết quả" in page(response)
    round.refresh_from_db()
    assert not round.is_closed


# ---------------------------------------------------------------- rounds


def test_district_officer_opens_their_district_round(babe_client, babe_officer):
    response = babe_client.post(
        reverse("reviews:round_create"),
        {
            "name": "Bình xét Ba Bể 2025",
            "year": 2025,
            "deadline": "2025-06-20",
            "publish_on_close": "on",
        },
    )
    assert response.status_code == 302
    round = babe_officer.unit.review_rounds.get()
    assert (round.level, round.year) == (RoundLevel.DISTRICT, 2025)


def test_a_second_round_for_the_same_year_is_explained(babe_client):
    make_round(RoundLevel.DISTRICT, "061", year=2025)
    response = babe_client.post(
        reverse("reviews:round_create"),
        {"name": "Lần hai", "year": 2025, "deadline": "2025-06-20"},
    )
    assert "Huyện Ba Bể đã có đợt bình xét cấp huyện năm 2025." in page(response)


def test_anonymous_cannot_open_a_round(anonymous_client):
    assert anonymous_client.post(reverse("reviews:round_create"), {}).status_code == 302


# ---------------------------------------------------------------- decisions


def make_decision(**extra):
    defaults = {
        "number": "125/QĐ-UBND",
        "date": date(2026, 12, 20),
        "issuer": issuer("UBND tỉnh Thái Nguyên"),
        "form": "bang_khen",
        "year": 2026,
    }
    defaults.update(extra)
    return Decision.objects.create(**defaults)


def test_reviewer_records_a_decision_with_a_scan(reviewer_client):
    scan = SimpleUploadedFile("qd.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = reviewer_client.post(
        reverse("reviews:decision_create"),
        {
            "number": "125/QĐ-UBND",
            "date": "2026-12-20",
            "issuer": issuer("UBND tỉnh Thái Nguyên").pk,
            "form": "bang_khen",
            "year": 2026,
            "signatory": "Chủ tịch UBND tỉnh",
            "scan": scan,
        },
    )
    decision = Decision.objects.get()
    assert response.url == reverse("reviews:decision", args=[decision.pk])
    download = reviewer_client.get(reverse("reviews:decision_scan", args=[decision.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 demo"
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_an_issuer_that_no_longer_existed_on_the_date_is_explained(reviewer_client):
    response = reviewer_client.post(
        reverse("reviews:decision_create"),
        {
            "number": "12/QĐ",
            "date": "2026-01-10",
            "issuer": issuer("Ban Dân vận Trung ương").pk,
            "form": "bang_khen",
            "year": 2025,
        },
    )
    html = page(response)
    assert "không hoạt động vào ngày 10/01/2026" in html
    assert "Ban Tuyên giáo và Dân vận Trung ương" in html and "12/QĐ" in html
    assert not Decision.objects.exists()


def test_district_officer_cannot_record_a_provincial_decision(babe_client):
    response = babe_client.post(
        reverse("reviews:decision_create"),
        {
            "number": "1/QĐ",
            "date": "2024-05-01",
            "issuer": issuer("UBND tỉnh Bắc Kạn").pk,
            "form": "bang_khen",
            "year": 2024,
        },
    )
    assert response.status_code == 200 and not Decision.objects.exists()


def test_district_officer_sees_only_decisions_about_their_district(
    babe_client, babe_officer, reviewer
):
    babe = babe_model()
    chodon = chodon_model()
    about_babe = make_decision(number="1/QĐ")
    Recipient.objects.create(decision=about_babe, collective=babe.collective, model=babe)
    Recipient.objects.create(
        decision=about_babe,
        collective=chodon.collective,
        model=chodon,
        citation="Thành tích Chợ Đồn",
    )
    about_chodon = make_decision(number="2/QĐ")
    Recipient.objects.create(decision=about_chodon, collective=chodon.collective, model=chodon)
    html = page(babe_client.get(reverse("reviews:decisions")))
    assert "1/QĐ" in html and "2/QĐ" not in html
    detail = page(babe_client.get(reverse("reviews:decision", args=[about_babe.pk])))
    assert str(babe.collective) in detail and "Thành tích Chợ Đồn" not in detail
    assert babe_client.get(reverse("reviews:decision", args=[about_chodon.pk])).status_code == 404
    assert babe_client.get(reverse("reviews:annex", args=[about_chodon.pk])).status_code == 404
    assert (
        babe_client.get(reverse("reviews:decision_scan", args=[about_chodon.pk])).status_code == 404
    )
    annex = page(babe_client.get(reverse("reviews:annex", args=[about_babe.pk])))
    assert "Thành tích Chợ Đồn" not in annex


def test_district_officer_cannot_change_a_provincial_decision(babe_client):
    babe = babe_model()
    decision = make_decision()
    Recipient.objects.create(decision=decision, collective=babe.collective, model=babe)
    response = babe_client.post(
        reverse("reviews:recipient_add", args=[decision.pk]), {"model": babe.pk}
    )
    assert response.status_code == 403
    assert decision.recipients.count() == 1


@pytest.mark.parametrize("rows", [1, 3])
def test_decision_list_query_count_does_not_grow(rows, reviewer_client, django_assert_num_queries):
    for n in range(rows):
        make_decision(number=f"{n + 1}/QĐ-UBND")
    # The session, the user, the count for the pages, the decisions.
    with django_assert_num_queries(4):
        response = reviewer_client.get(reverse("reviews:decisions"))
    assert page(response).count("/QĐ-UBND</a>") == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_annex_query_count_does_not_grow(rows, reviewer_client, django_assert_num_queries):
    decision = make_decision()
    for _ in range(rows):
        model = babe_model()
        Recipient.objects.create(decision=decision, collective=model.collective, model=model)
    with django_assert_num_queries(4):
        response = reviewer_client.get(reverse("reviews:annex", args=[decision.pk]))
    assert page(response).count('<tr><td class="text-center">') == rows


def test_anonymous_and_other_personas_on_decision_pages(
    anonymous_client, chodon_client, admin_client
):
    decision = make_decision()
    assert anonymous_client.get(reverse("reviews:decision", args=[decision.pk])).status_code == 302
    assert chodon_client.get(reverse("reviews:decision", args=[decision.pk])).status_code == 404
    html = page(admin_client.get(reverse("reviews:decision", args=[decision.pk])))
    assert "125/QĐ-UBND" in html and "Chọn từ các mô hình điển hình" in html


# ---------------------------------------------------------------- the whole journey


def test_a_reviewer_runs_a_whole_provincial_round_in_the_browser(
    babe_client, chodon_client, reviewer_client, babe_officer, chodon_officer, reviewer
):
    round = make_round(name="Bình xét cấp tỉnh 2026")
    babe_models = [babe_model(title=f"Mô hình Ba Bể {n}") for n in range(3)]
    chodon_one = chodon_model(title="Mô hình Chợ Đồn")
    babe_client.post(
        reverse("reviews:propose"), {"mo_hinh": [m.pk for m in babe_models], "dot": round.pk}
    )
    chodon_client.post(reverse("reviews:propose"), {"mo_hinh": [chodon_one.pk], "dot": round.pk})
    entries = {e.model.title: e for e in Entry.objects.filter(round=round).select_related("model")}
    assert len(entries) == 4

    # Score everything through the queue with "save and next".
    url = reverse("reviews:score", args=[Entry.objects.for_queue(reviewer).first().pk])
    for _ in range(4):
        response = reviewer_client.post(url, scores_post("9", next="1"))
        url = response.url
    assert url == reverse("reviews:queue")
    assert "4/4" in page(reviewer_client.get(url))

    def decide(title, state, reason=""):
        entry = Entry.objects.get(pk=entries[title].pk)
        reviewer_client.post(
            reverse("reviews:decide", args=[entry.pk]),
            {"state": state, "reason": reason, "version": entry.version},
        )

    decide("Mô hình Ba Bể 0", S.RECOGNISED)
    decide("Mô hình Ba Bể 0", S.EXEMPLARY)
    decide("Mô hình Chợ Đồn", S.RECOGNISED)
    decide("Mô hình Chợ Đồn", S.EXEMPLARY)
    decide("Mô hình Ba Bể 1", S.RECOGNISED)
    decide("Mô hình Ba Bể 2", S.RETURNED, "Bổ sung kết quả định lượng")

    # The district sees the return at once, and proposes again; the reviewer then recognises it.
    returned = entries["Mô hình Ba Bể 2"]
    html = page(babe_client.get(reverse("reviews:entry", args=[returned.pk])))
    assert "Bổ sung kết quả định lượng" in html
    returned.refresh_from_db()
    babe_client.post(
        reverse("reviews:repropose", args=[returned.pk]), {"version": returned.version}
    )
    decide("Mô hình Ba Bể 2", S.RECOGNISED)

    reviewer_client.post(reverse("reviews:round_close", args=[round.pk]))
    round.refresh_from_db()
    assert round.is_closed
    babe_models[0].refresh_from_db()
    assert babe_models[0].is_exemplary and babe_models[0].recognition_level == "tinh"

    # A Bằng khen decision for the exemplary models' implementers, picked in one step.
    reviewer_client.post(
        reverse("reviews:decision_create"),
        {
            "number": "125/QĐ-UBND",
            "date": "2026-12-20",
            "issuer": issuer("UBND tỉnh Thái Nguyên").pk,
            "form": "bang_khen",
            "year": 2026,
            "round": round.pk,
        },
    )
    decision = Decision.objects.get()
    detail = page(reviewer_client.get(reverse("reviews:decision", args=[decision.pk])))
    assert "Mô hình Ba Bể 0" in detail and "Mô hình Chợ Đồn" in detail
    exemplary = Entry.objects.filter(round=round, is_exemplary=True)
    reviewer_client.post(
        reverse("reviews:decision_pick", args=[decision.pk]),
        {"entries": [e.pk for e in exemplary]},
    )
    assert {r.model.title for r in decision.recipients.all()} == {
        "Mô hình Ba Bể 0",
        "Mô hình Chợ Đồn",
    }

    annex = page(reviewer_client.get(reverse("reviews:annex", args=[decision.pk])))
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in annex
    assert "Kèm theo Quyết định số 125/QĐ-UBND ngày 20/12/2026 của UBND tỉnh Thái Nguyên" in annex
    assert "data-print" in annex
    xlsx = reviewer_client.get(reverse("reviews:annex_xlsx", args=[decision.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")

    # The district sees its published outcomes and its commendation on the model panel.
    from reviews.panels import model_panel

    panel = model_panel(babe_models[0], babe_officer)
    assert panel["entries"][0]["state"] == S.EXEMPLARY
    assert [r.decision for r in panel["commendations"]] == [decision]


# ---------------------------------------------------------------- every page, every persona

PERSONAS = ["babe_client", "chodon_client", "reviewer_client", "admin_client", "anonymous_client"]
# view name -> (expected status per persona in PERSONAS order, text a 200 page must show)
MATRIX = {
    "index": ((200, 200, 200, 200, 302), "Đợt bình xét mô hình"),
    "round": ((200, 200, 200, 200, 302), "Bình xét cấp tỉnh 2026"),
    "queue": ((200, 200, 200, 200, 302), "Hàng đợi chấm điểm"),
    "propose": ((200, 200, 403, 200, 302), "Đề nghị mô hình xét công nhận"),
    "round_create": ((200, 200, 200, 200, 302), "Mở đợt bình xét"),
    "entry": ((200, 404, 200, 200, 302), "Mô hình ma trận Ba Bể"),
    "score": ((403, 404, 200, 200, 302), "Lưu và chuyển tiếp"),
    "decisions": ((200, 200, 200, 200, 302), "Quyết định khen thưởng"),
    "decision_create": ((200, 200, 200, 200, 302), "Nhập quyết định khen thưởng"),
    "decision": ((200, 404, 200, 200, 302), "77/QĐ-UBND"),
    "decision_edit": ((403, 404, 200, 200, 302), "Sửa Quyết định số 77/QĐ-UBND"),
    "annex": ((200, 404, 200, 200, 302), "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"),
    "annex_xlsx": ((200, 404, 200, 200, 302), None),
}


@pytest.mark.parametrize("view", sorted(MATRIX))
@pytest.mark.parametrize("persona_index", range(len(PERSONAS)))
def test_every_review_page_for_every_persona(view, persona_index, request, babe_officer, reviewer):
    round = make_round(name="Bình xét cấp tỉnh 2026")
    entry = entry_in_state(
        S.PROPOSED, round, babe_officer, reviewer, model=babe_model(title="Mô hình ma trận Ba Bể")
    )
    decision = make_decision(number="77/QĐ-UBND")
    Recipient.objects.create(
        decision=decision, collective=entry.model.collective, model=entry.model
    )
    args = {"round": [round.pk], "entry": [entry.pk], "score": [entry.pk]}.get(view)
    if view in {"decision", "decision_edit", "annex", "annex_xlsx"}:
        args = [decision.pk]
    client = request.getfixturevalue(PERSONAS[persona_index])
    response = client.get(reverse(f"reviews:{view}", args=args))
    statuses, marker = MATRIX[view]
    assert response.status_code == statuses[persona_index]
    if response.status_code == 200 and marker:
        assert marker in page(response)
    if response.status_code == 200 and view == "annex_xlsx":
        assert response["Content-Disposition"].startswith("attachment;")
    if response.status_code == 302:
        assert response.url.startswith("/dang-nhap/")


def test_the_same_decision_twice_is_explained_once(reviewer_client):
    make_decision(number="125/QĐ-UBND")
    response = reviewer_client.post(
        reverse("reviews:decision_create"),
        {
            "number": "125/QĐ-UBND",
            "date": "2026-12-20",
            "issuer": issuer("UBND tỉnh Thái Nguyên").pk,
            "form": "bang_khen",
            "year": 2026,
        },
    )
    html = page(response)
    message = "Quyết định số 125/QĐ-UBND ngày 20/12/2026 của UBND tỉnh Thái Nguyên đã được nhập."
    assert html.count(message) == 1 and "constraint" not in html.lower()
    assert Decision.objects.count() == 1


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_administrator_attaches_a_scan_later(admin_client):
    decision = make_decision()
    scan = SimpleUploadedFile("qd.png", png_bytes(), content_type="image/png")
    admin_client.post(
        reverse("reviews:decision_edit", args=[decision.pk]),
        {
            "number": decision.number,
            "date": "2026-12-20",
            "issuer": decision.issuer_id,
            "form": "bang_khen",
            "year": 2026,
            "scan": scan,
        },
    )
    decision.refresh_from_db()
    assert decision.scan.name.startswith("decisions/") and decision.scan.name.endswith(".png")


def test_a_scan_that_is_not_a_document_is_refused(reviewer_client):
    scan = SimpleUploadedFile("qd.exe", b"MZ", content_type="application/octet-stream")
    response = reviewer_client.post(
        reverse("reviews:decision_create"),
        {
            "number": "5/QĐ",
            "date": "2026-12-20",
            "issuer": issuer("UBND tỉnh Thái Nguyên").pk,
            "form": "bang_khen",
            "year": 2026,
            "scan": scan,
        },
    )
    assert "Chỉ nhận tệp PDF, JPG hoặc PNG." in page(response)
    assert not Decision.objects.exists()
