"""The plan a preview makes is stored with the upload (as JSON, in a table) and used again by the
preview's other pages and by the confirmation, but only while it still describes what importing
would do: a change to the registry (or the territory, the reviews…), other defaults or a stored
plan that cannot be read back mean planning again."""

import pytest
from django.core.files.storage import default_storage

from importer import uploads
from importer.models import ImportBatch, PendingPlan
from models_registry.models import DvkModel
from tests.conftest import unit
from tests.test_import import CHODON_ROWS, district_list, import_file
from tests.test_import_views import upload


@pytest.fixture
def plans(monkeypatch):
    """Every plan made (not read back) from here on."""
    made = []
    real = uploads.build_plan

    def counting(*args, **kwargs):
        made.append(kwargs.get("filename"))
        return real(*args, **kwargs)

    monkeypatch.setattr(uploads, "build_plan", counting)
    return made


def pending_of(client, url):
    token = url.rstrip("/").rsplit("/", 1)[1]
    return client.session["importer_pending"][token]


def test_the_confirmation_imports_with_the_plan_the_preview_made(admin_client, plans):
    url = upload(admin_client, district_list(CHODON_ROWS))
    admin_client.get(url)
    admin_client.get(url + "?trang=1")
    assert plans == ["chodon-2023.xlsx"]
    admin_client.post(url + "xac-nhan/")
    assert plans == ["chodon-2023.xlsx"]  # neither the second page nor the confirmation
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.rows_total) == (3, 3)
    assert DvkModel.objects.count() == 3


def test_nothing_of_the_upload_stays_behind_after_the_import(admin_client):
    url = upload(admin_client, district_list(CHODON_ROWS))
    admin_client.get(url)
    pending = pending_of(admin_client, url)
    assert PendingPlan.objects.filter(upload=pending["path"]).exists()
    admin_client.post(url + "xac-nhan/")
    assert not default_storage.exists(pending["path"])
    assert not PendingPlan.objects.exists()


def test_the_confirmation_plans_again_when_the_registry_changed_after_the_preview(
    admin_client, plans
):
    url = upload(admin_client, district_list(CHODON_ROWS))
    assert "Sẽ tạo mới" in admin_client.get(url).content.decode()
    # Meanwhile someone else imports the first model of the same list.
    import_file(district_list(CHODON_ROWS[:2]), name="cua-nguoi-khac.xlsx")
    assert DvkModel.objects.count() == 1
    plans.clear()
    admin_client.post(url + "xac-nhan/")
    assert len(plans) == 1
    # The model imported meanwhile is recognised (no duplicate) and the batch says so.
    assert DvkModel.objects.count() == 3
    batch = ImportBatch.objects.get(original_name="chodon-2023.xlsx")
    assert (batch.created_count, batch.skipped_count) == (2, 1)


def test_the_preview_plans_again_when_the_registry_changed(admin_client, plans):
    url = upload(admin_client, district_list(CHODON_ROWS))
    assert admin_client.get(url).content.decode().count("<strong>Sẽ tạo mới</strong>") == 3
    import_file(district_list(CHODON_ROWS[:2]), name="cua-nguoi-khac.xlsx")
    html = admin_client.get(url).content.decode()
    assert len(plans) == 2
    assert html.count("<strong>Sẽ tạo mới</strong>") == 2
    assert "<strong>Bỏ qua (trùng)</strong>" in html


def test_other_defaults_on_the_preview_mean_a_new_plan(admin_client, plans):
    from tests.test_import import xlsx_bytes

    data = xlsx_bytes(
        [["Tên mô hình", "Tập thể thực hiện", "Địa bàn"], ["Mô hình A", "Chi bộ 1", "Nghĩa Tá"]]
    )
    url = upload(admin_client, data)
    admin_client.get(url)
    admin_client.post(url, {"year": "2022", "district": unit("064").pk})
    admin_client.get(url)
    assert len(plans) == 2
    admin_client.post(url + "xac-nhan/")
    assert len(plans) == 2
    assert DvkModel.objects.get().year == 2022


def test_a_stored_plan_that_cannot_be_read_back_is_made_again(admin_client, plans):
    url = upload(admin_client, district_list(CHODON_ROWS))
    admin_client.get(url)
    stored = PendingPlan.objects.get(upload=pending_of(admin_client, url)["path"])
    stored.plan = bytes(stored.plan)[:-40]  # cut short, or written by another code version
    stored.save()
    admin_client.post(url + "xac-nhan/")
    assert len(plans) == 2
    assert DvkModel.objects.count() == 3


