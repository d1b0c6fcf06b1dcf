"""Yearly review rounds and their rubric."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..querysets import (
    RoundQuerySet,
)


class RoundLevel(models.TextChoices):
    """Dated: district → province until 30/6/2025, commune → province from 1/7/2025 (see
    `rules.round_problem`)."""

    DISTRICT = "huyen", "Cấp huyện"
    COMMUNE = "xa", "Cấp xã"
    PROVINCE = "tinh", "Cấp tỉnh"


# The levels a local unit's own round has (the province's round is the other one).
LOCAL_ROUND_LEVELS = (RoundLevel.DISTRICT, RoundLevel.COMMUNE)


class ReviewRound(models.Model):
    """Đợt bình xét: one year, one organising body (a district committee until 30/6/2025, a
    commune from 1/7/2025, or the province)."""

    name = models.CharField("tên đợt", max_length=255)
    year = models.PositiveSmallIntegerField("năm")
    level = models.CharField("cấp", max_length=8, choices=RoundLevel.choices)
    organiser = models.ForeignKey(
        "territory.Unit",
        verbose_name="đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="review_rounds",
    )
    deadline = models.DateField("hạn đề nghị")
    is_closed = models.BooleanField("đã kết thúc", default=False)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người kết thúc đợt",
    )
    publish_on_close = models.BooleanField(
        "công bố kết quả khi kết thúc đợt",
        default=True,
        help_text="Kết quả được ghi nhận lặng lẽ và chỉ công bố cho huyện khi kết thúc đợt.",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt bình xét"
        verbose_name_plural = "đợt bình xét"
        ordering = ["-year", "level", "organiser__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "level", "organiser"], name="round_once_per_year_level_organiser"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return not self.is_closed


class RubricCriterion(models.Model):
    """A recognition criterion reviewers score (editable by administrators)."""

    name = models.CharField("tiêu chí", max_length=255)
    description = models.TextField("hướng dẫn chấm", blank=True)
    max_score = models.PositiveSmallIntegerField("điểm tối đa", default=10)
    weight = models.DecimalField("trọng số", max_digits=4, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "tiêu chí chấm điểm"
        verbose_name_plural = "tiêu chí chấm điểm"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="rubric_max_score_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="rubric_weight_positive"),
        ]

    def __str__(self):
        return self.name
