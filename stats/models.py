"""The province's coverage targets (Đề án 06-ĐA/TU of Bắc Kạn), editable by an administrator.

The figures themselves are not stored here: `stats.figures` aggregates them on every request
from the registry and the reviews, the coverage from the registry's summary rows
(`models_registry.PlaceFact`, kept by the write functions).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class TargetKey(models.TextChoices):
    COMMUNES = "xa_co_mo_hinh", "Xã, phường, thị trấn có mô hình “Dân vận khéo”"
    COMMUNES_NTM = (
        "xa_co_mo_hinh_ntm",
        "Xã, phường, thị trấn có mô hình trong xây dựng nông thôn mới",
    )
    AGENCIES = "co_quan_co_mo_hinh", "Cơ quan, đơn vị có mô hình “Dân vận khéo”"
    REVIEWED = "mo_hinh_duoc_danh_gia", "Mô hình được thẩm định, đánh giá"


# Đề án 06-ĐA/TU (2018–2020): every target is 100%. Used by the data migration and whenever a
# row is missing.
DEFAULT_PERCENT = 100


class CoverageTarget(models.Model):
    """One coverage target and the percentage the province aims for."""

    key = models.CharField("chỉ tiêu", max_length=32, choices=TargetKey.choices, unique=True)
    percent = models.DecimalField(
        "tỷ lệ phấn đấu (%)",
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_PERCENT,
        validators=[
            MinValueValidator(0, "Tỷ lệ phấn đấu không được nhỏ hơn 0%%."),
            MaxValueValidator(100, "Tỷ lệ phấn đấu không được lớn hơn 100%%."),
        ],
    )
    source = models.CharField(
        "căn cứ", max_length=255, blank=True, help_text="Ví dụ: Đề án 06-ĐA/TU của Tỉnh ủy Bắc Kạn"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ tiêu bao phủ"
        verbose_name_plural = "chỉ tiêu bao phủ"
        ordering = ["order", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="coverage_target_percent_range"
            )
        ]

    def __str__(self):
        return self.get_key_display()
