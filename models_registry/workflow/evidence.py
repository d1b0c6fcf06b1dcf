"""Adding, publishing and deleting evidence files."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import attachments as files
from .. import rules
from ..models import Attachment
from .notes import _note_change


def add_attachment(model, *, user, upload, caption="", is_public=False):
    """Check the upload by content, store it under MEDIA_ROOT and make a thumbnail for photos.
    Only a photo may be public (shown on the showcase); a document never is."""
    rules.require(
        rules.can_add_evidence(user, model), "Không thêm được tệp cho mô hình này.", user=user
    )
    kind, content_type = files.inspect_upload(upload)
    attachment = Attachment(
        model=model,
        kind=kind,
        original_name=files.safe_filename(upload.name)[:255],
        content_type=content_type,
        size=upload.size,
        caption=(caption or "").strip()[:255],
        is_public=bool(is_public) and kind == "anh",
        uploaded_by=user,
    )
    try:
        attachment.file.save(upload.name, upload, save=False)
        if kind == "anh":
            files.make_thumbnail(attachment)
        with transaction.atomic():
            attachment.save()
            _note_change(
                model,
                user,
                "Thêm tệp minh chứng",
                [("Tệp minh chứng", "", attachment.original_name)],
            )
    except BaseException:
        discard_files([attachment])
        raise
    return attachment


def discard_files(attachments):
    """Remove from the storage the files of attachments whose rows a rolled-back transaction
    took back (a new model saved with its evidence, all or nothing): the storage is not
    transactional, so a file written before the failure would be left without its row."""
    for attachment in attachments:
        for stored in (attachment.file, attachment.thumbnail):
            if stored:
                stored.delete(save=False)


def set_photo_public(attachment, *, user, is_public):
    """Show a photo on the public showcase, or stop showing it (a document never is)."""
    rules.require(
        rules.can_add_evidence(user, attachment.model), "Không thay đổi được ảnh này.", user=user
    )
    if attachment.kind != "anh":
        raise ValidationError("Chỉ ảnh mới được công khai; tài liệu không bao giờ được công khai.")
    was = "Công khai" if attachment.is_public else "Không công khai"
    attachment.is_public = bool(is_public)
    now = "Công khai" if attachment.is_public else "Không công khai"
    with transaction.atomic():
        attachment.save(update_fields=["is_public"])
        if was != now:
            _note_change(
                attachment.model,
                user,
                "Đổi chế độ hiển thị ảnh",
                [(f"Ảnh “{attachment.original_name}” trên trang điển hình", was, now)],
            )
    return attachment


def delete_attachment(attachment, *, user):
    rules.require(
        rules.can_add_evidence(user, attachment.model), "Không xóa được tệp này.", user=user
    )
    file, thumbnail = attachment.file, attachment.thumbnail
    with transaction.atomic():
        attachment.delete()
        _note_change(
            attachment.model,
            user,
            "Xóa tệp minh chứng",
            [("Tệp minh chứng", attachment.original_name, "")],
        )
    file.delete(save=False)
    if thumbnail:
        thumbnail.delete(save=False)
