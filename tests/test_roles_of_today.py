"""Roles of today (issue 12): commune officers, dated review levels, no round or registration
for a unit that did not exist in that year, abolished accounts keep their old records."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from models_registry import rules as registry_rules
from models_registry import workflow as registry_workflow
from models_registry.models import DvkModel, Field, RecognitionLevel, Status
from reviews import rules, workflow
from reviews.models import EntryState, ReviewRound, RoundLevel
from tests.factories import make_collective, make_model, unit
from tests.test_reviews_helpers import make_round

pytestmark = pytest.mark.django_db


def page(response):
    return response.content.decode()


def dong_phuc_draft_2026():
    """A 2026 draft of today's Xã Đồng Phúc, formed from three Ba Bể communes and Chợ Đồn's
    Xã Bằng Phúc: the commune keeps it."""
    commune = unit("01933", current=True)
    return make_model(
        commune, title="Vận động làm đường bê tông thôn Nà Kiến", year=2026, status=Status.DRAFT
    )


# ---------------------------------------------------------------- a commune of two districts


@pytest.mark.parametrize("client_name", ["chodon_client", "babe_client"])
def test_neither_district_officer_opens_edits_or_deletes_a_draft_of_the_2026_dong_phuc(
    client_name, request
):
    client = request.getfixturevalue(client_name)
    draft = dong_phuc_draft_2026()
    assert client.get(reverse("models_registry:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("models_registry:edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("models_registry:delete", args=[draft.pk])).status_code == 404
    assert DvkModel.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()
    listing = page(client.get(reverse("models_registry:list") + "?nam=2026"))
    assert "Nà Kiến" not in listing


def test_the_chodon_officer_cannot_reach_a_ba_be_draft_of_old_dong_phuc(chodon_client, babe_client):
    old = make_model(
        unit("01933"), title="Vận động trồng rừng Đồng Phúc", year=2024, status=Status.DRAFT
    )
    assert chodon_client.get(reverse("models_registry:detail", args=[old.pk])).status_code == 404
    assert chodon_client.post(reverse("models_registry:delete", args=[old.pk])).status_code == 404
    mine = page(babe_client.get(reverse("models_registry:detail", args=[old.pk])))
    assert "Vận động trồng rừng Đồng Phúc" in mine


def test_a_district_officer_reads_the_districts_own_records_only(babe_officer):
    old = make_model(unit("01933"), year=2024)
    new = dong_phuc_draft_2026()
    visible = set(DvkModel.objects.visible_to(babe_officer).values_list("pk", flat=True))
    assert old.pk in visible and new.pk not in visible


# ---------------------------------------------------------------- registration is dated


@pytest.mark.usefixtures("district_era")
def test_a_district_officer_cannot_register_a_2026_model_the_message_names_successors(
    babe_officer,
):
    model = DvkModel(
        title="Vận động nhân dân giữ gìn vệ sinh môi trường",
        year=2026,
        field=Field.objects.get(code="KT"),
        collective=make_collective(unit("01891")),
    )
    with pytest.raises(ValidationError) as error:
        registry_workflow.save_model(model, user=babe_officer, places=[unit("01891")])
    message = " ".join(error.value.message_dict["year"])
    assert "Huyện Ba Bể chỉ tồn tại đến ngày 30/06/2025" in message
    assert "Xã Đồng Phúc" in message and "Xã Bằng Thành" not in message
    assert not DvkModel.objects.filter(title__contains="vệ sinh môi trường").exists()


def test_the_commune_officer_registers_a_2026_model_of_the_commune(commune_officer):
    commune = unit("01864", current=True)
    model = DvkModel(
        title="Vận động nhân dân Bằng Thành hiến đất làm đường",
        year=2026,
        field=Field.objects.get(code="KT"),
        collective=make_collective(commune, name="Chi bộ thôn Nà Hin"),
    )
    registry_workflow.save_model(model, user=commune_officer, places=[commune], register=True)
    assert (model.unit, model.commune, model.status) == (commune, commune, Status.REGISTERED)
    assert registry_rules.can_edit_model(commune_officer, model)


def test_the_commune_officer_reads_but_does_not_change_old_records_of_its_communes(
    commune_officer,
):
    old = make_model(unit("01870"), year=2019, title="Vận động thực hiện tiêu chí số 17")
    assert DvkModel.objects.visible_to(commune_officer).filter(pk=old.pk).exists()
    assert not registry_rules.can_edit_model(commune_officer, old)
    assert not DvkModel.objects.editable_by(commune_officer).filter(pk=old.pk).exists()


def test_an_abolished_district_account_gets_403_on_a_2026_record_it_could_see(babe_client):
    # A 2026 model wrongly kept by the district (an import of the old layout) stays read-only.
    model = make_model(unit("01891"), year=2026, status=Status.DRAFT)
    assert babe_client.get(reverse("models_registry:detail", args=[model.pk])).status_code == 200
    assert babe_client.get(reverse("models_registry:edit", args=[model.pk])).status_code == 403
    assert babe_client.post(reverse("models_registry:delete", args=[model.pk])).status_code == 403
    assert DvkModel.objects.filter(pk=model.pk).exists()


# ---------------------------------------------------------------- rounds are dated


def test_a_round_is_refused_for_an_abolished_district(admin_client):
    response = admin_client.post(
        reverse("reviews:round_create"),
        {
            "name": "Bình xét Ba Bể 2026",
            "year": 2026,
            "level": RoundLevel.DISTRICT,
            "organiser": unit("061").pk,
            "deadline": "2026-12-20",
        },
    )
    html = page(response)
    assert "Huyện Ba Bể chỉ tồn tại đến ngày 30/06/2025, không còn trong năm 2026." in html
    assert "Xã Đồng Phúc" in html
    assert not ReviewRound.objects.filter(year=2026).exists()


@pytest.mark.usefixtures("district_era")
def test_the_district_officer_cannot_open_a_2026_round(babe_client):
    response = babe_client.post(
        reverse("reviews:round_create"),
        {"name": "Bình xét Ba Bể 2026", "year": 2026, "deadline": "2026-12-20"},
    )
    assert "không còn trong năm 2026" in page(response)
    assert not ReviewRound.objects.exists()


def test_a_commune_round_is_refused_before_the_reform(admin_client):
    response = admin_client.post(
        reverse("reviews:round_create"),
        {
            "name": "Bình xét xã Giáo Hiệu 2019",
            "year": 2019,
            "level": RoundLevel.COMMUNE,
            "organiser": unit("01870").pk,
            "deadline": "2019-12-20",
        },
    )
    assert "trước đó mô hình được công nhận ở cấp huyện" in page(response)
    assert not ReviewRound.objects.exists()


def test_the_provincial_account_of_bac_kan_opens_thai_nguyens_2026_round(reviewer_client):
    response = reviewer_client.post(
        reverse("reviews:round_create"),
        {"name": "Bình xét cấp tỉnh 2026", "year": 2026, "deadline": "2026-12-20"},
    )
    assert response.status_code == 302
    round = ReviewRound.objects.get()
    assert (round.level, round.organiser) == (RoundLevel.PROVINCE, unit("19", current=True))


def test_the_commune_officer_runs_the_communes_round_and_proposes_to_the_province(
    commune_client, commune_officer, reviewer
):
    response = commune_client.post(
        reverse("reviews:round_create"),
        {"name": "Công nhận cấp xã Bằng Thành 2026", "year": 2026, "deadline": "2026-12-20"},
    )
    assert response.status_code == 302
    commune = unit("01864", current=True)
    own = ReviewRound.objects.get(organiser=commune)
    assert (own.level, own.get_level_display()) == (RoundLevel.COMMUNE, "Cấp xã")
    model = make_model(commune, year=2026)
    entry = workflow.propose(model, own, commune_officer)
    entry = workflow.recognise(entry, commune_officer, version=entry.version)
    workflow.close_round(own, commune_officer)
    model.refresh_from_db()
    assert (model.recognition_level, model.recognition_year) == (RecognitionLevel.COMMUNE, 2026)
    province = make_round(RoundLevel.PROVINCE, "06", year=2025)
    province.organiser, province.year = unit("19", current=True), 2026
    province.save()
    assert rules.can_propose_to(commune_officer, province)
    higher = workflow.propose(model, province, commune_officer)
    assert higher.state == EntryState.PROPOSED
    assert not rules.can_run_round(commune_officer, province)


@pytest.mark.usefixtures("district_era")
def test_a_district_round_does_not_take_a_model_of_a_2025_commune(babe_officer):
    round = make_round(RoundLevel.DISTRICT, "061", year=2025)
    model = make_model(unit("01933", current=True), year=2025)
    with pytest.raises(workflow.ReviewError, match="không thuộc địa bàn"):
        workflow.propose(model, round, babe_officer)


def test_the_round_form_tells_the_commune_officer_which_round_they_open(commune_client):
    html = page(commune_client.get(reverse("reviews:round_create")))
    assert "Đợt bình xét cấp xã của Xã Bằng Thành." in html


def test_the_commune_officers_todo_names_the_communes_round_closing_soon(commune_officer):
    from home import todo

    commune = unit("01864", current=True)
    round = make_round(RoundLevel.PROVINCE, "06", year=2025, days=5)
    round.level, round.organiser, round.year = RoundLevel.COMMUNE, commune, 2026
    round.save()
    make_model(commune, year=2026)
    make_model(unit("01870"), year=2026)  # an old commune's record: not the commune's to propose
    items = todo.for_user(commune_officer)
    assert [(i["count"], i["url"]) for i in items] == [
        (1, f"{reverse('reviews:propose')}?dot={round.pk}")
    ]


# ---------------------------------------------------------------- abolished accounts only read

BA_BE_SUCCESSORS = ["Xã Ba Bể", "Xã Chợ Rã", "Xã Phúc Lộc", "Xã Thượng Minh", "Xã Đồng Phúc"]


def names_the_successors(text):
    """The refusal or notice says the unit ended and names every commune formed from it."""
    text = re.sub(r"<[^>]+>", "", text)
    return "Huyện Ba Bể chỉ tồn tại đến ngày 30/06/2025" in text and all(
        name in text for name in BA_BE_SUCCESSORS
    )


@pytest.mark.parametrize(
    ("persona", "before_the_reform", "reads_only"),
    [
        ("babe_officer", False, True),  # Huyện Ba Bể abolished on 1/7/2025
        ("babe_officer", True, False),  # 16/6/2025: the district still works
        ("commune_officer", False, False),  # today's Xã Bằng Thành
        ("reviewer", False, False),  # Bắc Kạn's account works on for Thái Nguyên
        ("administrator", False, False),
    ],
)
def test_who_only_reads(persona, before_the_reform, reads_only, request):
    if before_the_reform:
        request.getfixturevalue("district_era")
    assert request.getfixturevalue(persona).reads_only is reads_only


def test_an_abolished_district_account_reads_its_old_records_and_changes_none(babe_client):
    draft = make_model(unit("01891"), year=2024, status=Status.DRAFT, title="Bản nháp năm 2024")
    detail = page(babe_client.get(reverse("models_registry:detail", args=[draft.pk])))
    assert "Bản nháp năm 2024" in detail and names_the_successors(detail)
    assert reverse("models_registry:edit", args=[draft.pk]) not in detail
    for url in [
        reverse("models_registry:edit", args=[draft.pk]),
        reverse("models_registry:progress_add", args=[draft.pk]),
        reverse("models_registry:create"),
        reverse("reviews:round_create"),
        reverse("reviews:decision_create"),
        reverse("importer:index"),
    ]:
        response = babe_client.get(url)
        assert response.status_code == 403, url
        assert names_the_successors(page(response)), url
    response = babe_client.post(reverse("models_registry:delete", args=[draft.pk]))
    assert response.status_code == 403 and DvkModel.objects.filter(pk=draft.pk).exists()


def test_the_workflow_refuses_every_change_of_an_abolished_account(babe_officer):
    from django.core.exceptions import PermissionDenied

    from models_registry.models import YearlyProgress

    draft = make_model(unit("01891"), year=2024, status=Status.DRAFT)
    registered = make_model(unit("01891"), year=2025)
    changes = [
        lambda: registry_workflow.save_model(draft, user=babe_officer, places=[unit("01891")]),
        lambda: registry_workflow.submit_draft(draft, user=babe_officer),
        lambda: registry_workflow.delete_draft(draft, user=babe_officer),
        lambda: registry_workflow.withdraw(registered, user=babe_officer, reason="Thử"),
        lambda: registry_workflow.save_progress(
            YearlyProgress(model=registered, year=2025, activities="Họp dân"), user=babe_officer
        ),
    ]
    for change in changes:
        with pytest.raises(PermissionDenied) as refused:
            change()
        assert names_the_successors(str(refused.value))
    round = make_round(RoundLevel.DISTRICT, "061", year=2025)
    with pytest.raises(workflow.NotAllowed) as refused:
        workflow.propose(registered, round, babe_officer)
    assert names_the_successors(str(refused.value))
    assert not round.entries.exists() and DvkModel.objects.filter(pk=draft.pk).exists()
    assert not DvkModel.objects.editable_by(babe_officer).exists()


def test_the_registry_list_of_an_abolished_account_offers_no_change(babe_client):
    make_model(unit("01891"), year=2025, title="Mô hình Bành Trạch 2025")
    html = page(babe_client.get(reverse("models_registry:list")))
    assert names_the_successors(html) and "Mô hình Bành Trạch 2025" in html
    assert reverse("models_registry:create") not in html
    assert 'name="mo_hinh"' not in html  # no proposal check boxes


def test_an_abolished_account_is_not_asked_to_complete_a_returned_entry(
    babe_officer, reviewer, district_era, monkeypatch
):
    from accounts import dated
    from home import todo
    from tests.test_reviews_helpers import entry_in_state

    round = make_round(RoundLevel.PROVINCE, "06", year=2025)
    entry_in_state(EntryState.RETURNED, round, babe_officer, reviewer)
    assert [i["label"] for i in todo.for_user(babe_officer)] == [
        f"Bổ sung hồ sơ và đề nghị lại: {round.entries.get().model.title}"
    ]
    monkeypatch.setattr(dated, "today", lambda: date(2026, 12, 1))
    assert todo.for_user(babe_officer) == []
