"""Reference data loaded by migrations: fields (lĩnh vực) and the NTM criteria sets."""

from django.db import models
from django.db.models import Q

from ..querysets import CriterionSetQuerySet


class Field(models.Model):
    """Lĩnh vực: the four national fields and the groups Bắc Kạn used under them."""

    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name="thuộc lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    scheme = models.CharField("hệ thống", max_length=20, default="national")
    is_new_rural = models.BooleanField(
        "thuộc xây dựng nông thôn mới",
        default=False,
        help_text="Dùng cho chỉ tiêu: mỗi xã có ít nhất một mô hình trong xây dựng NTM.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class CriterionSet(models.Model):
    """A versioned national set of New Rural Development commune criteria (bộ tiêu chí NTM)."""

    name = models.CharField("bộ tiêu chí", max_length=20, unique=True)  # "2021-2025"
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    objects = CriterionSetQuerySet.as_manager()

    class Meta:
        verbose_name = "bộ tiêu chí nông thôn mới"
        verbose_name_plural = "bộ tiêu chí nông thôn mới"
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="criterionset_years_ordered"
            )
        ]

    def __str__(self):
        return f"Bộ tiêu chí NTM {self.name}"


class Criterion(models.Model):
    criterion_set = models.ForeignKey(
        CriterionSet, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField("số")
    name = models.CharField("tên tiêu chí", max_length=255)

    class Meta:
        verbose_name = "tiêu chí nông thôn mới"
        verbose_name_plural = "tiêu chí nông thôn mới"
        ordering = ["criterion_set__start_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion_set", "number"], name="criterion_number_once_per_set"
            )
        ]

    def __str__(self):
        return f"Tiêu chí số {self.number} – {self.name} ({self.criterion_set.name})"
