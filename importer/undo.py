"""Undoing an import batch: everything it created removed, everything it updated put back as
it was, refused with the reasons when anything was changed since (`undo_blockers`).

The rows go back through the bulk variants of the registry's and the reviews' workflows
(models_registry.bulk.restore_models / remove_models, reviews.bulk.remove_past_results): the
importer says what to take back and writes only its own batch (and removes the villages it
added).
"""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from models_registry import bulk as registry
from models_registry.models import Attachment, DvkModel, YearlyProgress
from reviews.bulk import remove_past_results
from reviews.models import Entry, Recipient
from territory.models import Unit

from .models import BatchStatus, ImportBatch, RecordAction


def undo_blockers(batch, limit=20):
    """Why `batch` cannot be undone (empty list: it can)."""
    if batch.status == BatchStatus.UNDONE:
        return ["Lần nhập này đã được hoàn tác."]
    blockers = []
    mine = {key: set(ids) for key, ids in (batch.created_objects or {}).items()}
    records = list(batch.records.values("model_id", "action", "version_after", "row_number"))
    model_ids = [r["model_id"] for r in records if r["model_id"]]
    created_ids = {r["model_id"] for r in records if r["action"] == RecordAction.CREATED}
    versions = {r["model_id"]: r["version_after"] for r in records}
    rows = {r["model_id"]: r["row_number"] for r in records}
    missing = [r for r in records if r["model_id"] is None]
    if missing:
        blockers.append(f"{len(missing)} mô hình của lần nhập này đã bị xóa sau đó.")
    for pk, title, updated_at, version in DvkModel.objects.filter(id__in=model_ids).values_list(
        "id", "title", "updated_at", "version"
    ):
        if updated_at > batch.applied_at or version != versions[pk]:
            when = timezone.localtime(updated_at)
            blockers.append(
                f"Mô hình “{title}” (dòng {rows[pk]}) đã được sửa sau khi nhập, lúc "
                f"{when:%H:%M %d/%m/%Y}."
            )
    later_entries = Entry.objects.filter(model_id__in=model_ids).exclude(
        id__in=mine.get("entry", ())
    )
    later_entries = later_entries.filter(proposed_at__gt=batch.applied_at) | later_entries.filter(
        model_id__in=created_ids
    )
    for title, round_name in later_entries.values_list("model__title", "round__name")[:limit]:
        blockers.append(f"Mô hình “{title}” đã có hồ sơ bình xét trong “{round_name}”.")
    later_recipients = Recipient.objects.filter(model_id__in=created_ids).exclude(
        id__in=mine.get("recipient", ())
    )
    for title, number in later_recipients.values_list("model__title", "decision__number")[:limit]:
        blockers.append(f"Mô hình “{title}” đã được khen thưởng theo quyết định số {number}.")
    for model, label in ((Attachment, "tệp minh chứng"), (YearlyProgress, "kết quả thực hiện năm")):
        for title in model.objects.filter(model_id__in=created_ids).values_list(
            "model__title", flat=True
        )[:limit]:
            blockers.append(f"Mô hình “{title}” đã có {label}.")
    others = DvkModel.objects.exclude(id__in=created_ids)
    for field, key in (("collective_id", "collective"), ("individual_id", "individual")):
        ids = mine.get(key)
        if ids:
            for title in others.filter(**{f"{field}__in": ids}).values_list("title", flat=True)[
                :limit
            ]:
                blockers.append(
                    f"Mô hình “{title}” (không thuộc lần nhập này) dùng tập thể/cá nhân do lần nhập tạo ra."
                )
    if mine.get("village"):
        foreign = (
            DvkModel.places.through.objects.filter(unit_id__in=mine["village"])
            .exclude(dvkmodel_id__in=created_ids)
            .values_list("unit__name", flat=True)
        )
        for name in sorted(set(foreign))[:limit]:
            blockers.append(f"“{name}” do lần nhập này thêm đã được dùng cho mô hình khác.")
    if mine.get("decision"):
        foreign = Recipient.objects.filter(decision_id__in=mine["decision"]).exclude(
            id__in=mine.get("recipient", ())
        )
        if foreign.exists():
            blockers.append(
                "Quyết định khen thưởng do lần nhập tạo ra đã được ghi thêm người khác."
            )
    if mine.get("round"):
        foreign = Entry.objects.filter(round_id__in=mine["round"]).exclude(
            id__in=mine.get("entry", ())
        )
        if foreign.exists():
            blockers.append("Đợt bình xét do lần nhập tạo ra đã có hồ sơ khác.")
    if len(blockers) > limit:
        blockers = blockers[:limit] + [f"… và {len(blockers) - limit} lý do khác."]
    return blockers


class UndoRefused(Exception):
    def __init__(self, blockers):
        self.blockers = blockers
        super().__init__("Không thể hoàn tác: " + " ".join(blockers))


@transaction.atomic
def undo_batch(batch, *, user=None):
    """Remove what `batch` created and restore what it updated; refused with the reasons if
    anything was changed since."""
    ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()  # one undo at a time
    batch.refresh_from_db()
    blockers = undo_blockers(batch)
    if blockers:
        raise UndoRefused(blockers)
    mine = batch.created_objects or {}
    reason = f"Hoàn tác lần nhập tệp {batch.original_name} ngày {timezone.localtime(batch.applied_at):%d/%m/%Y}"
    records = list(batch.records.all())
    registry.restore_models(
        {
            r.model_id: r.before
            for r in records
            if r.action == RecordAction.UPDATED and r.model_id is not None
        },
        user=user,
        reason=reason,
    )
    created_models = [
        r.model_id for r in records if r.action == RecordAction.CREATED and r.model_id
    ]
    try:
        remove_past_results(mine)
        registry.remove_models(
            created_models,
            collective_ids=mine.get("collective", ()),
            individual_ids=mine.get("individual", ()),
        )
        Unit.objects.filter(id__in=mine.get("village", ())).delete()
    except ProtectedError as exc:
        raise UndoRefused(
            ["Một số mô hình của lần nhập này đã được dùng ở nơi khác nên không thể xóa."]
        ) from exc
    batch.status = BatchStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.undone_by = user
    batch.save(update_fields=["status", "undone_at", "undone_by"])
    return batch
