"""Uploads waiting between the preview and the confirmation, and the plan made for them.

The uploaded file waits under MEDIA_ROOT/importer/pending/<token>.<suffix>; the plan the preview
made is kept in a table (`PendingPlan`, one row per waiting upload), so that turning the
preview's pages, the error-rows download and the confirmation do not read and match a large
file again.

A stored plan is used only while it still describes what importing would do. Its fingerprint
holds the file's SHA-256 and the choices made on the preview (year, district, column meanings,
overwriting, the importer's territory); the plan itself holds what it was made from
(`importer.existing.made_from`: the reference rows and the registry rows its names and titles
reached). Both are checked before the plan is used again: the fingerprint against the request,
the rows read again (a few queries, without the file) against the plan's. Any difference means
planning again, so a write elsewhere in the registry costs nothing and a change to a matched
model, an implementer, a place or a field is never imported past. The confirmation reads them
again inside the import's transaction, with the matched models locked (PostgreSQL) until it
ends. The plan is stored as JSON (`importer.planstore`), never pickled, and nothing is kept in
the process between requests: any worker serves any request. Plans of previews nobody
confirmed go with their files (`sweep`).
"""

import hashlib
import uuid
import zlib
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from territory.models import Unit

from . import access, planstore, workflow
from .existing import read_again
from .models import PendingPlan
from .plan import build_plan
from .reader import read_file

PENDING_DIR = "importer/pending"
# A preview left unconfirmed longer than this is abandoned: its file and plan are removed.
PENDING_MAX_AGE = timedelta(hours=24)
# Changed whenever Plan, RowPlan or SheetLayout change shape: older stored plans are then
# ignored.
PLAN_FORMAT = "danvan-import-plan 4"


def save(data, name, *, year=None, district=None):
    """Keep an uploaded file until it is confirmed; returns (token, pending). Uploads left
    waiting longer than PENDING_MAX_AGE (a preview nobody confirmed) are removed first."""
    sweep()
    token = uuid.uuid4().hex
    path = default_storage.save(
        f"{PENDING_DIR}/{token}{Path(name).suffix.lower()}", ContentFile(data)
    )
    pending = {
        "path": path,
        "name": Path(name).name[:255],
        "year": year,
        "district": district.pk if district else None,
    }
    return token, pending


def sweep(now=None):
    """Remove the waiting uploads and plans older than PENDING_MAX_AGE; returns how many files
    and plans went. Their sessions then find nothing ("đã hết phiên")."""
    now = now or timezone.now()
    removed, _kinds = PendingPlan.objects.filter(stored_at__lt=now - PENDING_MAX_AGE).delete()
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return removed
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if now - default_storage.get_modified_time(path) > PENDING_MAX_AGE:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue  # removed meanwhile by the import it belonged to
    return removed


def exists(pending):
    return default_storage.exists(pending["path"])


def discard(pending):
    """The upload and its stored plan, gone (after the import, or when it cannot be read)."""
    default_storage.delete(pending["path"])
    PendingPlan.objects.filter(upload=pending["path"]).delete()


def read(pending):
    with default_storage.open(pending["path"], "rb") as fh:
        return fh.read()


def district_of(pending):
    pk = pending.get("district")
    return Unit.objects.filter(pk=pk).first() if pk else None


def current_plan(pending, scope=None):
    """The plan of a waiting upload: the stored one while the data it was made from are
    unchanged, else a new one (stored for the next request). `scope`: where the importing
    user may import (importer.access). Raises UnreadableFile, NoTable."""
    data = read(pending)
    fingerprint = _fingerprint(pending, data, scope)
    plan = _load(pending, fingerprint)
    if plan is None:
        plan = _build(pending, data, district_of(pending), scope)
        _store(pending, plan, fingerprint)
    return plan


def confirm(pending, *, user=None, skip_errors=False, scope=None):
    """Import a waiting upload in one transaction with the preview's plan, or a new plan if
    the data changed since. Returns (batch, plan). Raises UnreadableFile, NoTable and
    workflow.ImportRefused (nothing saved)."""
    data = read(pending)
    district = district_of(pending)
    with transaction.atomic():
        plan = _load(pending, _fingerprint(pending, data, scope), lock=True)
        if plan is None:
            plan = _build(pending, data, district, scope)
        batch = workflow.apply_plan(
            plan,
            data=data,
            user=user,
            skip_errors=skip_errors,
            default_year=pending.get("year"),
            district=district,
        )
    return batch, plan


# ---------------------------------------------------------------- internals


def _build(pending, data, district, scope):
    sheets = read_file(data, pending["name"])
    return build_plan(
        sheets,
        filename=pending["name"],
        default_year=pending.get("year"),
        default_district=district,
        mapping=pending.get("mapping"),
        overwrite=bool(pending.get("overwrite")),
        scope=scope,
    )


def _fingerprint(pending, data, scope):
    return {
        "format": PLAN_FORMAT,
        "sha256": hashlib.sha256(data).hexdigest(),
        "name": pending["name"],
        "year": pending.get("year"),
        "district": pending.get("district"),
        "mapping": pending.get("mapping") or {},
        "overwrite": bool(pending.get("overwrite")),
        "scope": access.fingerprint(scope),
    }


def _store(pending, plan, fingerprint):
    try:
        with transaction.atomic():
            PendingPlan.objects.update_or_create(
                upload=pending["path"],
                defaults={"fingerprint": fingerprint, "plan": planstore.pack(plan)},
            )
    except IntegrityError:
        pass  # another request stored one meanwhile: it is checked like this one would be


def _load(pending, fingerprint, lock=False):
    """The stored plan if it was made for exactly this file and these defaults, from the data
    there are now; else None. `lock`: see existing.read_again."""
    stored = (
        PendingPlan.objects.filter(upload=pending["path"])
        .values_list("fingerprint", "plan")
        .first()
    )
    if stored is None or stored[0] != fingerprint:
        return None
    try:
        plan = planstore.unpack(stored[1])
    except (ValueError, KeyError, TypeError, zlib.error):
        return None  # made by another version of the code: plan again
    return plan if read_again(plan, lock=lock) == plan.made_from else None
