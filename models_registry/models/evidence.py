"""Evidence files attached to a model."""

from django.conf import settings
from django.db import models

from .model import DvkModel


class AttachmentKind(models.TextChoices):
    PHOTO = "anh", "Ảnh"
    DOCUMENT = "tai_lieu", "Tài liệu"


def attachment_path(instance, filename):
    # Stored under MEDIA_ROOT (outside the web root) with a random name; the original name is
    # kept in `original_name` and only used for the download header.
    import uuid
    from pathlib import Path

    return f"attachments/{instance.model_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    model = models.ForeignKey(
        DvkModel, on_delete=models.CASCADE, related_name="attachments", verbose_name="mô hình"
    )
    kind = models.CharField("loại", max_length=10, choices=AttachmentKind.choices)
    file = models.FileField("tệp", upload_to=attachment_path, max_length=255)
    thumbnail = models.FileField(
        upload_to="thumbnails/",
        max_length=255,
        blank=True,
        editable=False,
        verbose_name="ảnh thu nhỏ",
    )
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100, verbose_name="kiểu tệp")
    size = models.PositiveIntegerField("dung lượng (byte)")
    caption = models.CharField("chú thích", max_length=255, blank=True)
    # Photos marked public are served without login on the showcase; everything else only
    # through the registry's scope-checked views.
    is_public = models.BooleanField("công khai trên trang điển hình", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name="tải lên lúc")

    class Meta:
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return self.original_name
