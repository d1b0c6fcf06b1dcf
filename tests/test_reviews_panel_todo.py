"""The registry page's review panel, the home page to-do list per role, reference data, the
annex workbook, the admin and the demo data."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from openpyxl import load_workbook

from demo import reviews as demo
from home import todo
from models_registry.models import DvkModel
from reviews import panels, workflow
from reviews.models import (
    Decision,
    EntryState,
    IssuingBody,
    Recipient,
    ReviewRound,
    RoundLevel,
    RubricCriterion,
)

from .factories import make_individual, unit
from .test_reviews_helpers import babe_model, chodon_model, entry_in_state, make_round

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
S = EntryState


# ---------------------------------------------------------------- reference data


def test_default_rubric_has_the_five_criteria_on_a_scale_of_ten():
    rubric = list(RubricCriterion.objects.values_list("name", "max_score", "weight"))
    assert [name for name, _, _ in rubric] == [
        "Tính sáng tạo",
        "Tuân thủ pháp luật",
        "Huy động được nhiều lực lượng tham gia",
        "Sức lan tỏa và kết quả",
        "Tính bền vững",
    ]
    assert {(m, w) for _, m, w in rubric} == {(10, Decimal(1))}


def test_issuing_bodies_are_a_dated_list_with_successors():
    central = IssuingBody.objects.get(name="Ban Dân vận Trung ương")
    assert central.valid_until == date(2025, 2, 28)
    assert central.successor.name == "Ban Tuyên giáo và Dân vận Trung ương"
    assert central.successor.valid_from == date(2025, 3, 1)
    province = IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn")
    assert province.successor.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Kạn"
    assert province.successor.valid_until == date(2025, 6, 30)
    assert (
        IssuingBody.objects.get(name="UBND tỉnh Bắc Kạn").successor.name == "UBND tỉnh Thái Nguyên"
    )
    chodon = IssuingBody.objects.get(name="UBND huyện Chợ Đồn")
    assert (chodon.valid_until, chodon.unit.code, chodon.level) == (
        date(2025, 6, 30),
        "064",
        "huyen",
    )
    for name in [
        "UBND thành phố Bắc Kạn",
        "Ban Thường vụ Thành ủy Bắc Kạn",
        "Ban Thường vụ Huyện ủy Pác Nặm",
        "Ban Thường vụ Tỉnh ủy Bắc Kạn",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên",
    ]:
        assert IssuingBody.objects.filter(name=name).count() == 1
    assert IssuingBody.objects.filter(level="huyen").count() == 16
    assert [
        b.name for b in IssuingBody.objects.valid_at(date(2026, 1, 1)).filter(level="tinh")
    ] == [
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thái Nguyên",
        "UBND tỉnh Thái Nguyên",
    ]


def test_reference_data_migration_can_run_twice():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("reviews.migrations.0003_default_rubric_and_issuing_bodies")
    before = (IssuingBody.objects.count(), RubricCriterion.objects.count())
    migration.load(apps, None)
    assert (IssuingBody.objects.count(), RubricCriterion.objects.count()) == before


# ---------------------------------------------------------------- the model panel


def test_panel_for_the_district_hides_unpublished_outcomes_and_scores(babe_officer, reviewer):
    round = make_round()
    entry = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    values = {c.pk: Decimal(6) for c in RubricCriterion.objects.all()}
    workflow.save_assessment(entry, reviewer, values, "Nội bộ")
    entry = workflow.not_recognise(entry, reviewer, version=entry.version, reason="Lý do kín")
    district = panels.model_panel(entry.model, babe_officer)
    row = district["entries"][0]
    assert (row["state"], row["reason"], row["assessments"]) == (S.PROPOSED, "", [])
    assert {e.action for e in district["events"]} == {"propose"}
    html = render_to_string("reviews/partials/model_panel.html", {"panel": district})
    # What the officer reads, not the links: a round numbered 160 is not the score 60.
    text = strip_tags(html)
    assert "Lý do kín" not in text and "Không công nhận" not in text and "60" not in text
    internal = panels.model_panel(entry.model, reviewer)
    assert internal["entries"][0]["state"] == S.NOT_RECOGNISED
    assert internal["entries"][0]["assessments"][0].total == Decimal("60.00")
    assert {e.action for e in internal["events"]} == {"propose", "score", "not_recognise"}


def test_panel_shows_commendations_and_the_recommendation_to_replicate(babe_officer, reviewer):
    round = make_round(publish_on_close=False)
    origin = entry_in_state(S.RECOGNISED, round, babe_officer, reviewer)
    workflow.recommend_replication(origin, reviewer, "Nhân rộng toàn huyện", version=origin.version)
    decision = Decision.objects.create(
        number="9/QĐ",
        date=date(2026, 12, 1),
        issuer=IssuingBody.objects.get(name="UBND tỉnh Thái Nguyên"),
        form="bang_khen",
        year=2026,
    )
    Recipient.objects.create(
        decision=decision, collective=origin.model.collective, model=origin.model
    )
    origin.model.refresh_from_db()
    panel = panels.model_panel(origin.model, babe_officer)
    assert [r.decision for r in panel["commendations"]] == [decision]
    assert panel["replication"] == {"recommended": True, "note": "Nhân rộng toàn huyện"}
    html = render_to_string("reviews/partials/model_panel.html", {"panel": panel})
    assert "Khuyến cáo nhân rộng" in html and "9/QĐ" in html


def test_the_model_page_names_its_copies_once(babe_client, babe_officer, reviewer):
    """The copies are the registry's lineage (test_registry_replication); the reviews panel
    no longer lists them a second time under its own rule."""
    round = make_round(publish_on_close=False)
    origin = entry_in_state(S.RECOGNISED, round, babe_officer, reviewer)
    copy = babe_model(title="Nhân rộng ở xã khác", year=2027, parent=origin.model)
    page = babe_client.get(f"/mo-hinh/{origin.model.pk}/").content.decode()
    assert page.count(f'href="/mo-hinh/{copy.pk}/"') == 1
    assert 'data-testid="lineage-down"' in page and "Được nhân rộng tại" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_panel_query_count_is_fixed(rows, babe_officer, reviewer, django_assert_num_queries):
    model = babe_model(year=2022)
    for n in range(rows):
        round = make_round(year=2023 + n, publish_on_close=False)
        entry_in_state(S.PROPOSED, round, babe_officer, reviewer, model=model)
        babe_model(parent=model, year=2023 + n)
    model.refresh_from_db()
    with django_assert_num_queries(5):  # including the scope unit ids
        panel = panels.model_panel(model, reviewer)
        render_to_string("reviews/partials/model_panel.html", {"panel": panel})
    assert len(panel["entries"]) == rows


# ---------------------------------------------------------------- to-do lists


def test_district_todo_lists_returned_models_with_the_reason(
    babe_officer, chodon_officer, reviewer
):
    round = make_round(days=60)
    entry = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    workflow.return_for_more_information(
        entry, reviewer, version=entry.version, reason="Thiếu ảnh minh chứng"
    )
    items = todo.for_user(babe_officer)
    assert items == [
        {
            "label": f"Bổ sung hồ sơ và đề nghị lại: {entry.model.title}",
            "url": reverse("reviews:entry", args=[entry.pk]),
            "count": None,
            "detail": "Lý do trả lại: Thiếu ảnh minh chứng",
        }
    ]
    assert todo.for_user(chodon_officer) == []


def test_district_todo_warns_of_rounds_closing_soon_with_models_not_proposed(
    babe_officer, chodon_officer
):
    round = make_round(days=5)
    make_round(RoundLevel.PROVINCE, "06", year=2027, days=40)  # not closing soon
    proposed, _waiting, _other = babe_model(), babe_model(), babe_model()
    babe_model(year=2024)  # another year: not counted
    workflow.propose(proposed, round, babe_officer)
    chodon_model()
    items = todo.for_user(babe_officer)
    assert [(i["count"], i["url"]) for i in items] == [
        (2, f"{reverse('reviews:propose')}?dot={round.pk}")
    ]
    assert "2 mô hình đã đăng ký chưa được đề nghị" in items[0]["detail"]
    assert [i["count"] for i in todo.for_user(chodon_officer)] == [1]


def test_reviewer_todo_counts_entries_waiting_for_their_score(babe_officer, reviewer):
    round = make_round()
    scored = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    conflicted = entry_in_state(S.PROPOSED, round, babe_officer, reviewer)
    workflow.save_assessment(
        scored, reviewer, {c.pk: Decimal(5) for c in RubricCriterion.objects.all()}
    )
    workflow.declare_conflict(conflicted, reviewer, "Đơn vị tôi")
    assert todo.for_user(reviewer) == [
        {
            "label": "Hồ sơ đang chờ bạn chấm điểm",
            "url": reverse("reviews:queue"),
            "count": 2,
            "detail": "",
        }
    ]


def test_administrator_todo_lists_open_rounds_past_their_deadline(administrator):
    late = make_round(days=-3, name="Đợt quá hạn")
    make_round(RoundLevel.DISTRICT, "061", days=5)
    closed = make_round(RoundLevel.DISTRICT, "064", days=-3)
    ReviewRound.objects.filter(pk=closed.pk).update(is_closed=True)
    items = todo.for_user(administrator)
    assert [(i["label"], i["url"]) for i in items] == [
        (
            "Đợt quá hạn: đã quá hạn nhưng chưa kết thúc",
            reverse("reviews:round", args=[late.pk]),
        )
    ]


def test_home_page_shows_the_district_todo(babe_client, babe_officer, reviewer):
    entry = entry_in_state(S.RETURNED, make_round(days=60), babe_officer, reviewer)
    html = babe_client.get("/").content.decode()
    assert "Lý do trả lại: Lý do thử" in html and entry.model.title in html


def test_anonymous_has_no_todo():
    from django.contrib.auth.models import AnonymousUser

    assert todo.for_user(AnonymousUser()) == []


# ---------------------------------------------------------------- annex workbook


def test_annex_workbook_lists_collectives_then_individuals_with_the_decision_line(
    reviewer_client,
):
    decision = Decision.objects.create(
        number="125/QĐ-UBND",
        date=date(2026, 12, 20),
        issuer=IssuingBody.objects.get(name="UBND tỉnh Thái Nguyên"),
        form="bang_khen",
        year=2026,
    )
    person = make_individual(unit("01891"), name="Quan Thị Giang", position="Hội viên")
    by_person = babe_model(implementer=person)
    by_group = babe_model()
    Recipient.objects.create(
        decision=decision,
        individual=person,
        model=by_person,
        order=1,
        position="Hội viên",
        citation='=HYPERLINK("x")',
    )
    Recipient.objects.create(
        decision=decision,
        collective=by_group.collective,
        model=by_group,
        order=2,
        position="Xã Bành Trạch",
        citation="Thành tích xuất sắc",
    )
    response = reviewer_client.get(reverse("reviews:annex_xlsx", args=[decision.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    assert "Quyết định số 125/QĐ-UBND ngày 20/12/2026 của UBND tỉnh Thái Nguyên" in values[3][0]
    header = values.index(["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"])
    assert values[header + 1] == [
        1,
        str(by_group.collective),
        "Xã Bành Trạch",
        "Thành tích xuất sắc",
    ]
    assert values[header + 2] == [2, "Quan Thị Giang", "Hội viên", '=HYPERLINK("x")']
    assert sheet.cell(header + 3, 4).data_type == "s"  # written as text, never run as a formula


# ---------------------------------------------------------------- admin and demo


def test_administrator_maintains_rounds_rubric_issuers_and_decisions_in_the_admin(admin_client):
    for name in ["reviewround", "rubriccriterion", "issuingbody", "decision"]:
        response = admin_client.get(f"/quan-tri/reviews/{name}/")
        assert response.status_code == 200, name
    html = admin_client.get("/quan-tri/reviews/issuingbody/").content.decode()
    assert "Ban Tuyên giáo và Dân vận Trung ương" in html
    assert admin_client.get("/quan-tri/reviews/decision/add/").status_code == 200


def test_demo_opens_the_2026_rounds_proposes_registered_models_and_is_idempotent(monkeypatch):
    from demo import accounts as account_demo
    from demo import registry as registry_demo

    monkeypatch.setattr(registry_demo, "generate", None)
    out = io.StringIO()
    for _ in range(2):
        account_demo.load(out)
        registry_demo.load(out)
        demo.load(out)
    provincial = ReviewRound.objects.get(year=2026, level=RoundLevel.PROVINCE)
    assert provincial.deadline > timezone.localdate() and not provincial.is_closed
    assert provincial.organiser == unit("19", current=True)
    assert provincial.entries.count() == 8
    assert provincial.entries.filter(proposed_by__username="bangthanh").exists()
    commune_round = ReviewRound.objects.get(year=2026, level=RoundLevel.COMMUNE)
    assert commune_round.organiser == unit("01864", current=True)
    assert [e.proposed_by.username for e in commune_round.entries.all()] == ["bangthanh"]
    # Districts were abolished on 1/7/2025: no district round in 2026.
    assert not ReviewRound.objects.filter(year=2026, level=RoundLevel.DISTRICT).exists()
    nghia_ta = Decision.objects.get(issuer__name="Ban Dân vận Trung ương")
    assert [str(r) for r in nghia_ta.recipients.all()] == ["Hội Nông dân xã Nghĩa Tá"]
    assert nghia_ta.form == "bang_khen"
    assert DvkModel.objects.filter(title__contains="Dưa-Lúa").count() == 1
    assert Decision.objects.count() == 2


def test_demo_without_registry_models_skips_quietly():
    out = io.StringIO()
    demo.load(out)
    assert ReviewRound.objects.get(year=2026, level=RoundLevel.PROVINCE).entries.count() == 0
    assert "cấp tỉnh năm 2026" in out.getvalue()


def test_demo_rounds_close_within_the_district_reminder_window():
    demo.load(io.StringIO())
    soon = timezone.localdate() + timedelta(days=14)
    local_rounds = ReviewRound.objects.filter(year=2026, level=RoundLevel.COMMUNE)
    assert local_rounds.exists() and all(r.deadline <= soon for r in local_rounds)
