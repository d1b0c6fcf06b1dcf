"""Reviewers' assessments, scores and declared conflicts of interest."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .entries import Entry
from .rounds import RubricCriterion


class Assessment(models.Model):
    """One reviewer's scoring of one entry."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="assessments", verbose_name="hồ sơ đề nghị"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name="người chấm",
    )
    comment = models.TextField("nhận xét", blank=True)
    total = models.DecimalField(
        "điểm quy đổi (thang 100)", max_digits=5, decimal_places=2, default=0
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")
    version = models.PositiveIntegerField(default=1, verbose_name="phiên bản")

    class Meta:
        verbose_name = "phiếu chấm"
        verbose_name_plural = "phiếu chấm"
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "reviewer"], name="assessment_once_per_reviewer"
            )
        ]

    def __str__(self):
        return f"Phiếu chấm của {self.reviewer} — {self.entry}"


class Score(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name="phiếu chấm"
    )
    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.PROTECT, related_name="+", verbose_name="tiêu chí"
    )
    value = models.DecimalField("điểm", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "điểm theo tiêu chí"
        verbose_name_plural = "điểm theo tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ConflictDeclaration(models.Model):
    """A reviewer excludes themself from an entry (e.g. their own unit's model)."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="conflicts", verbose_name="hồ sơ đề nghị"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người chấm",
    )
    reason = models.TextField("lý do")
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name="khai báo lúc")

    class Meta:
        verbose_name = "khai báo xung đột lợi ích"
        verbose_name_plural = "khai báo xung đột lợi ích"
        constraints = [
            models.UniqueConstraint(fields=["entry", "reviewer"], name="conflict_once_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} tự rút khỏi {self.entry}"
