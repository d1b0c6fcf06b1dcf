"""The statistics' registration counts: registered models per (year, owner unit, commune,
field), `RegistrationCount`, and what each model was last counted as, `RegistrationFact`.

The page's registration figures are sums of a period's count rows (the province of one year:
some 900 rows, where grouping the year's 74.000 models took 50 ms at 1.000.000 models). A
write moves a model's count from the group it was counted in (its `RegistrationFact`) to the
group its data now give; who does it, and why it stays exact under concurrent writes:
`models_registry.facts`."""

from django.db import models

from .model import DvkModel
from .place_facts import _copied_field, _copied_unit

# The counts of a registration group, in the order of the statistics' sơ kết columns.
REGISTRATION_COUNTS = ("total", "collective", "individual", "new", "carried_over")
# The group's keys: what the statistics filter (the territory, the scope) and group by.
REGISTRATION_GROUP = ("year", "unit_id", "commune_id", "field_id")


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


class RegistrationCount(models.Model):
    """Registered models of one (year, owner unit, commune, field): how many, by collectives,
    by individuals, registered new, carried over. Two rows of one group can exist (two
    transactions that each found none and added one): every reader sums by group."""

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
            # A period's groups (a province), and a write's lookup of its group.
            models.Index(
                fields=["year", "unit", "commune", "field"], name="registration_count_idx"
            ),
            # One district's or commune's groups (`stats.scope.territory_parts`).
            models.Index(fields=["unit", "year"], name="registration_count_unit_idx"),
            models.Index(fields=["commune", "year"], name="registration_count_commune_idx"),
        ]

    def __str__(self):
        return f"{self.year} {self.unit_id}/{self.commune_id}/{self.field_id}: {self.total}"
