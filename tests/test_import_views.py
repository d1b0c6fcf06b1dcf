"""The import pages at /nhap-du-lieu/: administrators only; preview saves nothing; confirm is
one transaction; batches can be undone; every importer URL checked for every persona."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts.models import AuditAction, AuditEvent
from importer.models import BatchStatus, ImportBatch
from models_registry.models import DvkModel
from tests.test_import import CHODON_ROWS, district_list, import_file


def upload(client, data, name="chodon-2023.xlsx", **fields):
    response = client.post("/nhap-du-lieu/", {"file": SimpleUploadedFile(name, data), **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


@pytest.fixture
def batch(db):
    _plan, batch = import_file(district_list(CHODON_ROWS))
    return batch


@pytest.fixture
def preview_url(admin_client):
    return upload(admin_client, district_list(CHODON_ROWS))


def importer_urls(batch, token="0" * 32):
    return [
        ("get", "/nhap-du-lieu/"),
        ("get", "/nhap-du-lieu/mau-nhap.xlsx"),
        ("get", f"/nhap-du-lieu/xem-truoc/{token}/"),
        ("get", f"/nhap-du-lieu/xem-truoc/{token}/dong-loi.xlsx"),
        ("post", f"/nhap-du-lieu/xem-truoc/{token}/xac-nhan/"),
        ("get", "/nhap-du-lieu/lan-nhap/"),
        ("get", f"/nhap-du-lieu/lan-nhap/{batch.pk}/"),
        ("post", f"/nhap-du-lieu/lan-nhap/{batch.pk}/hoan-tac/"),
        ("get", f"/nhap-du-lieu/lan-nhap/{batch.pk}/tep-goc/"),
    ]


def test_reviewers_are_refused_every_importer_url(reviewer_client, batch):
    for method, url in importer_urls(batch):
        response = getattr(reviewer_client, method)(url)
        assert response.status_code == 403, url
        assert (
            "Chỉ quản trị viên và cán bộ cấp huyện, cấp xã được nhập dữ liệu"
            in response.content.decode()
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED
    assert DvkModel.objects.count() == 3


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_importer_url(
    anonymous_client, batch
):
    for method, url in importer_urls(batch):
        response = getattr(anonymous_client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/dang-nhap/") or "next=" in response["Location"]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED


def test_the_upload_page_offers_the_form_the_template_and_recent_batches(admin_client, batch):
    html = admin_client.get("/nhap-du-lieu/").content.decode()
    assert 'for="id_file"' in html and 'for="id_year"' in html and 'for="id_district"' in html
    assert "/nhap-du-lieu/mau-nhap.xlsx" in html
    assert "danh-sach.xlsx" in html  # the batch made by the fixture


def test_the_template_download_is_an_xlsx_with_the_headers(admin_client):
    response = admin_client.get("/nhap-du-lieu/mau-nhap.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[4]][1:3] == ["Tên mô hình", "Tập thể/cá nhân thực hiện"]


def test_the_preview_shows_each_row_and_saves_nothing(admin_client):
    rows = [*CHODON_ROWS, [3, "Mô hình sai", "Chi bộ 2", "", "Nghĩa Tà"]]
    url = upload(admin_client, district_list(rows))
    html = admin_client.get(url).content.decode()
    assert DvkModel.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert html.count("<strong>Sẽ tạo mới</strong>") == 3
    assert html.count("<strong>Lỗi</strong>") == 1
    assert "Dòng 11: không tìm thấy xã “Nghĩa Tà” ở huyện Chợ Đồn — có phải “Nghĩa Tá”?" in html
    assert "Danh sách<br>Dòng 7" in html
    assert "Hội Nông dân xã Nghĩa Tá (tập thể, sẽ tạo mới)" in html
    assert "Xã Nghĩa Tá, Huyện Chợ Đồn" in html
    assert 'data-testid="errors">1<' in html
    assert 'id="confirm-button" disabled' in html


def test_the_error_rows_download_holds_only_the_rows_with_errors(admin_client):
    rows = [*CHODON_ROWS, [3, "Mô hình sai", "Chi bộ 2", "", "Nghĩa Tà"]]
    url = upload(admin_client, district_list(rows))
    response = admin_client.get(url + "dong-loi.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 5
    assert ws["B5"].value == "Mô hình sai"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_confirming_imports_in_one_go_records_the_batch_and_the_audit(
    admin_client, preview_url, administrator
):
    response = admin_client.post(preview_url + "xac-nhan/")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/nhap-du-lieu/lan-nhap/{batch.pk}/"
    assert DvkModel.objects.count() == 3
    assert batch.created_by == administrator and batch.original_name == "chodon-2023.xlsx"
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert "created=3 updated=0 skipped=0 errors=0" in event.detail
    # The pending file is gone: confirming twice cannot import twice.
    assert admin_client.post(preview_url + "xac-nhan/").status_code == 404
    assert DvkModel.objects.count() == 3


def test_confirming_a_file_with_errors_needs_skip_errors(admin_client):
    rows = [*CHODON_ROWS, [3, "Mô hình sai", "Chi bộ 2", "", "Nghĩa Tà"]]
    url = upload(admin_client, district_list(rows))
    response = admin_client.post(url + "xac-nhan/", follow=True)
    assert "Tệp còn 1 dòng lỗi" in response.content.decode()
    assert DvkModel.objects.count() == 0
    admin_client.post(url + "xac-nhan/", {"skip_errors": "on"})
    assert DvkModel.objects.count() == 3
    assert ImportBatch.objects.get().error_count == 1


def test_the_year_and_district_asked_on_the_preview_are_applied(admin_client):
    from tests.test_import import xlsx_bytes

    data = xlsx_bytes(
        [["Tên mô hình", "Tập thể thực hiện", "Địa bàn"], ["Mô hình A", "Chi bộ 1", "Nghĩa Tá"]]
    )
    url = upload(admin_client, data)
    assert "không xác định được năm đăng ký" in admin_client.get(url).content.decode()
    from tests.conftest import unit

    response = admin_client.post(url, {"year": "2022", "district": unit("064").pk})
    assert response.status_code == 302
    html = admin_client.get(url).content.decode()
    assert "không xác định được" not in html and "Sẽ tạo mới" in html
    admin_client.post(url + "xac-nhan/")
    assert DvkModel.objects.get().year == 2022


def test_a_long_preview_is_paginated(admin_client):
    rows = [[n, f"Mô hình số {n}", "Chi bộ 1", "", "Nghĩa Tá"] for n in range(1, 151)]
    url = upload(admin_client, district_list(rows))
    first = admin_client.get(url).content.decode()
    second = admin_client.get(url + "?trang=2").content.decode()
    assert "Mô hình số 100<" in first and "Mô hình số 101<" not in first
    assert "Mô hình số 101<" in second and "Trang 2/2" in second


def test_another_administrator_cannot_use_someone_elses_upload(admin_client, preview_url, db):
    from tests.conftest import logged_in, make_user

    other = logged_in(make_user("quantri2", "administrator"))
    assert other.get(preview_url).status_code == 404
    assert other.post(preview_url + "xac-nhan/").status_code == 404
    assert DvkModel.objects.count() == 0


def test_the_batch_list_shows_counts_and_status(admin_client, batch):
    html = admin_client.get("/nhap-du-lieu/lan-nhap/").content.decode()
    assert "danh-sach.xlsx" in html and "Đã nhập" in html and "Dòng lệnh" in html


@pytest.mark.parametrize("batches", [1, 3])
def test_the_batch_list_query_count_does_not_grow_with_batches(
    admin_client, django_assert_num_queries, batches, administrator
):
    for n in range(batches):
        import_file(
            district_list([[1, f"Mô hình {n}", "Chi bộ 1", "", "Nghĩa Tá"]]), user=administrator
        )
    admin_client.get("/nhap-du-lieu/lan-nhap/")  # warm the session
    with django_assert_num_queries(4):
        response = admin_client.get("/nhap-du-lieu/lan-nhap/")
    assert response.content.decode().count("danh-sach.xlsx") == batches


def test_undoing_a_batch_from_its_page(admin_client, batch):
    page = admin_client.get(f"/nhap-du-lieu/lan-nhap/{batch.pk}/").content.decode()
    assert "Hoàn tác lần nhập này" in page
    response = admin_client.post(f"/nhap-du-lieu/lan-nhap/{batch.pk}/hoan-tac/", follow=True)
    assert "Đã hoàn tác lần nhập tệp “danh-sach.xlsx”." in response.content.decode()
    assert DvkModel.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert AuditEvent.objects.filter(
        action=AuditAction.IMPORT, detail__startswith="Hoàn tác"
    ).exists()


def test_a_blocked_undo_says_what_blocks_it(admin_client, batch):
    model = DvkModel.objects.get(title__startswith="Vận động cán bộ")
    model.note = "Sửa sau khi nhập"
    model.save()
    page = admin_client.get(f"/nhap-du-lieu/lan-nhap/{batch.pk}/").content.decode()
    assert "Không thể hoàn tác vì" in page and "đã được sửa sau khi nhập" in page
    assert "Hoàn tác lần nhập này</button>" not in page
    response = admin_client.post(f"/nhap-du-lieu/lan-nhap/{batch.pk}/hoan-tac/", follow=True)
    assert "Không thể hoàn tác lần nhập này" in response.content.decode()
    assert DvkModel.objects.count() == 3


def test_the_original_file_of_a_batch_can_be_downloaded(admin_client, batch):
    response = admin_client.get(f"/nhap-du-lieu/lan-nhap/{batch.pk}/tep-goc/")
    content = b"".join(response.streaming_content)
    import hashlib

    assert hashlib.sha256(content).hexdigest() == batch.sha256
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()
