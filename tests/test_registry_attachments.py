"""Evidence files: checked by content, stored under MEDIA_ROOT, served only inside the scope."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import AuditAction, AuditEvent
from models_registry.attachments import MAX_SIZE, OLE_HEADER, safe_filename
from models_registry.models import Attachment, AttachmentKind, Status
from tests.factories import make_model, unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def image_bytes(fmt="JPEG", size=(640, 480)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, model, name, content, caption=""):
    return client.post(
        f"/mo-hinh/{model.pk}/tep/them/",
        {"file": SimpleUploadedFile(name, content), "caption": caption},
    )


@pytest.fixture
def model():
    return make_model(unit("01894"), title="Mô hình có minh chứng")


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("anh.jpg", image_bytes("JPEG"), AttachmentKind.PHOTO, "image/jpeg"),
        ("anh.PNG", image_bytes("PNG"), AttachmentKind.PHOTO, "image/png"),
        ("anh.webp", image_bytes("WEBP"), AttachmentKind.PHOTO, "image/webp"),
        ("bao-cao.pdf", b"%PDF-1.4\n%...", AttachmentKind.DOCUMENT, "application/pdf"),
        (
            "ke-hoach.docx",
            docx_bytes(),
            AttachmentKind.DOCUMENT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "danh-sach.xls",
            OLE_HEADER + b"\0" * 100,
            AttachmentKind.DOCUMENT,
            "application/vnd.ms-excel",
        ),
    ],
)
def test_accepted_files_are_stored_with_their_checked_type(
    babe_client, model, name, content, kind, content_type
):
    response = upload(babe_client, model, name, content, caption="Lễ ra quân")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.content_type) == (kind, content_type)
    assert attachment.original_name == name and attachment.size == len(content)
    assert attachment.file.name.startswith(f"attachments/{model.pk}/")
    assert name not in attachment.file.name  # stored under a random name
    assert bool(attachment.thumbnail) is (kind == AttachmentKind.PHOTO)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.jpg", b"%PDF-1.4 not a photo", "không phải là ảnh hợp lệ"),
        ("anh.jpg", image_bytes("PNG"), "không phải là ảnh hợp lệ"),
        ("bao-cao.pdf", b"<html>not a pdf</html>", "không phải là tài liệu hợp lệ"),
        ("ke-hoach.docx", b"PK\x03\x04 broken", "không phải là tài liệu hợp lệ"),
        ("danh-sach.xls", b"ID;PWXL\n", "không phải là tài liệu hợp lệ"),
        (
            "virus.exe",
            b"MZ\x90\x00",
            "Chỉ nhận ảnh (JPG, PNG, WEBP) và tài liệu (PDF, Word, Excel).",
        ),
        ("trang.html", b"<script>alert(1)</script>", "Chỉ nhận ảnh"),
    ],
)
def test_files_are_checked_by_content_not_only_by_name(babe_client, model, name, content, message):
    response = upload(babe_client, model, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused(babe_client, model):
    response = upload(babe_client, model, "lon.pdf", b"%PDF" + b"0" * MAX_SIZE)
    assert response.status_code == 400
    assert "quá lớn: tối đa 10 MB" in response.content.decode()


def test_a_photo_gets_a_small_thumbnail_served_inside_the_scope(babe_client, chodon_client, model):
    upload(babe_client, model, "khuoi-tau.jpg", image_bytes(size=(1600, 1200)))
    photo = Attachment.objects.get()
    response = babe_client.get(f"/mo-hinh/{model.pk}/tep/{photo.pk}/anh-nho/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as thumb:
        assert max(thumb.size) <= 320
    assert chodon_client.get(f"/mo-hinh/{model.pk}/tep/{photo.pk}/anh-nho/").status_code == 404


def test_documents_download_with_a_safe_name_and_an_audit_row(babe_client, reviewer_client, model):
    upload(babe_client, model, 'bao "cao"; filename=x.exe.pdf', b"%PDF-1.4 body")
    document = Attachment.objects.get()
    response = reviewer_client.get(f"/mo-hinh/{model.pk}/tep/{document.pk}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert '"cao"' not in disposition and "; filename=x" not in disposition
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, username="tinh").exists()


def test_an_attachment_of_another_model_is_not_reachable_through_my_model(babe_client, model):
    upload(babe_client, model, "a.pdf", b"%PDF-1.4")
    other = make_model(unit("01894"))
    document = Attachment.objects.get()
    assert babe_client.get(f"/mo-hinh/{other.pk}/tep/{document.pk}/").status_code == 404


def test_reviewers_and_other_districts_cannot_upload_or_delete(
    reviewer_client, chodon_client, babe_client, model
):
    assert upload(reviewer_client, model, "a.pdf", b"%PDF-1.4").status_code == 403
    assert upload(chodon_client, model, "a.pdf", b"%PDF-1.4").status_code == 404
    upload(babe_client, model, "a.pdf", b"%PDF-1.4")
    document = Attachment.objects.get()
    url = f"/mo-hinh/{model.pk}/tep/{document.pk}/xoa/"
    assert reviewer_client.post(url).status_code == 403
    assert chodon_client.post(url).status_code == 404
    assert Attachment.objects.exists()
    babe_client.post(url)
    assert not Attachment.objects.exists()


def test_a_withdrawn_model_takes_no_new_evidence(babe_client, model):
    model.status = Status.WITHDRAWN
    model.save()
    assert upload(babe_client, model, "a.pdf", b"%PDF-1.4").status_code == 403


def test_safe_filename_drops_paths_and_header_characters():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename('C:\\Users\\a\\"bao cao".pdf') == "bao cao.pdf"
    assert safe_filename("Ảnh lễ ra quân.jpg") == "Ảnh lễ ra quân.jpg"
    assert safe_filename("\r\n") == "tep-dinh-kem"


def test_a_file_whose_row_could_not_be_saved_is_not_left_in_the_storage(
    model, babe_officer, monkeypatch
):
    from django.core.files.storage import default_storage

    from models_registry.workflow import evidence

    written = []
    real_save = Attachment.save

    def fails_after_storing(self, *args, **kwargs):
        written.extend([self.file.name, self.thumbnail.name])
        raise RuntimeError("mất kết nối cơ sở dữ liệu")

    monkeypatch.setattr(Attachment, "save", fails_after_storing)
    upload = SimpleUploadedFile("ra-quan.jpg", image_bytes("JPEG"))
    with pytest.raises(RuntimeError):
        evidence.add_attachment(model, user=babe_officer, upload=upload)
    monkeypatch.setattr(Attachment, "save", real_save)
    assert written and all(written)
    assert not [name for name in written if default_storage.exists(name)]