def test_a_refused_confirmation_keeps_the_stored_plan_for_the_next_try(admin_client, plans):
    rows = [*CHODON_ROWS, [3, "Mô hình sai", "Chi bộ 2", "", "Nghĩa Tà"]]
    url = upload(admin_client, district_list(rows))
    admin_client.get(url)
    response = admin_client.post(url + "xac-nhan/", follow=True)
    assert "Tệp còn 1 dòng lỗi" in response.content.decode()
    admin_client.post(url + "xac-nhan/", {"skip_errors": "on"})
    assert len(plans) == 1
    assert DvkModel.objects.count() == 3
    assert ImportBatch.objects.get().error_count == 1


def test_confirming_without_a_preview_plans_once(db, plans):
    token, pending = uploads.save(district_list(CHODON_ROWS), "chodon.xlsx")
    batch, plan = uploads.confirm(pending)
    assert len(plans) == 1 and not plan.reused
    assert batch.created_count == 3
    uploads.discard(pending)
    assert not default_storage.exists(pending["path"])


def test_without_its_stored_plan_the_confirmation_plans_again(admin_client, plans):
    url = upload(admin_client, district_list(CHODON_ROWS))
    admin_client.get(url)
    PendingPlan.objects.filter(upload=pending_of(admin_client, url)["path"]).delete()
    admin_client.post(url + "xac-nhan/")
    assert plans == ["chodon-2023.xlsx", "chodon-2023.xlsx"]
    assert DvkModel.objects.count() == 3


def test_the_stored_plan_is_json_not_pickled_objects(admin_client):
    import json
    import zlib

    url = upload(admin_client, district_list(CHODON_ROWS))
    admin_client.get(url)
    stored = PendingPlan.objects.get(upload=pending_of(admin_client, url)["path"])
    assert stored.fingerprint["name"] == "chodon-2023.xlsx"
    stored = json.loads(zlib.decompress(stored.plan))
    assert stored["filename"] == "chodon-2023.xlsx"
    assert [row[1] for row in stored["rows"]] == [7, 8, 10]  # Excel row numbers


def test_the_stored_plan_is_the_preview_plan(db):
    _token, pending = uploads.save(district_list(CHODON_ROWS), "chodon.xlsx")
    preview = uploads.current_plan(pending)
    again = uploads.current_plan(pending)
    assert not preview.reused and again.reused
    assert [(r.number, r.action, r.title, r.cells) for r in again.rows] == [
        (r.number, r.action, r.title, r.cells) for r in preview.rows
    ]
    assert again.summary == preview.summary and again.notes == preview.notes
    uploads.discard(pending)


def test_a_plan_with_dates_decimals_updates_and_new_villages_comes_back_from_json(db):
    from datetime import date
    from decimal import Decimal

    from importer import planstore
    from tests.test_import import plan_of, xlsx_bytes

    import_file(district_list(CHODON_ROWS))
    rows = [
        ["HUYỆN ỦY CHỢ ĐỒN"],
        ["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Năm", "Thời gian", "Đất hiến (m²)"],
        ["Mô hình mới", "Chi bộ 1", "Thôn Nà Pài, Xã Bằng Lãng", 2023, date(2023, 3, 15), "12,5"],
        [CHODON_ROWS[1][1], CHODON_ROWS[1][2], "Xã Nghĩa Tá", 2023, "", "100"],
    ]
    plan = plan_of(xlsx_bytes(rows))
    again = planstore.loads(planstore.dumps(plan))
    assert again.rows == plan.rows
    assert again.snapshots == plan.snapshots
    assert [(c.label, c.key) for c in again.layouts[0].all_columns] == [
        (c.label, c.key) for c in plan.layouts[0].all_columns
    ]
    new, updated = again.rows
    assert new.values["start_date"] == date(2023, 3, 15)
    assert new.values["land_donated_m2"] == Decimal("12.5")
    assert new.new_villages == [(unit("02065").pk, "Thôn Nà Pài")]
    assert updated.action == "update" and updated.diffs[0]["label"] == "đất hiến"


def test_the_plan_of_an_abandoned_preview_is_removed_with_its_file(db, settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = str(tmp_path)
    _token, pending = uploads.save(district_list(CHODON_ROWS), "chodon.xlsx")
    uploads.current_plan(pending)
    assert PendingPlan.objects.filter(upload=pending["path"]).exists()
    assert uploads.sweep() == 0
    later = timezone.now() + uploads.PENDING_MAX_AGE + timedelta(minutes=1)
    assert uploads.sweep(later) == 2  # the file and its plan
    assert not PendingPlan.objects.exists()
    assert not default_storage.exists(pending["path"])
