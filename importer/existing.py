"""Matching a plan's rows against what the registry has: existing collectives and individuals,
existing models by the natural key (year, folded title, implementer, owner), and what an
update would change (`importer.changes`)."""

from models_registry.models import RECOGNITION_RANK, DvkModel, RecognitionLevel
from reviews.models import Entry, Recipient

from . import changes as changes_step
from .matching import (
    CHUNK,
)
from .rowplan import (
    COLLECTIVE,
    COMPARED,
    ERROR,
    INDIVIDUAL,
    SKIP,
    UPDATE,
)


def _match_implementers(plan):
    """Collectives and individuals already in the registry, by folded name within the owner."""
    lookups = plan.lookups
    wanted = {COLLECTIVE: set(), INDIVIDUAL: set()}
    for row in plan.rows:
        if row.implementer_key:
            wanted[row.implementer_type].add(row.implementer_key)
    lookups.load_implementers(wanted[COLLECTIVE], wanted[INDIVIDUAL])
    labels = {}  # the same implementers over and over: one label string each
    for row in plan.rows:
        if not row.implementer_key:
            continue
        individual = row.implementer_type == INDIVIDUAL
        if row.owner_id:
            pool = lookups.individuals if individual else lookups.collectives
            row.implementer_id = pool.get((row.implementer_key, row.owner_id))
        key = (row.implementer_name, individual, bool(row.implementer_id))
        label = labels.get(key)
        if label is None:
            what = "cá nhân" if individual else "tập thể"
            status = "đã có" if row.implementer_id else "sẽ tạo mới"
            label = labels[key] = f"{row.implementer_name} ({what}, {status})"
        row.implementer_label = label


def _snapshot_fields():
    return [
        "id",
        "version",
        "updated_at",
        "status",
        "unit_id",
        "commune_id",
        "search_text",
        *COMPARED,
    ]


_EXISTING_COLUMNS = (
    "id",
    "year",
    "title_key",
    "collective__search_name",
    "individual__search_name",
    "unit_id",
)


def _models_titled(years, titles):
    """(id, year, title_key, collective name, individual name, unit_id) of the models of
    `years` with one of `titles`, by id."""
    models = DvkModel.objects.filter(year__in=years).order_by("pk")
    if len(titles) > CHUNK and models.count() <= len(titles):
        # Fewer models in these years than titles in the file (a first import above all): one
        # query for them all costs less than one query per chunk of titles.
        wanted = set(titles)
        return [row for row in models.values_list(*_EXISTING_COLUMNS) if row[2] in wanted]
    # Only models with a title the file mentions (index model_year_title_idx), in chunks.
    found = []
    for start in range(0, len(titles), CHUNK):
        chunk = models.filter(title_key__in=titles[start : start + CHUNK])
        found.extend(chunk.values_list(*_EXISTING_COLUMNS))
    return found


def _match_existing(plan):
    """Natural key (year, folded title, implementer) -> existing model; same key twice in the
    file -> the second is a duplicate."""
    lookups = plan.lookups
    keys = {}
    wanted = sorted({(r.year, r.title_key) for r in plan.rows if r.action != ERROR})
    years = {year for year, _title in wanted}
    titles = sorted({title for _year, title in wanted})
    for pk, year, title_key, coll, indiv, unit_id in _models_titled(years, titles):
        kind = COLLECTIVE if coll is not None else INDIVIDUAL
        keys.setdefault((year, title_key, kind, coll or indiv, unit_id), pk)
    seen = {}
    matched = set()
    for row in plan.rows:
        if row.action == ERROR:
            continue
        key = row.natural_key
        if key in seen:
            row.action = SKIP
            row.duplicate_of = seen[key]
            row.warnings.append(
                f"trùng với dòng {seen[key]} (cùng năm, tên mô hình, người thực hiện)"
            )
            continue
        seen[key] = row.number
        row.model_id = keys.get(key)
        if row.model_id:
            matched.add(row.model_id)
    if not matched:
        return
    snapshots = {
        m["id"]: m for m in DvkModel.objects.filter(id__in=matched).values(*_snapshot_fields())
    }
    for model_id, unit_id in DvkModel.places.through.objects.filter(
        dvkmodel_id__in=matched
    ).values_list("dvkmodel_id", "unit_id"):
        snapshots[model_id].setdefault("place_ids", []).append(unit_id)
    entries = {
        (model_id, year, level)
        for model_id, year, level in Entry.objects.filter(model_id__in=matched).values_list(
            "model_id", "round__year", "round__level"
        )
    }
    recipients = {
        (model_id, issuer_id, number, when)
        for model_id, issuer_id, number, when in Recipient.objects.filter(
            model_id__in=matched
        ).values_list("model_id", "decision__issuer_id", "decision__number", "decision__date")
    }
    plan.snapshots = snapshots
    for row in plan.rows:
        if row.action == ERROR or not row.model_id:
            continue
        before = snapshots[row.model_id]
        before.setdefault("place_ids", [])
        _compare(row, before, lookups, entries, recipients, plan.overwrite)


def _compare(row, before, lookups, entries, recipients, overwrite):
    values = row.values
    backfill = row.backfill or {}
    # Recognition only ever goes up: an older list (or a re-export, which has no recognition
    # year) never adds history below what the model already has.
    level = backfill.get("level")
    new_exemplary = backfill.get("exemplary") and not before["is_exemplary"]
    if level and RECOGNITION_RANK[level] <= RECOGNITION_RANK[before["recognition_level"]]:
        values.pop("recognition_level", None)
        values.pop("recognition_year", None)
        if not new_exemplary:
            for key in ("level", "year", "exemplary"):
                backfill.pop(key, None)
    if not new_exemplary:
        values.pop("is_exemplary", None)
    row.diffs = changes_step.compare(row, before, lookups, COMPARED, overwrite=overwrite)
    changes = [diff["label"] for diff in row.diffs if diff["applied"]]
    if backfill:
        if "level" in backfill:
            round_level = "huyen" if backfill["level"] == RecognitionLevel.DISTRICT else "tinh"
            if (row.model_id, backfill["year"], round_level) in entries:
                for key in ("level", "year", "exemplary"):
                    backfill.pop(key, None)
        decision = backfill.get("decision")
        if (
            decision
            and (
                row.model_id,
                decision["issuer_id"],
                decision["number"],
                decision["date"],
            )
            in recipients
        ):
            backfill.pop("decision")
        if "level" in backfill or "decision" in backfill:
            changes.append("kết quả công nhận, khen thưởng")
    row.backfill = backfill if ("level" in backfill or "decision" in backfill) else None
    row.changes = changes
    row.action = UPDATE if changes else SKIP
