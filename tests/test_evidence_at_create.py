"""Evidence chosen on the "Thêm mô hình" form (issue 14, item 19): the files are checked by
content before anything is saved, saved with the new model in one step, and a form that cannot
be saved (a missing field, a refused file) saves neither the model nor any file, keeps what was
typed and says which files to choose again (a browser never refills a file input)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.models import Attachment, DvkModel

from .factories import make_collective, unit
from .test_registry_attachments import image_bytes
from .test_registry_views import form_data

# The district officer at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def files(*named):
    made = {
        "ra-quan.jpg": lambda: image_bytes("JPEG"),
        "bao-cao.pdf": lambda: b"%PDF-1.4\n%bao cao",
        "qd.pdf": lambda: b"<html>khong phai pdf</html>",
    }
    return [SimpleUploadedFile(name, made[name]()) for name in named]


def test_the_create_form_takes_several_evidence_files_with_progress(babe_client):
    page = babe_client.get("/mo-hinh/them/").content.decode()
    form = page.split('class="registry-form"', 1)[1].split("</form>", 1)[0]
    assert 'enctype="multipart/form-data"' in form and "data-upload-progress" in form
    evidence = form.split('name="evidence"', 1)[0].rsplit("<input", 1)[1]
    assert 'type="file"' in evidence and "multiple" in form.split('name="evidence"', 1)[1][:200]
    assert 'aria-label="Tiến độ tải tệp lên"' in form


def test_a_new_model_is_saved_with_its_evidence(babe_client):
    collective = make_collective(unit("01894"))
    response = babe_client.post(
        "/mo-hinh/them/",
        {
            **form_data(collective=collective.pk, luu_nhap="1"),
            "evidence": files("ra-quan.jpg", "bao-cao.pdf"),
        },
        follow=True,
    )
    model = DvkModel.objects.get()
    assert sorted(model.attachments.values_list("original_name", flat=True)) == [
        "bao-cao.pdf",
        "ra-quan.jpg",
    ]
    photo = model.attachments.get(original_name="ra-quan.jpg")
    assert photo.kind == "anh" and photo.thumbnail and not photo.is_public
    page = response.content.decode()
    assert "Đã lưu bản nháp" in page and "kèm 2 tệp minh chứng" in page
    assert "bao-cao.pdf" in page


def test_a_refused_file_saves_neither_the_model_nor_the_other_files(babe_client):
    collective = make_collective(unit("01894"))
    response = babe_client.post(
        "/mo-hinh/them/",
        {
            **form_data(collective=collective.pk, luu_nhap="1", title="Mô hình có tệp hỏng"),
            "evidence": files("ra-quan.jpg", "qd.pdf"),
        },
    )
    assert response.status_code == 200
    assert not DvkModel.objects.exists() and not Attachment.objects.exists()
    page = response.content.decode()
    assert "“qd.pdf”" in page and "không phải là tài liệu" in page
    assert "chọn lại các tệp" in page
    assert 'value="Mô hình có tệp hỏng"' in page, "what was typed is kept"


def test_a_form_error_says_the_chosen_files_must_be_chosen_again(babe_client):
    response = babe_client.post(
        "/mo-hinh/them/",
        {**form_data(dang_ky="1", approach=""), "evidence": files("ra-quan.jpg", "bao-cao.pdf")},
    )
    assert not DvkModel.objects.exists() and not Attachment.objects.exists()
    page = response.content.decode()
    assert "chọn lại các tệp" in page and "(ra-quan.jpg, bao-cao.pdf) chưa được lưu" in page
    assert 'value="Vận động nhân dân trồng cây xanh"' in page


def test_a_model_without_evidence_is_created_as_before(babe_client):
    collective = make_collective(unit("01894"))
    babe_client.post("/mo-hinh/them/", form_data(collective=collective.pk, luu_nhap="1"))
    assert DvkModel.objects.get().attachments.count() == 0


def test_the_edit_form_has_no_evidence_input(babe_client):
    collective = make_collective(unit("01894"))
    babe_client.post("/mo-hinh/them/", form_data(collective=collective.pk, luu_nhap="1"))
    model = DvkModel.objects.get()
    page = babe_client.get(f"/mo-hinh/{model.pk}/sua/").content.decode()
    assert 'name="evidence"' not in page  # files are added on the model's page


def test_a_file_stored_before_the_save_failed_is_removed_with_it(babe_client, monkeypatch):
    """The model and its files go together: when storing the second file fails, the first,
    already written to the storage, is removed too (the transaction took its row back)."""
    from django.core.exceptions import ValidationError
    from django.core.files.storage import default_storage

    from models_registry import workflow

    real, stored = workflow.add_attachment, []

    def second_fails(model, *, user, upload, **kwargs):
        if stored:
            raise ValidationError("Không lưu được tệp “bao-cao.pdf”.")
        attachment = real(model, user=user, upload=upload, **kwargs)
        stored.extend(name for name in (attachment.file.name, attachment.thumbnail.name) if name)
        return attachment

    monkeypatch.setattr(workflow, "add_attachment", second_fails)
    collective = make_collective(unit("01894"))
    response = babe_client.post(
        "/mo-hinh/them/",
        {
            **form_data(collective=collective.pk, luu_nhap="1"),
            "evidence": files("ra-quan.jpg", "bao-cao.pdf"),
        },
    )
    assert response.status_code == 200 and "Không lưu được tệp" in response.content.decode()
    assert not DvkModel.objects.exists() and not Attachment.objects.exists()
    assert len(stored) == 2  # the photo and its thumbnail were written, then taken back
    assert not [name for name in stored if default_storage.exists(name)]
