"""Uploads waiting between the preview and the confirmation, and the plan made for them.

The uploaded file waits under MEDIA_ROOT/importer/pending/<token>.<suffix>; the plan the preview
made is stored beside it (<token>.<suffix>.plan), so that turning the preview's pages, the
error-rows download and the confirmation do not read and match a large file again.

A stored plan is used only while it still describes what importing would do: it records the
data version (`stats.dataversion.current_version`, changed by every write to the registry, the
reviews and the territory) read before planning, the file's SHA-256 and the year and district
asked on the preview, and any difference means planning again. The confirmation compares the
version with its row locked, inside the import's transaction, so no write can slip in between
the check and the import. The stored plan is signed with the site's secret key and is read
back only when the signature matches. The plan is stored as JSON (`importer.planstore`), never
pickled, and nothing is kept in the process between requests: any worker serves any request.
"""

import hashlib
import json
import uuid
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from stats.dataversion import current_version
from stats.models import DataVersion
from territory.models import Unit

from . import access, planstore, workflow
from .collector import collector_paused
from .plan import build_plan
from .reader import read_file

PENDING_DIR = "importer/pending"
# A preview left unconfirmed longer than this is abandoned: its file and plan are removed.
PENDING_MAX_AGE = timedelta(hours=24)
PLAN_SUFFIX = ".plan"
# Changed whenever Plan, RowPlan or SheetLayout change shape: older stored plans are then
# ignored.
PLAN_FORMAT = "danvan-import-plan 3"
SIGNING_SALT = "importer.uploads.plan"


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
    went. Their sessions then find nothing ("đã hết phiên")."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    removed = 0
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
    for name in (pending["path"], _plan_name(pending)):
        default_storage.delete(name)


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
    with collector_paused():
        # Read before planning: a write during planning makes the stored plan look older than
        # it is (planned again later), never newer.
        fingerprint = _fingerprint(pending, data, current_version(), scope)
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
    with collector_paused(), transaction.atomic():
        fingerprint = _fingerprint(pending, data, _locked_version(), scope)
        plan = _load(pending, fingerprint)
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


def _locked_version():
    """The data version with its row locked until the transaction ends (writers queue on that
    row from their first write anyway, so this only takes the lock a moment earlier)."""
    list(DataVersion.objects.select_for_update().filter(pk=1).values_list("pk", flat=True))
    return current_version()


def _fingerprint(pending, data, version, scope):
    return {
        "format": PLAN_FORMAT,
        "version": version,
        "sha256": hashlib.sha256(data).hexdigest(),
        "name": pending["name"],
        "year": pending.get("year"),
        "district": pending.get("district"),
        "mapping": pending.get("mapping") or {},
        "overwrite": bool(pending.get("overwrite")),
        "scope": access.fingerprint(scope),
    }


def _plan_name(pending):
    return pending["path"] + PLAN_SUFFIX


def _signature(header, payload):
    return salted_hmac(SIGNING_SALT, header + payload, algorithm="sha256").hexdigest()


def _store(pending, plan, fingerprint):
    header = json.dumps(fingerprint, sort_keys=True).encode()
    payload = planstore.dumps(plan).encode()
    content = b"\n".join([_signature(header, payload).encode(), header, payload])
    name = _plan_name(pending)
    try:
        default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(content))
    except OSError:
        return  # not stored (disk full…): the confirmation plans again
    if saved != name:  # another request stored one meanwhile: keep neither, plan again later
        default_storage.delete(saved)


def _load(pending, fingerprint):
    """The stored plan if it was made for exactly this file, these defaults and this data
    version, and is signed by this site; else None."""
    name = _plan_name(pending)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as fh:
        content = fh.read()
    signature, _, rest = content.partition(b"\n")
    header, _, payload = rest.partition(b"\n")
    try:
        stored = json.loads(header)
    except ValueError:
        return None
    if stored != fingerprint:
        return None
    if not constant_time_compare(signature.decode("ascii", "replace"), _signature(header, payload)):
        return None
    try:
        return planstore.loads(payload)
    except (ValueError, KeyError, TypeError):
        return None  # made by another version of the code: plan again
