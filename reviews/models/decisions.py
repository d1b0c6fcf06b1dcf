"""Commendation decisions and their recipients."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..querysets import (
    DecisionQuerySet,
    RecipientQuerySet,
)
from .bodies import IssuingBody
from .rounds import ReviewRound


class CommendationForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "bang_khen", "Bằng khen"
    COMMENDATION = "giay_khen", "Giấy khen"
    CERTIFICATE = "giay_chung_nhan", "Giấy chứng nhận"
    LETTER = "thu_khen", "Thư khen"
    OTHER = "khac", "Hình thức khác"


def decision_scan_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"decisions/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Decision(models.Model):
    """Quyết định khen thưởng số …/QĐ-… ngày …"""

    number = models.CharField("số quyết định", max_length=50)
    date = models.DateField("ngày ký")
    issuer = models.ForeignKey(
        IssuingBody,
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    form = models.CharField("hình thức", max_length=20, choices=CommendationForm.choices)
    year = models.PositiveSmallIntegerField("khen thưởng cho năm")
    signatory = models.CharField("người ký", max_length=150, blank=True)
    scan = models.FileField("bản quét", upload_to=decision_scan_path, blank=True, max_length=255)
    round = models.ForeignKey(
        ReviewRound,
        verbose_name="đợt bình xét",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "date"], name="decision_unique_number"
            ),
        ]
        indexes = [
            # Statistics: commendations of a year range by issuer and form.
            models.Index(fields=["year", "issuer", "form"], name="decision_year_issuer_idx"),
        ]

    def __str__(self):
        return f"Quyết định số {self.number} ngày {self.date:%d/%m/%Y}"


class Recipient(models.Model):
    """A collective or an individual commended by a decision, for a model."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="recipients", verbose_name="quyết định"
    )
    collective = models.ForeignKey(
        "models_registry.Collective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name="tập thể",
    )
    individual = models.ForeignKey(
        "models_registry.Individual",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name="cá nhân",
    )
    model = models.ForeignKey(
        "models_registry.DvkModel",
        verbose_name="mô hình",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    citation = models.TextField("thành tích", blank=True)
    position = models.CharField("chức vụ, đơn vị", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("STT", default=0)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = "tập thể, cá nhân được khen"
        verbose_name_plural = "tập thể, cá nhân được khen"
        ordering = ["decision", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(collective__isnull=False) & Q(individual__isnull=True))
                | (Q(collective__isnull=True) & Q(individual__isnull=False)),
                name="recipient_exactly_one",
            ),
        ]

    def __str__(self):
        return str(self.collective or self.individual)

    @property
    def recipient(self):
        return self.collective or self.individual
