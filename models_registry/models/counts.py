"""The statistics' counts: the registered models per (year, owner unit, commune, field)
(`RegistrationCount`, and `RegistrationFact`, what each model was last counted as), the
registered models' place rows per (year, commune carried out in, field, NTM-linked, owner,
commune) (`PlaceCount`), their NTM criterion links per (year, criterion, commune, of the
year's set, owner) (`CriterionCount`) and their review results per (round year, audience,
owner, commune, field, implementer) (`ResultCount`).

The page's figures are sums of a period's count rows (the province of one year: some 900,
1.300 and 2.000 rows, where grouping the year's 74.000 models, 74.000 place rows and 56.000
links took some 30–50 ms each at 1.000.000 models). A write moves its models' counts from the
groups they were counted in to the groups their data now give; who does it, and why it stays
exact under concurrent writes: `models_registry.tallies`. Two rows of one group can exist (two
transactions that each found none and added one): every reader sums by group."""

from django.db import models
from django.db.models import Q

from .model import DvkModel
from .place_facts import _copied_field, _copied_unit

# The counts of a registration group, in the order of the statistics' sơ kết columns.
REGISTRATION_COUNTS = ("total", "collective", "individual", "new", "carried_over")
# The group's keys: what the statistics filter (the territory, the scope) and group by.
REGISTRATION_GROUP = ("year", "unit_id", "commune_id", "field_id")
PLACE_GROUP = ("year", "place_id", "field_id", "ntm_linked", "unit_id", "commune_id")
CRITERION_GROUP = ("year", "criterion_id", "commune_id", "of_the_year", "unit_id")
RESULT_GROUP = ("round_year", "public_only", "unit_id", "commune_id", "field_id", "by_individual")
# The outcomes a result row (`ResultFact`) counts for: its flags, and recognised at either level.
RESULT_OUTCOMES = {
    "entry_recognised_local": Q(entry_recognised_local=True),
    "entry_recognised_province": Q(entry_recognised_province=True),
    "entry_recognised_any": Q(entry_recognised_local=True) | Q(entry_recognised_province=True),
    "entry_exemplary": Q(entry_exemplary=True),
    "entry_proposed_higher": Q(entry_proposed_higher=True),
    "entry_returned": Q(entry_returned=True),
    "entry_not_recognised": Q(entry_not_recognised=True),
}


class RegistrationFact(models.Model):
    """One row per registered model (a draft or a withdrawn model has none): the group it is
    counted in and what it adds there, as last counted."""

    model = models.OneToOneField(
        DvkModel,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name="mô hình",
    )
    year = models.PositiveSmallIntegerField("năm")
    unit = _copied_unit("đơn vị quản lý")
    commune = _copied_unit("xã", null=True)
    field = _copied_field()
    collective = models.BooleanField("tập thể thực hiện")
    individual = models.BooleanField("cá nhân thực hiện")
    new = models.BooleanField("đăng ký mới")
    carried_over = models.BooleanField("duy trì")

    class Meta:
        verbose_name = "mô hình đã tính (cho thống kê)"
        verbose_name_plural = "mô hình đã tính (cho thống kê)"

    def __str__(self):
        return str(self.model_id)


def _group_index(prefix, group):
    """The count rows by their keys, in the group's order (a period's groups, and a write's
    lookup of its group's row)."""
    return models.Index(fields=[key.removesuffix("_id") for key in group], name=f"{prefix}_idx")


def _territory_indexes(prefix, year="year"):
    """One district's or commune's groups (`stats.scope.territory_parts`); a period's groups
    (a province, and a write's lookup of its group) are read by each model's own index, the
    year first."""
    return [
        models.Index(fields=["unit", year], name=f"{prefix}_unit_idx"),
        models.Index(fields=["commune", year], name=f"{prefix}_commune_idx"),
    ]


