"""Import batches: one row per applied file, with what it created and what it changed.

A batch keeps the file (and its SHA-256), the counts, every model it created or updated (with
the before-image of updated rows), and the ids of the supporting rows it created (collectives,
individuals, historical review rounds, entries, events, decisions, recipients, issuing bodies),
so that `importer.undo.undo_batch` can put everything back.
"""

from django.conf import settings
from django.db import models

from .querysets import ImportBatchQuerySet


class BatchStatus(models.TextChoices):
    APPLIED = "da_nhap", "Đã nhập"
    UNDONE = "da_hoan_tac", "Đã hoàn tác"


def batch_file_path(instance, filename):
    from pathlib import Path

    from django.utils import timezone

    suffix = Path(filename).suffix.lower()
    return f"importer/batches/{timezone.now():%Y}/{instance.sha256}{suffix}"


class ImportBatch(models.Model):
    file = models.FileField("tệp", upload_to=batch_file_path, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField("nhập lúc")
    status = models.CharField(
        "trạng thái", max_length=12, choices=BatchStatus.choices, default=BatchStatus.APPLIED
    )
    default_year = models.PositiveSmallIntegerField("năm áp dụng", null=True, blank=True)
    default_district = models.ForeignKey(
        "territory.Unit",
        verbose_name="huyện áp dụng",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rows_total = models.PositiveIntegerField("số dòng", default=0)
    created_count = models.PositiveIntegerField("tạo mới", default=0)
    updated_count = models.PositiveIntegerField("cập nhật", default=0)
    skipped_count = models.PositiveIntegerField("bỏ qua", default=0)
    error_count = models.PositiveIntegerField("lỗi (bỏ qua)", default=0)
    # {"collective": [ids], "individual": [...], "round": [...], "entry": [...], "event": [...],
    #  "decision": [...], "recipient": [...], "issuer": [...]}: rows created for the records.
    created_objects = models.JSONField(default=dict, blank=True, verbose_name="đối tượng đã tạo")
    undone_at = models.DateTimeField("hoàn tác lúc", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người hoàn tác",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "các lần nhập dữ liệu"
        ordering = ["-applied_at", "-id"]
        indexes = [
            # Batch list: newest first.
            models.Index(fields=["-applied_at"], name="importbatch_applied_idx"),
            # "This file was already imported on …" check on upload.
            models.Index(fields=["sha256"], name="importbatch_sha256_idx"),
        ]

    def __str__(self):
        return f"{self.original_name} ({self.applied_at:%d/%m/%Y %H:%M})"

    @property
    def change_reason(self):
        from django.utils import timezone

        return (
            f"Nhập từ tệp {self.original_name} ngày {timezone.localtime(self.applied_at):%d/%m/%Y}"
        )

    @property
    def is_undone(self):
        return self.status == BatchStatus.UNDONE


class RecordAction(models.TextChoices):
    CREATED = "tao_moi", "Tạo mới"
    UPDATED = "cap_nhat", "Cập nhật"


class ImportRecord(models.Model):
    """A model a batch created or updated; `before` holds the updated row as it was."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="records", verbose_name="lần nhập"
    )
    model = models.ForeignKey(
        "models_registry.DvkModel",
        verbose_name="mô hình",
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_records",
    )
    action = models.CharField("thao tác", max_length=10, choices=RecordAction.choices)
    sheet = models.CharField("trang tính", max_length=100, blank=True)
    row_number = models.PositiveIntegerField("dòng", default=0)
    before = models.JSONField(default=dict, blank=True, verbose_name="dữ liệu trước khi nhập")
    # DvkModel.version right after the import: a later change bumps it or updated_at.
    version_after = models.PositiveIntegerField(default=1, verbose_name="phiên bản sau khi nhập")

    class Meta:
        verbose_name = "bản ghi đã nhập"
        verbose_name_plural = "bản ghi đã nhập"
        ordering = ["batch", "id"]
        indexes = [
            # Undo and the batch page: the records of one batch.
            models.Index(fields=["batch", "action"], name="importrecord_batch_action_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} — dòng {self.row_number}"


class ColumnMapping(models.Model):
    """The meanings a person gave the columns of one header layout, for one sending unit: used
    first the next time that unit sends a list with the same header."""

    unit = models.ForeignKey(
        "territory.Unit",
        verbose_name="đơn vị gửi",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # importer.layout.SheetLayout.signature: the header's joined labels, hashed.
    signature = models.CharField("mẫu tiêu đề cột", max_length=32)
    # {"column index": "key" or "" (not imported)}, keys of importer.columns.
    meanings = models.JSONField("nghĩa các cột", default=dict)
    labels = models.JSONField("tiêu đề các cột", default=dict, blank=True)
    updated_at = models.DateTimeField("lưu lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lưu",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "cách ghép cột đã lưu"
        verbose_name_plural = "các cách ghép cột đã lưu"
        constraints = [
            # One remembered mapping per sending unit and header layout (looked up by both).
            models.UniqueConstraint(
                fields=["unit", "signature"], name="columnmapping_unit_signature_uniq"
            ),
            # The same for lists whose sender is not known (NULL units are all distinct above).
            models.UniqueConstraint(
                fields=["signature"],
                condition=models.Q(unit__isnull=True),
                name="columnmapping_no_unit_signature_uniq",
            ),
        ]

    def __str__(self):
        return f"{self.signature} ({self.unit or 'không rõ đơn vị'})"


class PendingPlan(models.Model):
    """The plan a preview made for an upload waiting to be confirmed (importer.uploads), kept
    as data: the JSON of `importer.planstore`, never pickled objects. The preview's other
    pages, the error-rows file and the confirmation read it instead of reading and matching
    the file again, while `fingerprint` still matches. Removed with its upload after the
    import, and with the abandoned previews (importer.uploads.sweep)."""

    # The waiting upload's path in the storage (importer.uploads.save), one plan each.
    upload = models.CharField("tệp chờ nhập", max_length=255, unique=True)
    # What the plan was made from: the data version, the file's SHA-256, the choices made on
    # the preview and the importer's territory (importer.uploads._fingerprint).
    fingerprint = models.JSONField("lập từ")
    # The JSON text compressed with zlib (`importer.planstore.pack`), rather than a JSON
    # column: a 20,000-row plan is 20 MB of text that nobody queries inside; packed it is
    # 2.5 MB, written and read back in a fraction of the time (PostgreSQL's own compression
    # of so large a value cost more than a second per preview).
    plan = models.BinaryField("kế hoạch nhập (JSON nén)")
    stored_at = models.DateTimeField("lưu lúc", auto_now=True)

    class Meta:
        verbose_name = "kế hoạch nhập đang chờ xác nhận"
        verbose_name_plural = "các kế hoạch nhập đang chờ xác nhận"
        indexes = [
            # Abandoned previews: the plans older than PENDING_MAX_AGE (importer.uploads.sweep).
            models.Index(fields=["stored_at"], name="pendingplan_stored_idx"),
        ]

    def __str__(self):
        return self.upload
