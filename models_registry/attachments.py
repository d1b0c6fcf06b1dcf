"""Evidence files: what is accepted (checked by content, not only by the name) and thumbnails.

Photos: JPEG, PNG, WEBP, opened and verified with Pillow. Documents: PDF ("%PDF" header),
Word/Excel 2007+ (a zip holding "[Content_Types].xml") and legacy .doc/.xls (OLE header).
"""

import io
import uuid
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import AttachmentKind

MAX_SIZE = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is plenty; larger is refused before decoding
THUMBNAIL_SIZE = (320, 240)
OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1")

PHOTO_TYPES = {
    ".jpg": ("JPEG", "image/jpeg"),
    ".jpeg": ("JPEG", "image/jpeg"),
    ".png": ("PNG", "image/png"),
    ".webp": ("WEBP", "image/webp"),
}
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
}
ACCEPT = ",".join([*PHOTO_TYPES, *DOCUMENT_TYPES])

WRONG_TYPE = "Chỉ nhận ảnh (JPG, PNG, WEBP) và tài liệu (PDF, Word, Excel)."
WRONG_CONTENT = "Nội dung tệp “{name}” không phải là {kind} hợp lệ (tệp bị hỏng hoặc bị đổi đuôi)."
TOO_LARGE = "Tệp “{name}” quá lớn: tối đa 10 MB."
EMPTY = "Tệp “{name}” rỗng."


def inspect_upload(upload):
    """Return (kind, content_type) for an accepted upload; raise a Vietnamese ValidationError."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if upload.size > MAX_SIZE:
        raise ValidationError(TOO_LARGE.format(name=name))
    if upload.size == 0:
        raise ValidationError(EMPTY.format(name=name))
    if suffix in PHOTO_TYPES:
        expected_format, content_type = PHOTO_TYPES[suffix]
        _verify_photo(upload, expected_format, name)
        return AttachmentKind.PHOTO, content_type
    if suffix in DOCUMENT_TYPES:
        _verify_document(upload, suffix, name)
        return AttachmentKind.DOCUMENT, DOCUMENT_TYPES[suffix]
    raise ValidationError(WRONG_TYPE)


def _verify_photo(upload, expected_format, name):
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format != expected_format:
                raise ValidationError(WRONG_CONTENT.format(name=name, kind="ảnh"))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(f"Ảnh “{name}” quá lớn ({width}×{height} điểm ảnh).")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(WRONG_CONTENT.format(name=name, kind="ảnh")) from exc
    finally:
        upload.seek(0)


def _verify_document(upload, suffix, name):
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    ok = False
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF")
    elif suffix in (".doc", ".xls"):
        ok = head == OLE_HEADER
    elif suffix in (".docx", ".xlsx"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
            part = "word/" if suffix == ".docx" else "xl/"
            ok = "[Content_Types].xml" in names and any(n.startswith(part) for n in names)
        except zipfile.BadZipFile:
            ok = False
        finally:
            upload.seek(0)
    if not ok:
        raise ValidationError(WRONG_CONTENT.format(name=name, kind="tài liệu"))


def make_thumbnail(attachment):
    """A small JPEG next to the photo (stored under MEDIA_ROOT/thumbnails/)."""
    with attachment.file.open("rb") as fh, Image.open(fh) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
    attachment.thumbnail.save(f"{uuid.uuid4().hex}.jpg", ContentFile(buffer.getvalue()), save=False)


def safe_filename(name):
    """A download name without path parts, quotes or control characters."""
    base = Path(str(name).replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*;')
    return cleaned.strip(" .") or "tep-dinh-kem"
