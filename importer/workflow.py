"""Applying a previewed file: one transaction, bulk writes (undoing a batch: importer.undo).

Every model, collective, individual and place link is written by the registry's bulk variants
of its workflow (models_registry.bulk), every round, entry, event and decision by the reviews'
(reviews.bulk): the importer turns its plan into their plain data and writes only its own
batch and records, and the villages a list is the first to name (`_new_villages`).

Speed: every lookup was loaded into dictionaries by the planner, so a 20,000-row file costs a
few dozen statements rather than 100,000. New rows and their history rows go in with COPY on
PostgreSQL (`danvan.bulkcopy`: ids reserved first, sent from a second thread while the next
rows are prepared).
"""

import hashlib
from collections import defaultdict
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from danvan.bulkcopy import COPY_ROWS, copy_writer, insert_plain
from models_registry import bulk as registry
from models_registry.facts import refresh_place_facts
from models_registry.models import (
    RecognitionLevel,
)
from models_registry.search import search_text
from notifications import events as notices
from reviews.bulk import PastResult, record_past_results
from territory.models import Level, Unit, kind_from_name

from .collector import without_collector
from .models import ImportBatch, ImportRecord, RecordAction
from .plan import CREATE, ERROR, INDIVIDUAL, UPDATE
from .text import fold
from .values import collective_kind


class ImportRefused(Exception):
    """The plan has errors and the caller did not ask to skip them."""


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


@without_collector
@transaction.atomic
def apply_plan(plan, *, data, user=None, skip_errors=False, default_year=None, district=None):
    """Apply a plan in one transaction; returns the ImportBatch. All or nothing; a plan without
    rows makes no batch."""
    if not plan.rows:
        raise ImportRefused("Tệp không có dòng dữ liệu nào: không có gì để nhập.")
    if plan.error_rows and not skip_errors:
        raise ImportRefused(
            f"Tệp còn {len(plan.error_rows)} dòng lỗi: sửa tệp rồi tải lại, "
            "hoặc chọn bỏ qua các dòng lỗi."
        )
    lookups = plan.lookups
    now = timezone.now()
    batch = ImportBatch(
        original_name=plan.filename[:255],
        sha256=sha256_of(data),
        size=len(data),
        created_by=user,
        applied_at=now,
        default_year=default_year,
        default_district_id=district.pk if district else plan.sender_id,
        rows_total=len(plan.rows),
        created_count=plan.count(CREATE),
        updated_count=plan.count(UPDATE),
        skipped_count=plan.count("skip"),
        error_count=plan.count(ERROR),
    )
    batch.file.save(plan.filename, ContentFile(data), save=False)
    batch.save()
    written = {"user": user, "reason": batch.change_reason, "now": now}
    created = defaultdict(list)
    rows = [r for r in plan.rows if r.action in (CREATE, UPDATE)]
    new_rows = [row for row in rows if row.action == CREATE]
    update_rows = [row for row in rows if row.action == UPDATE]

    _new_villages(rows, lookups, created)
    # Updated models first: then every row's version is known when the records are written.
    _update_models(update_rows, plan, lookups, written)
    # Every query the inserts need comes first: then the rows are written (on PostgreSQL from a
    # second thread) while the next ones are prepared.
    collectives, individuals = _new_implementers(new_rows, lookups)
    ids = registry.reserve(
        collectives=len(collectives), individuals=len(individuals), models=len(new_rows)
    )
    with copy_writer() as writer:
        implementers = {}
        for add, pairs, name in (
            (registry.add_collectives, collectives, "collective"),
            (registry.add_individuals, individuals, "individual"),
        ):
            made = add([values for _key, values in pairs], ids=ids[name], writer=writer, **written)
            for (key, _values), pk in zip(pairs, made, strict=True):
                implementers[key] = pk
                created[name].append(pk)

        # New models, registered a part at a time (the server writes one part while the next
        # is prepared).
        for start in range(0, len(new_rows), COPY_ROWS):
            part = new_rows[start : start + COPY_ROWS]
            part_ids = ids["model"][start : start + COPY_ROWS] if ids["model"] is not None else None
            listed = [(_new_model(row, lookups, implementers), row.place_ids) for row in part]
            part_ids, written_rows = registry.register_models(
                listed, ids=part_ids, writer=writer, **written
            )
            for row, pk, row_values in zip(part, part_ids, written_rows, strict=True):
                row.model_id = pk
                row.version_after = 1
                row.model_values = row_values

        insert_plain(
            ImportRecord,
            [
                {
                    "batch_id": batch.pk,
                    "model_id": row.model_id,
                    "action": RecordAction.CREATED
                    if row.action == CREATE
                    else RecordAction.UPDATED,
                    "sheet": row.sheet[:100],
                    "row_number": row.number,
                    "before": row.before if row.action == UPDATE else {},
                    "version_after": row.version_after,
                }
                for row in rows
            ],
            writer=writer,
        )

    _past_results(rows, lookups, user, batch.change_reason, created)
    # The statistics' rows of every model the list created or changed (after the COPY block,
    # when the rows are in the table).
    refresh_place_facts(row.model_id for row in rows)

    batch.created_objects = {key: ids for key, ids in created.items() if ids}
    batch.applied_at = timezone.now()
    batch.save(update_fields=["created_objects", "applied_at"])
    notices.import_finished(batch, user)
    return batch