class RegistrationCount(models.Model):
    """Registered models of one (year, owner unit, commune, field): how many, by collectives,
    by individuals, registered new, carried over."""

    year = models.PositiveSmallIntegerField("năm")
    unit = _copied_unit("đơn vị quản lý")
    commune = _copied_unit("xã", null=True)
    field = _copied_field()
    total = models.IntegerField("số mô hình")
    collective = models.IntegerField("tập thể")
    individual = models.IntegerField("cá nhân")
    new = models.IntegerField("đăng ký mới")
    carried_over = models.IntegerField("duy trì")

    class Meta:
        verbose_name = "số mô hình đăng ký (cho thống kê)"
        verbose_name_plural = "số mô hình đăng ký (cho thống kê)"
        indexes = [
            _group_index("registration_count", REGISTRATION_GROUP),
            *_territory_indexes("registration_count"),
        ]

    def __str__(self):
        return f"{self.year} {self.unit_id}/{self.commune_id}/{self.field_id}: {self.total}"


class PlaceCount(models.Model):
    """Place rows (`PlaceFact`) of registered models of one group: how many models of that
    year, owner and commune are carried out in that commune, in that field, NTM-linked or
    not."""

    year = models.PositiveSmallIntegerField("năm")
    place = _copied_unit("địa bàn thực hiện")
    field = _copied_field()
    ntm_linked = models.BooleanField("gắn với tiêu chí nông thôn mới")
    unit = _copied_unit("đơn vị quản lý")
    commune = _copied_unit("xã", null=True)
    n = models.IntegerField("số mô hình")

    class Meta:
        verbose_name = "số mô hình theo địa bàn thực hiện (cho thống kê)"
        verbose_name_plural = "số mô hình theo địa bàn thực hiện (cho thống kê)"
        indexes = [
            _group_index("place_count", PLACE_GROUP),
            *_territory_indexes("place_count"),
        ]

    def __str__(self):
        return f"{self.year} {self.place_id}/{self.field_id}: {self.n}"


class CriterionCount(models.Model):
    """NTM criterion links (`CriterionFact`) of registered models of one group."""

    year = models.PositiveSmallIntegerField("năm")
    criterion = models.ForeignKey(
        "models_registry.Criterion",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name="tiêu chí",
    )
    commune = _copied_unit("xã", null=True)
    of_the_year = models.BooleanField("tiêu chí của bộ tiêu chí năm đăng ký")
    unit = _copied_unit("đơn vị quản lý")
    n = models.IntegerField("số mô hình")

    class Meta:
        verbose_name = "số mô hình theo tiêu chí (cho thống kê)"
        verbose_name_plural = "số mô hình theo tiêu chí (cho thống kê)"
        indexes = [
            _group_index("criterion_count", CRITERION_GROUP),
            *_territory_indexes("criterion_count"),
        ]

    def __str__(self):
        return f"{self.year} {self.criterion_id}/{self.commune_id}: {self.n}"


class ResultCount(models.Model):
    """Result rows (`ResultFact`) of registered models of one group: in one round year, for
    one audience, how many models had each outcome. Within one round year a model has one row
    per audience, so these add up to models; across years a model recognised twice is one
    model of the period, which the statistics count from the rows themselves."""

    round_year = models.PositiveSmallIntegerField("năm của đợt bình xét")
    public_only = models.BooleanField("chỉ kết quả cán bộ địa phương được xem")
    unit = _copied_unit("đơn vị quản lý")
    commune = _copied_unit("xã", null=True)
    field = _copied_field()
    by_individual = models.BooleanField("cá nhân thực hiện")
    n = models.IntegerField("số mô hình")
    entry_recognised_local = models.IntegerField("công nhận cấp huyện, cấp xã")
    entry_recognised_province = models.IntegerField("công nhận cấp tỉnh")
    entry_recognised_any = models.IntegerField("công nhận")
    entry_exemplary = models.IntegerField("điển hình")
    entry_proposed_higher = models.IntegerField("đề nghị cấp trên")
    entry_returned = models.IntegerField("trả lại")
    entry_not_recognised = models.IntegerField("không công nhận")

    class Meta:
        verbose_name = "số mô hình theo kết quả bình xét (cho thống kê)"
        verbose_name_plural = "số mô hình theo kết quả bình xét (cho thống kê)"
        indexes = [
            # The group's keys but the implementer: its collective and individual rows are
            # read together.
            models.Index(
                fields=["round_year", "public_only", "unit", "commune", "field"],
                name="result_count_idx",
            ),
            *_territory_indexes("result_count", year="round_year"),
        ]

    def __str__(self):
        return f"{self.round_year} {self.unit_id}/{self.commune_id}: {self.n}"
