"""A model's yearly progress (kết quả thực hiện năm)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .model import DvkModel


class YearlyProgress(models.Model):
    """Kết quả thực hiện năm …: what a model did and achieved in one year."""

    model = models.ForeignKey(
        DvkModel, on_delete=models.CASCADE, related_name="progress", verbose_name="mô hình"
    )
    year = models.PositiveSmallIntegerField("năm")
    activities = models.TextField("nội dung đã thực hiện")
    achievements = models.TextField("kết quả đạt được", blank=True)
    households_mobilised = models.PositiveIntegerField("số hộ được vận động", null=True, blank=True)
    money_contributed = models.PositiveBigIntegerField(
        "tiền đóng góp (đồng)", null=True, blank=True
    )
    workdays_contributed = models.PositiveIntegerField("ngày công", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")
    # Optimistic locking, as on the model: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name="phiên bản")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả thực hiện năm"
        verbose_name_plural = "kết quả thực hiện theo năm"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["model", "year"], name="progress_once_per_model_year")
        ]

    def __str__(self):
        return f"Kết quả năm {self.year}"
