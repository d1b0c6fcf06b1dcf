"""Who carries a model out: collectives and individuals."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from danvan.text import clean, fold

from ..querysets import CollectiveQuerySet, IndividualQuerySet


class CollectiveKind(models.TextChoices):
    PARTY = "chi_bo", "Chi bộ, đảng bộ"
    AGENCY = "co_quan", "Cơ quan, đơn vị"
    FRONT = "mttq", "Mặt trận Tổ quốc"
    FARMERS = "hoi_nong_dan", "Hội Nông dân"
    WOMEN = "hoi_phu_nu", "Hội Liên hiệp Phụ nữ"
    YOUTH = "doan_thanh_nien", "Đoàn Thanh niên"
    VETERANS = "hoi_ccb", "Hội Cựu chiến binh"
    TRADE_UNION = "cong_doan", "Công đoàn"
    ARMED_FORCES = "luc_luong_vu_trang", "Lực lượng vũ trang"
    MOBILISATION_BLOC = "khoi_dan_van", "Khối dân vận"
    VILLAGE = "thon_to", "Thôn, tổ dân phố"
    ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
    OTHER = "khac", "Khác"


class Collective(models.Model):
    name = models.CharField("tên tập thể", max_length=255)
    kind = models.CharField("loại tập thể", max_length=24, choices=CollectiveKind.choices)
    unit = models.ForeignKey(
        "territory.Unit",
        verbose_name="địa bàn",
        on_delete=models.PROTECT,
        related_name="collectives",
    )
    search_name = models.CharField(
        max_length=255, editable=False, default="", verbose_name="tên để tìm kiếm"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")

    objects = CollectiveQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tập thể"
        verbose_name_plural = "tập thể"
        ordering = ["name"]
        indexes = [
            # Importer and duplicate check: match a collective by folded name within a unit.
            models.Index(fields=["search_name", "unit"], name="collective_search_unit_idx"),
            # The statistics' agency coverage: the agencies of a territory (some 300 of the
            # 46.000 collectives at 1.000.000 models), without scanning the table.
            models.Index(fields=["kind", "unit"], name="collective_kind_unit_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean(self.name)
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class Individual(models.Model):
    full_name = models.CharField("họ và tên", max_length=150)
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True)
    position = models.CharField(
        "chức vụ, nơi công tác",
        max_length=255,
        blank=True,
        help_text="Ví dụ: Bí thư Chi bộ 4, thị trấn Chợ Mới",
    )
    unit = models.ForeignKey(
        "territory.Unit",
        verbose_name="địa bàn",
        on_delete=models.PROTECT,
        related_name="individuals",
    )
    search_name = models.CharField(
        max_length=150, editable=False, default="", verbose_name="tên để tìm kiếm"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="ngày tạo")

    objects = IndividualQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cá nhân"
        verbose_name_plural = "cá nhân"
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="individual_birth_year_plausible",
            )
        ]
        indexes = [
            # Importer and duplicate check: match a person by folded name within a unit.
            models.Index(fields=["search_name", "unit"], name="individual_search_unit_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = clean(self.full_name)
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)
