"""Every change of a registry record goes through one function here: it checks the rule, saves,
leaves a history row of the model (who, when, what: old → new, and the reason typed) and
returns. Views and the demo data call these. Changes outside the model's own columns (places,
criteria, evidence, yearly progress) are written on that row as `ChangeNotes`.

Review statuses (proposed, returned, recognised, …) belong to `reviews.workflow`.

`checks` (what a registration needs, scope, keeper unit, versions), `notes` (what a history row
says), `saving` (save a model, replication sources), `states` (submit, withdraw, delete),
`progress` (yearly progress), `evidence` (evidence files), `implementers` (collectives and
individuals created inline), `upkeep` (writes over many models at once).
"""

from .checks import (
    MISSING,
    AlreadySubmitted,
    StaleEdit,
    keeper_of,
    missing_for_registration,
    owner_and_commune,
)
from .evidence import add_attachment, delete_attachment, discard_files, set_photo_public
from .implementers import add_implementer
from .progress import PROGRESS_FIELDS, save_progress
from .saving import not_a_source_message, replication_sources, save_model
from .states import delete_draft, submit_draft, withdraw
from .upkeep import record_bulk_creation, refresh_search_text

__all__ = [
    "MISSING",
    "PROGRESS_FIELDS",
    "AlreadySubmitted",
    "StaleEdit",
    "add_attachment",
    "add_implementer",
    "delete_attachment",
    "delete_draft",
    "discard_files",
    "keeper_of",
    "missing_for_registration",
    "not_a_source_message",
    "owner_and_commune",
    "record_bulk_creation",
    "refresh_search_text",
    "replication_sources",
    "save_model",
    "save_progress",
    "set_photo_public",
    "submit_draft",
    "withdraw",
]
