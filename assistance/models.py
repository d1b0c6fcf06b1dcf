"""Help for communes in special difficulty: the yearly list, the provincial agencies assigned to
help a commune for a period, and what they did (money, goods in kind, models it gave rise to)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class DifficultCommune(models.Model):
    """A commune on the province's list of communes in special difficulty for a year."""

    year = models.PositiveSmallIntegerField("năm")
    commune = models.ForeignKey(
        "territory.Unit",
        verbose_name="xã",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 3},  # territory.models.Level.COMMUNE
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "xã đặc biệt khó khăn"
        verbose_name_plural = "xã đặc biệt khó khăn"
        ordering = ["-year", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "commune"], name="difficult_commune_once_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.commune} ({self.year})"

    def clean(self):
        # Same rule as the constraint difficult_commune_once_per_year, said kindly.
        clash = DifficultCommune.objects.filter(year=self.year, commune_id=self.commune_id)
        if self.commune_id and self.year and clash.exclude(pk=self.pk).exists():
            raise ValidationError(f"{self.commune} đã có trong danh sách năm {self.year}.")


class AgencyKind(models.TextChoices):
    PARTY_BOARD = "ban", "Ban của Tỉnh ủy"
    DEPARTMENT = "so", "Sở, ngành"
    MASS_ORGANISATION = "doan_the", "Mặt trận, đoàn thể"
    OTHER = "khac", "Cơ quan, đơn vị khác"


class Agency(models.Model):
    """A provincial agency that helps communes (Ban Dân vận Tỉnh ủy, Sở …, Hội …)."""

    name = models.CharField("tên cơ quan", max_length=255, unique=True)
    kind = models.CharField("loại", max_length=10, choices=AgencyKind.choices)

    class Meta:
        verbose_name = "cơ quan giúp đỡ"
        verbose_name_plural = "cơ quan giúp đỡ"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Assignment(models.Model):
    """An agency assigned to help a commune from a date, until a date or open-ended."""

    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="assignments"
    )
    commune = models.ForeignKey(
        "territory.Unit",
        verbose_name="xã được giúp đỡ",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 3},
    )
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người tạo",
    )

    class Meta:
        verbose_name = "phân công giúp đỡ"
        verbose_name_plural = "phân công giúp đỡ"
        ordering = ["commune__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_period_ordered",
            ),
        ]
        indexes = [
            # The yearly report: assignments of a commune overlapping a year.
            models.Index(fields=["commune", "start_date"], name="assignment_commune_idx"),
        ]

    def __str__(self):
        return f"{self.agency} giúp đỡ {self.commune}"

    def clean(self):
        # Same rule as the constraint assignment_period_ordered.
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Ngày kết thúc phải sau ngày bắt đầu giúp đỡ."})


class Activity(models.Model):
    """What an assignment brought: money and goods (valued in đồng), and models it started."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="phân công", on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField("ngày")
    description = models.TextField("nội dung hoạt động")
    money = models.PositiveBigIntegerField("hỗ trợ bằng tiền (đồng)", default=0)
    in_kind = models.CharField("hỗ trợ bằng hiện vật", max_length=500, blank=True)
    in_kind_value = models.PositiveBigIntegerField("giá trị hiện vật quy đổi (đồng)", default=0)
    models_started = models.ManyToManyField(
        "models_registry.DvkModel",
        verbose_name="mô hình hình thành từ hoạt động",
        blank=True,
        related_name="assistance_activities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người tạo",
    )

    class Meta:
        verbose_name = "hoạt động giúp đỡ"
        verbose_name_plural = "hoạt động giúp đỡ"
        ordering = ["date", "id"]
        indexes = [
            # The yearly report: activities of a year, summed per assignment.
            models.Index(fields=["date", "assignment"], name="activity_date_idx"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.description[:60]}"

    @property
    def total(self):
        return self.money + self.in_kind_value
