"""Several evidence files in one upload (issue 14, item 19): each checked on its own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.models import Attachment
from tests.factories import make_model, unit
from tests.test_registry_attachments import image_bytes

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


@pytest.fixture
def model():
    return make_model(unit("01894"), title="Mô hình có minh chứng")


def test_several_files_are_added_in_one_upload(babe_client, model):
    response = babe_client.post(
        f"/mo-hinh/{model.pk}/tep/them/",
        {
            "file": [
                SimpleUploadedFile("ra-quan.jpg", image_bytes("JPEG")),
                SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%..."),
            ],
            "caption": "Ra quân vệ sinh đường làng",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã tải lên 2 tệp." in page
    assert sorted(
        Attachment.objects.filter(model=model).values_list("original_name", flat=True)
    ) == [
        "bao-cao.pdf",
        "ra-quan.jpg",
    ]
    assert "bao-cao.pdf" in page and "Ra quân vệ sinh đường làng" in page


def test_a_refused_file_keeps_the_others_and_says_which(babe_client, model):
    response = babe_client.post(
        f"/mo-hinh/{model.pk}/tep/them/",
        {
            "file": [
                SimpleUploadedFile("anh.jpg", image_bytes("JPEG")),
                SimpleUploadedFile("qd.pdf", b"<html>not a pdf</html>"),
            ]
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“qd.pdf”" in page
    assert list(Attachment.objects.filter(model=model).values_list("original_name", flat=True)) == [
        "anh.jpg"
    ]


def test_the_upload_input_takes_several_files_and_shows_progress(babe_client, model):
    page = babe_client.get(f"/mo-hinh/{model.pk}/").content.decode()
    form = page.split("data-upload-progress", 1)[1].split("</form>", 1)[0]
    assert 'type="file"' in form and "multiple" in form
    assert 'aria-label="Tiến độ tải tệp lên"' in form
