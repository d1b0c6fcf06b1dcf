"""The statistics' per-model place rows."""

from django.db import models

from .catalogue import Field
from .model import DvkModel


class PlaceFact(models.Model):
    """One row per (model, commune it is carried out in): the model's places at commune level (a
    village stands for its commune), each once, with the model's columns the statistics filter
    and group by copied beside it. The statistics' coverage reads these rows instead of joining
    the places, the models, the units and the criteria on every request.

    Kept by `models_registry.facts.refresh_place_facts` in the transaction of every write that
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
    unit = models.ForeignKey(
        "territory.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name="đơn vị quản lý",
    )
    commune = models.ForeignKey(
        "territory.Unit",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name="xã",
    )
    field = models.ForeignKey(
        Field,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name="lĩnh vực",
    )
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
            # The coverage query: a period's rows, read from the index alone.
            models.Index(
                fields=["year", "place", "field", "ntm_linked", "unit", "commune", "status"],
                name="place_fact_year_idx",
            ),
            # The same for one district's or commune's models across several years (Bằng
            # Thành 2019–2026: 16 ms from the year index, 4 ms from these at 100.000 models).
            models.Index(
                fields=["unit", "year"],
                include=["place", "field", "ntm_linked", "commune", "status"],
                name="place_fact_unit_year_idx",
            ),
            models.Index(
                fields=["commune", "year"],
                include=["place", "field", "ntm_linked", "unit", "status"],
                name="place_fact_commune_year_idx",
            ),
        ]

    def __str__(self):
        return f"{self.model_id} @ {self.place_id}"
