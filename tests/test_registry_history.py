"""A model's change history: evidence, places, criteria and yearly progress all leave a row;
every row says who, when, what (old → new, numbers as 1.234.567) and the reason typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry import workflow
from models_registry.history import change_history
from models_registry.models import Criterion, DvkModel, YearlyProgress
from territory.models import Unit
from tests import test_registry_views
from tests.test_registry_views import form_data, jpeg_bytes

from .factories import unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]
babe_model = test_registry_views.babe_model


def history_html(client, model):
    page = client.get(f"/mo-hinh/{model.pk}/").content.decode()
    return page[page.index('data-testid="history"') :]


def latest(model):
    return change_history(DvkModel.objects.get(pk=model.pk))[0]


def test_uploading_and_deleting_evidence_leave_history_rows(babe_client, babe_model):
    upload = SimpleUploadedFile("khuoi-tau.jpg", jpeg_bytes(), content_type="image/jpeg")
    babe_client.post(
        f"/mo-hinh/{babe_model.pk}/tep/them/", {"file": upload, "caption": "Đường hoa"}
    )
    row = latest(babe_model)
    assert (row["who"], row["what"]) == ("Babe", "Thêm tệp minh chứng")
    assert ("Tệp minh chứng", "(trống)", "khuoi-tau.jpg") in row["changes"]
    attachment = babe_model.attachments.get()
    babe_client.post(f"/mo-hinh/{babe_model.pk}/tep/{attachment.pk}/xoa/")
    row = latest(babe_model)
    assert row["what"] == "Xóa tệp minh chứng"
    assert ("Tệp minh chứng", "khuoi-tau.jpg", "(trống)") in row["changes"]
    html = history_html(babe_client, babe_model)
    assert "Xóa tệp minh chứng" in html and "khuoi-tau.jpg → (trống)" in html


def test_changing_places_criteria_and_money_shows_old_and_new_with_the_reason(
    babe_client, babe_model
):
    criterion = Criterion.objects.get(criterion_set__name="2021-2025", number=17)
    response = babe_client.post(
        f"/mo-hinh/{babe_model.pk}/sua/",
        form_data(
            title=babe_model.title,
            collective=babe_model.collective_id,
            field=str(babe_model.field_id),
            communes=[str(unit("01894").pk), str(unit("01891").pk)],
            villages=[str(Unit.objects.get(name="Thôn Khuổi Tẩu", valid_from=None).pk)],
            criteria=[str(criterion.pk)],
            money_contributed="120.000.000",
            version=str(babe_model.version),
            change_reason="Bổ sung theo báo cáo sơ kết",
            luu="1",
        ),
    )
    assert response.status_code == 302
    row = latest(babe_model)
    assert row["reason"] == "Bổ sung theo báo cáo sơ kết" and row["who"] == "Babe"
    labels = {label: (old, new) for label, old, new in row["changes"]}
    old_places, new_places = labels["Địa bàn thực hiện"]
    assert "Xã Bành Trạch" not in old_places and "Xã Bành Trạch" in new_places
    assert labels["Tiêu chí nông thôn mới"][0] == "(trống)"
    assert "Tiêu chí số 17" in labels["Tiêu chí nông thôn mới"][1]
    assert labels["Tiền đóng góp (đồng)"] == ("(trống)", "120.000.000")
    html = history_html(babe_client, babe_model)
    assert "Bổ sung theo báo cáo sơ kết" in html and "(trống) → 120.000.000" in html


def test_the_edit_form_asks_an_optional_reason(babe_client, babe_model):
    page = babe_client.get(f"/mo-hinh/{babe_model.pk}/sua/").content.decode()
    assert 'name="change_reason"' in page and "Lý do thay đổi" in page
    assert 'name="change_reason"' not in babe_client.get("/mo-hinh/them/").content.decode()


def test_yearly_progress_leaves_history_rows_with_formatted_figures(babe_client, babe_model):
    babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/them/",
        {"year": 2024, "activities": "Làm đường", "money_contributed": "12.000.000"},
    )
    row = latest(babe_model)
    assert row["what"] == "Kết quả năm 2024"
    assert ("Tiền đóng góp (đồng)", "(trống)", "12.000.000") in row["changes"]
    progress = YearlyProgress.objects.get()
    babe_client.post(
        f"/mo-hinh/{babe_model.pk}/ket-qua/{progress.pk}/sua/",
        {
            "year": 2024,
            "activities": "Làm đường",
            "money_contributed": "12.500.000",
            "version": progress.version,
            "change_reason": "Số liệu quyết toán",
        },
    )
    row = latest(babe_model)
    assert row["what"] == "Kết quả năm 2024" and row["reason"] == "Số liệu quyết toán"
    assert row["changes"] == [("Tiền đóng góp (đồng)", "12.000.000", "12.500.000")]


def test_a_save_that_changes_nothing_says_so(babe_officer, babe_model):
    workflow.save_model(
        babe_model, user=babe_officer, places=list(babe_model.places.all()), reason=""
    )
    row = latest(babe_model)
    assert row["what"] == "Lưu lại, không thay đổi nội dung" and row["changes"] == []


def test_a_changed_implementer_is_named_in_the_history(babe_officer, babe_model):
    other = babe_model.collective.__class__.objects.create(
        name="Hội Phụ nữ xã Phúc Lộc", kind="hoi_phu_nu", unit=babe_model.collective.unit
    )
    old_name = babe_model.collective.name
    babe_model.collective = other
    workflow.save_model(babe_model, user=babe_officer, places=list(babe_model.places.all()))
    row = latest(babe_model)
    assert ("Tập thể thực hiện", old_name, "Hội Phụ nữ xã Phúc Lộc") in row["changes"]
