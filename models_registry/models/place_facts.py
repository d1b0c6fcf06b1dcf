"""The statistics' per-model summary rows: places (`PlaceFact`), NTM criterion links
(`CriterionFact`) and review results by round year (`ResultFact`). Why rows per model, and who
keeps them: `models_registry.facts`."""

from django.db import models

from .catalogue import Field
from .model import DvkModel


# The model's columns the statistics filter and group by, copied onto every summary row under
# the same names (so `stats.scope`'s filters apply unchanged).
def _copied_unit(verbose_name, null=False):
    return models.ForeignKey(
        "territory.Unit",
        on_delete=models.CASCADE,
        null=null,
        related_name="+",
        db_index=False,
        verbose_name=verbose_name,
    )


def _copied_field():
    return models.ForeignKey(
        Field,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name="lĩnh vực",
    )


class PlaceFact(models.Model):
    """One row per (model, commune it is carried out in): the model's places at commune level (a
    village stands for its commune), each once, with the model's columns the statistics filter
    and group by copied beside it. The statistics' coverage reads their counts by group
    (`PlaceCount`) instead of joining the places, the models, the units and the criteria on
    every request.

    Kept by `models_registry.facts.refresh_facts` in the transaction of every write that
    changes a model's places, criteria, year, owner, commune, field or status (the workflow
    functions, the bulk import and its undo, the admin); deleted with the model;
    `manage.py rebuild_statistics` rebuilds them all."""

    model = models.ForeignKey(
        DvkModel, on_delete=models.CASCADE, related_name="+", verbose_name="mô hình"
    )
    # The commune carried out in (a village's parent).
    place = models.ForeignKey(
        "territory.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name="địa bàn thực hiện",
    )
    # Copies of the model's columns (same names, so the statistics' filters apply unchanged).
    year = models.PositiveSmallIntegerField("năm")
    unit = _copied_unit("đơn vị quản lý")
    commune = _copied_unit("xã", null=True)
    field = _copied_field()
    status = models.CharField("trạng thái", max_length=16)
    # Linked to a New Rural Development criterion of the set valid in the model's year.
    ntm_linked = models.BooleanField("gắn với tiêu chí nông thôn mới")

    class Meta:
        verbose_name = "địa bàn của mô hình (cho thống kê)"
        verbose_name_plural = "địa bàn của mô hình (cho thống kê)"
        constraints = [
            models.UniqueConstraint(fields=["model", "place"], name="place_fact_model_place_uniq")
        ]
        indexes = [
            # The registry list filtered by a unit and years (`ModelQuerySet.carried_out_in`):
            # the models of those years carried out in some communes, from the index alone.
            models.Index(fields=["year", "place", "model"], name="place_fact_year_place_idx"),
            # The statistics read their counts (`models_registry.models.counts`), not these
            # rows, and a write reads its models' rows by the unique constraint's index.
        ]

    def __str__(self):
        return f"{self.model_id} @ {self.place_id}"


class CriterionFact(models.Model):
    """One row per (model, NTM criterion it is linked to), with the model's year, owner unit,
    commune and status copied, and whether the criterion belongs to the set valid in the
    model's year (what the NTM coverage target counts). The NTM view and target read their
    counts by group (`CriterionCount`) instead of joining the links, the models, the criteria
    and their sets.

    Kept by `models_registry.facts.refresh_facts` with the place rows."""

    # Looked up by model through the unique constraint's index.
    model = models.ForeignKey(
        DvkModel, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name="mô hình"
    )
    criterion = models.ForeignKey(
        "models_registry.Criterion",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name="tiêu chí",
    )
    year = models.PositiveSmallIntegerField("năm")
    unit = _copied_unit("đơn vị quản lý")
    commune = _copied_unit("xã", null=True)
    status = models.CharField("trạng thái", max_length=16)
    of_the_year = models.BooleanField("tiêu chí của bộ tiêu chí năm đăng ký")

    class Meta:
        verbose_name = "tiêu chí của mô hình (cho thống kê)"
        verbose_name_plural = "tiêu chí của mô hình (cho thống kê)"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "criterion"], name="criterion_fact_model_criterion_uniq"
            )
        ]
        # No other index: the statistics read the links' counts (`CriterionCount`), and a
        # write reads its models' rows by the unique constraint's index.

    def __str__(self):
        return f"{self.model_id} ~ {self.criterion_id}"


