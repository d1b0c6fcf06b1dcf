"""The registry's state changes (models_registry.workflow), called directly like the views do."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from models_registry import rules, workflow
from models_registry.models import (
    DvkModel,
    Field,
    Status,
    YearlyProgress,
)
from tests.factories import make_collective, make_individual, make_model, unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def village(name):
    from territory.models import Unit

    return Unit.objects.get(name=name, valid_from=None)  # the pre-2025 row


def draft(implementer, year=2023, **values):
    return DvkModel(
        title=values.pop("title", "Vận động nhân dân giữ vệ sinh đường làng"),
        year=year,
        collective=implementer if hasattr(implementer, "kind") else None,
        individual=None if hasattr(implementer, "kind") else implementer,
        **values,
    )


def test_a_draft_can_be_saved_without_field_or_places(babe_officer):
    model = workflow.save_model(draft(make_collective(unit("01894"))), user=babe_officer, places=[])
    model.refresh_from_db()
    assert model.status == Status.DRAFT
    assert model.field is None and model.places.count() == 0
    # Without places the owner comes from the implementer's place.
    assert model.unit == unit("061") and model.commune == unit("01894")
    assert model.created_by == babe_officer and model.version == 1


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("field", "Chọn lĩnh vực."),
        ("places", "Chọn ít nhất một địa bàn thực hiện (xã hoặc thôn)."),
        ("title", "Nhập tên mô hình."),
    ],
)
def test_registering_needs_title_field_and_a_place(babe_officer, missing, message):
    model = draft(
        make_collective(unit("01894")),
        field=None if missing == "field" else Field.objects.get(code="KT"),
        title="" if missing == "title" else "Vận động nhân dân trồng cây",
    )
    places = [] if missing == "places" else [unit("01894")]
    with pytest.raises(ValidationError) as error:
        workflow.save_model(model, user=babe_officer, places=places, register=True)
    assert error.value.message_dict[missing] == [message]
    assert not DvkModel.objects.exists()


def test_registering_a_complete_model_keeps_district_commune_and_search_text(babe_officer):
    nahin = village("Thôn Khuổi Tẩu")
    model = draft(
        make_collective(unit("061"), name="Chi bộ Văn phòng Huyện ủy Ba Bể"),
        field=Field.objects.get(code="BK-NTM"),
        title="Vận động nhân dân xây dựng và bảo vệ môi trường xanh, sạch, đẹp",
    )
    workflow.save_model(model, user=babe_officer, places=[nahin], register=True)
    model.refresh_from_db()
    assert model.status == Status.REGISTERED
    assert model.commune == unit("01894")  # the village's commune
    assert model.unit == unit("061")  # its district, before 1/7/2025
    assert "khuoi tau" in model.search_text
    assert "chi bo van phong huyen uy ba be" in model.search_text
    assert "xa phuc loc" in model.search_text


def test_after_july_2025_the_commune_itself_owns_the_model(commune_officer, babe_officer):
    commune = unit("01864", current=True)
    model = draft(make_collective(commune), year=2026, field=Field.objects.get(code="KT"))
    workflow.save_model(model, user=commune_officer, places=[commune], register=True)
    assert model.unit == commune and model.commune == commune
    assert DvkModel.objects.visible_to(commune_officer).filter(pk=model.pk).exists()
    # The 2025 commune's new records belong to no district officer.
    assert not DvkModel.objects.visible_to(babe_officer).filter(pk=model.pk).exists()


def test_editing_places_or_implementer_refreshes_the_search_text(babe_officer):
    model = make_model(unit("01894"), title="Mô hình cũ")
    model.individual, model.collective = make_individual(unit("01894"), "Hoàng Văn Khoa"), None
    workflow.save_model(
        model,
        user=babe_officer,
        places=[village("Thôn Pác Châm")],
        expected_version=model.version,
    )
    model.refresh_from_db()
    assert "hoang van khoa" in model.search_text and "pac cham" in model.search_text
    assert "xa banh trach" in model.search_text and model.version == 2
    assert DvkModel.objects.search("PÁC CHÂM").get() == model


def test_places_outside_the_officers_territory_are_refused(chodon_officer):
    model = draft(make_collective(unit("02071")), field=Field.objects.get(code="KT"))
    with pytest.raises(ValidationError) as error:
        workflow.save_model(model, user=chodon_officer, places=[unit("01894")], register=True)
    assert "ngoài phạm vi" in error.value.message_dict["places"][0]


def test_a_stale_edit_is_refused_and_says_who_saved_first(babe_officer, administrator):
    model = make_model(unit("01894"))
    opened_version = model.version
    first = DvkModel.objects.get(pk=model.pk)
    first.title = "Bản sửa của quản trị viên"
    workflow.save_model(
        first, user=administrator, places=[unit("01894")], expected_version=opened_version
    )
    mine = DvkModel.objects.get(pk=model.pk)
    mine.title = "Bản sửa chậm hơn"
    with pytest.raises(workflow.StaleEdit) as error:
        workflow.save_model(
            mine, user=babe_officer, places=[unit("01894")], expected_version=opened_version
        )
    assert "Quantri" in error.value.messages[0] and "chưa được lưu" in error.value.messages[0]
    assert DvkModel.objects.get(pk=model.pk).title == "Bản sửa của quản trị viên"


def test_a_returned_model_can_be_edited_and_stays_returned(babe_officer):
    model = make_model(unit("01894"), status=Status.RETURNED)
    model.results = "Đã bổ sung số hộ tham gia theo yêu cầu của tỉnh."
    workflow.save_model(
        model, user=babe_officer, places=[unit("01894")], expected_version=model.version
    )
    model.refresh_from_db()
    assert model.status == Status.RETURNED and model.results.startswith("Đã bổ sung")


def test_a_reviewer_cannot_save_a_model(reviewer):
    model = make_model(unit("01894"))
    with pytest.raises(PermissionDenied):
        workflow.save_model(model, user=reviewer, places=[unit("01894")])


def test_submit_draft_registers_only_a_complete_draft(babe_officer):
    incomplete = make_model(unit("01894"), status=Status.DRAFT, field_code=None)
    with pytest.raises(ValidationError) as error:
        workflow.submit_draft(incomplete, user=babe_officer)
    assert error.value.message_dict == {"field": ["Chọn lĩnh vực."]}
    complete = make_model(unit("01894"), status=Status.DRAFT)
    workflow.submit_draft(complete, user=babe_officer)
    complete.refresh_from_db()
    assert complete.status == Status.REGISTERED
    assert complete.history.first().history_change_reason == "Đăng ký mô hình"
    assert complete.history.first().history_user == babe_officer


def test_withdrawing_keeps_the_model_and_records_why(babe_officer):
    model = make_model(unit("01894"))
    with pytest.raises(ValidationError):
        workflow.withdraw(model, user=babe_officer, reason="  ")
    workflow.withdraw(model, user=babe_officer, reason="Tập thể giải thể")
    model.refresh_from_db()
    assert model.status == Status.WITHDRAWN
    assert model.history.first().history_change_reason == "Rút mô hình: Tập thể giải thể"


def test_only_drafts_are_deleted(babe_officer):
    registered = make_model(unit("01894"))
    with pytest.raises(PermissionDenied):
        workflow.delete_draft(registered, user=babe_officer)
    drafted = make_model(unit("01894"), status=Status.DRAFT)
    workflow.delete_draft(drafted, user=babe_officer)
    assert list(DvkModel.objects.all()) == [registered]


# What district staff may do in each status (review statuses are set by reviews.workflow).
STATUS_RULES = [
    # status, edit, delete, submit, withdraw
    (Status.DRAFT, True, True, True, False),
    (Status.REGISTERED, True, False, False, True),
    (Status.PROPOSED, False, False, False, False),
    (Status.RETURNED, True, False, False, True),
    (Status.RECOGNISED, False, False, False, True),
    (Status.NOT_RECOGNISED, False, False, False, True),
    (Status.WITHDRAWN, False, False, False, False),
]


@pytest.mark.parametrize(("status", "edit", "delete", "submit", "withdraw"), STATUS_RULES)
def test_what_district_staff_may_do_in_each_status(
    babe_officer, reviewer, status, edit, delete, submit, withdraw
):
    model = DvkModel(status=status, unit=babe_officer.unit, year=2024)
    assert rules.can_edit_model(babe_officer, model) is edit
    assert rules.can_delete_model(babe_officer, model) is delete
    assert rules.can_submit_model(babe_officer, model) is submit
    assert rules.can_withdraw_model(babe_officer, model) is withdraw
    assert not any(
        [
            rules.can_edit_model(reviewer, model),
            rules.can_delete_model(reviewer, model),
            rules.can_withdraw_model(reviewer, model),
        ]
    )


def test_administrators_may_correct_a_recognised_model(administrator):
    assert rules.can_edit_model(administrator, DvkModel(status=Status.RECOGNISED))
    assert not rules.can_edit_model(administrator, DvkModel(status=Status.WITHDRAWN))


def test_yearly_progress_is_once_per_year_and_not_before_registration(babe_officer):
    model = make_model(unit("01894"), year=2021)
    workflow.save_progress(
        YearlyProgress(model=model, year=2022, activities="Tuyên truyền"), user=babe_officer
    )
    with pytest.raises(ValidationError) as error:
        workflow.save_progress(
            YearlyProgress(model=model, year=2022, activities="Lần hai"), user=babe_officer
        )
    assert "Đã có kết quả năm 2022" in error.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as error:
        workflow.save_progress(
            YearlyProgress(model=model, year=2020, activities="Trước"), user=babe_officer
        )
    assert "trước năm đăng ký" in error.value.message_dict["year"][0]


def test_added_implementer_must_be_inside_the_territory(chodon_officer):
    from models_registry.models import Collective, CollectiveKind

    with pytest.raises(ValidationError):
        workflow.add_implementer(
            Collective(
                name="Hội Nông dân xã Phúc Lộc", kind=CollectiveKind.FARMERS, unit=unit("01894")
            ),
            user=chodon_officer,
        )
    created = workflow.add_implementer(
        Collective(
            name="Hội Nông dân xã Nghĩa Tá", kind=CollectiveKind.FARMERS, unit=unit("02071")
        ),
        user=chodon_officer,
    )
    assert created.pk and created.history.first().history_user == chodon_officer


def test_period_is_kept_as_dates(babe_officer):
    model = draft(
        make_collective(unit("01894")),
        field=Field.objects.get(code="KT"),
        start_date=date(2023, 3, 15),
        end_date=date(2023, 12, 31),
    )
    workflow.save_model(model, user=babe_officer, places=[unit("01894")], register=True)
    assert DvkModel.objects.get().start_date == date(2023, 3, 15)


def test_renaming_a_collective_in_the_admin_renames_it_in_search(admin_client):
    collective = make_collective(unit("01894"), name="Chi đoàn thôn cũ")
    model = make_model(unit("01894"), implementer=collective)
    workflow.refresh_search_text(DvkModel.objects.filter(pk=model.pk))
    response = admin_client.post(
        f"/quan-tri/models_registry/collective/{collective.pk}/change/",
        {"name": "Chi đoàn thôn Khuổi Tẩu", "kind": collective.kind, "unit": collective.unit_id},
    )
    assert response.status_code == 302
    assert DvkModel.objects.search("chi doan thon khuoi tau").get() == model
    assert not DvkModel.objects.search("thon cu").exists()