def _new_villages(rows, lookups, created):
    """Add the villages the rows name and the portal did not know (one per commune and folded
    name), and put each in its rows' places instead of its commune. No national list of
    villages exists: a list is where a commune's villages are first written down."""
    wanted = {}
    for row in rows:
        for commune_id, name in row.new_villages:
            wanted.setdefault((commune_id, fold(name)), name)
    if not wanted:
        return
    communes = Unit.objects.in_bulk({commune_id for commune_id, _key in wanted})
    ids = {}
    for (commune_id, key), name in wanted.items():
        village = Unit.objects.create(
            name=name, kind=kind_from_name(name, Level.VILLAGE), parent=communes[commune_id]
        )
        ids[(commune_id, key)] = village.pk
        created["village"].append(village.pk)
        lookups.units[village.pk] = {
            "id": village.pk,
            "code": "",
            "name": village.name,
            "level": village.level,
            "parent_id": commune_id,
            "valid_from": None,
            "valid_until": None,
            "search_name": village.search_name,
        }
    for row in rows:
        for commune_id, name in row.new_villages:
            index = row.place_ids.index(commune_id)
            row.place_ids[index] = ids[(commune_id, fold(name))]


def _new_model(row, lookups, implementers):
    """The values of a new model (registered by models_registry.bulk.register_models)."""
    values = {
        "title": row.title,
        "year": row.year,
        "unit_id": row.owner_id,
        "commune_id": row.commune_id,
    }
    values.update(row.values)
    pk = (
        row.implementer_id
        or implementers[(row.implementer_type, row.implementer_key, row.owner_id)]
    )
    values["individual_id" if row.implementer_type == INDIVIDUAL else "collective_id"] = pk
    values["title_key"], values["search_text"] = _search_fields(row, lookups)
    return values


def _update_models(update_rows, plan, lookups, written):
    """The file's values for the matched models, saved by models_registry.bulk.update_models;
    each row keeps its model's before-image (for undo) and version after."""
    changes = []
    for row in update_rows:
        row.before = registry.before_image(plan.snapshots[row.model_id])
        title_key, search_text = _search_fields(row, lookups)
        change = registry.ListedChange(
            model_id=row.model_id,
            values=dict(row.values),
            title_key=title_key,
            search_text=search_text,
        )
        if row.place_ids and sorted(row.place_ids) != sorted(row.before["place_ids"]):
            change.place_ids = row.place_ids
            change.unit_id, change.commune_id = row.owner_id, row.commune_id
        changes.append(change)
    if not changes:
        return
    models = registry.update_models(changes, **written)
    for row in update_rows:
        model = models[row.model_id]
        row.model_values = {
            "title": model.title,
            "collective_id": model.collective_id,
            "individual_id": model.individual_id,
        }
        row.version_after = model.version


def _search_fields(row, lookups):
    """Same values as DvkModel.refresh_search_fields(place labels), without loading relations:
    the planner folded the title and the implementer already and each place label is folded
    once."""
    labels = [lookups.label(p) for p in row.place_ids]
    texts = [row.title, row.implementer_name, *labels]
    folded = [row.title_key, row.implementer_key, *(fold(label) for label in labels)]
    return row.title_key, search_text(texts, folded)


def _new_implementers(rows, lookups):
    """Collectives and individuals the file names that are not in the registry yet:
    ([(key, values)], [(key, values)])."""
    wanted = {}
    for row in rows:
        if row.action == CREATE and not row.implementer_id:
            key = (row.implementer_type, row.implementer_key, row.owner_id)
            if key not in wanted:
                unit_id = lookups.commune_of(row.place_ids[0]) if row.place_ids else row.owner_id
                wanted[key] = row, unit_id
    collectives, individuals = [], []
    for key, (row, unit_id) in wanted.items():
        if row.implementer_type == INDIVIDUAL:
            values = registry.new_individual_values(
                row.implementer_name,
                gender=row.implementer_gender,
                position=row.implementer_position,
                unit_id=unit_id,
            )
            individuals.append((key, values))
        else:
            values = registry.new_collective_values(
                row.implementer_name, kind=collective_kind(row.implementer_name), unit_id=unit_id
            )
            collectives.append((key, values))
    return collectives, individuals


# ---------------------------------------------------------------- historical results


def _province_at(lookups, when):
    for unit_id in lookups.province_ids:
        if lookups.valid_at(unit_id, when):
            return unit_id
    return lookups.province_ids[0]


def _past_results(rows, lookups, user, reason, created):
    """Recognition and commendation columns, recorded by reviews.bulk as closed historical
    rounds, entries, events, decisions and recipients."""
    results = []
    for row in rows:
        data = row.backfill
        if not data:
            continue
        model = row.model_values
        result = PastResult(
            model_id=row.model_id,
            title=model["title"],
            collective_id=model.get("collective_id"),
            individual_id=model.get("individual_id"),
            decision=data.get("decision"),
        )
        if "level" in data:
            if data["level"] == RecognitionLevel.DISTRICT:
                organiser = row.owner_id
            else:
                organiser = _province_at(lookups, date(data["year"], 12, 31))
            result.year = data["year"]
            result.level = data["level"]
            result.exemplary = bool(data.get("exemplary"))
            result.organiser_id = organiser
            result.organiser_name = lookups.name(organiser)
        results.append(result)
    made = record_past_results(results, user=user, reason=reason, issuers=lookups)
    for key, ids in made.items():
        created[key].extend(ids)