# The outcome columns of `ResultFact`, as `stats.figures` counts them.
RESULT_FLAGS = (
    "entry_recognised_local",
    "entry_recognised_province",
    "entry_exemplary",
    "entry_proposed_higher",
    "entry_returned",
    "entry_not_recognised",
)

# What the territory's indexes of `ResultFact` carry besides the owner unit or the commune.
RESULT_COPIED = ("public_only", "status", "year", "model", "field", "by_individual", *RESULT_FLAGS)


class ResultFact(models.Model):
    """One row per (model, year of a round it was entered in, audience): which outcomes its
    entries in that year's rounds have, with the model's columns copied beside them. The
    statistics count results and reviewed models from these rows, read from one covering
    index, instead of joining the entries, their rounds and their models on every request.

    `public_only`: False for the row of every entry (what reviewers and administrators
    count), True for the row of the entries local staff may see (`reviews.rules`: published
    outcomes, plus "returned" and "being reviewed"), present when there is one.

    Written by `reviews.facts.refresh_result_facts` (the outcomes are the reviews' rules) in
    the transaction of every change of an entry; the copied model columns are updated by
    `models_registry.facts.refresh_facts` with the model's other rows."""

    # Looked up by model through the unique constraint's index.
    model = models.ForeignKey(
        DvkModel, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name="mô hình"
    )
    round_year = models.PositiveSmallIntegerField("năm của đợt bình xét")
    public_only = models.BooleanField("chỉ kết quả cán bộ địa phương được xem")
    # Copies of the model's columns.
    year = models.PositiveSmallIntegerField("năm")
    unit = _copied_unit("đơn vị quản lý")
    commune = _copied_unit("xã", null=True)
    field = _copied_field()
    status = models.CharField("trạng thái", max_length=16)
    by_individual = models.BooleanField("cá nhân thực hiện")
    # Outcomes of that year's entries: one of them was recognised at the local level, ...
    entry_recognised_local = models.BooleanField("công nhận cấp huyện, cấp xã")
    entry_recognised_province = models.BooleanField("công nhận cấp tỉnh")
    entry_exemplary = models.BooleanField("điển hình")
    entry_proposed_higher = models.BooleanField("đề nghị cấp trên")
    entry_returned = models.BooleanField("trả lại")
    entry_not_recognised = models.BooleanField("không công nhận")

    class Meta:
        verbose_name = "kết quả bình xét của mô hình (cho thống kê)"
        verbose_name_plural = "kết quả bình xét của mô hình (cho thống kê)"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "round_year", "public_only"], name="result_fact_model_year_uniq"
            )
        ]
        indexes = [
            # A period's results (province, district), read from the index alone.
            models.Index(
                fields=["round_year", "public_only", "unit", "commune", "status"],
                include=["model", "field", "by_individual", *RESULT_FLAGS],
                name="result_fact_round_idx",
            ),
            # The reviewed models of a period (by the model's own year).
            models.Index(
                fields=["year", "public_only", "unit", "commune", "status"],
                include=["model"],
                name="result_fact_year_idx",
            ),
            # One district's or commune's results across several years, read from the index
            # alone (`stats.scope.territory_parts`).
            models.Index(
                fields=["unit", "round_year"],
                include=[*RESULT_COPIED, "commune"],
                name="result_fact_unit_idx",
            ),
            models.Index(
                fields=["commune", "round_year"],
                include=[*RESULT_COPIED, "unit"],
                name="result_fact_commune_idx",
            ),
            # The reviewed models of one district or commune (by the model's own year).
            models.Index(
                fields=["unit", "year"],
                include=["public_only", "status", "commune", "model"],
                name="result_fact_unit_year_idx",
            ),
            models.Index(
                fields=["commune", "year"],
                include=["public_only", "status", "unit", "model"],
                name="result_fact_commune_year_idx",
            ),
        ]

    def __str__(self):
        return f"{self.model_id} @ {self.round_year}"
