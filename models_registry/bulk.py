"""Models registered in bulk: the rows of a yearly list, registered on behalf of their
implementers, a whole file at a time (the importer writes them with COPY).

`save_model` (models_registry.workflow) registers one model from the form; this is its bulk
variant for data that is already checked and matched, with the same rule for what a
registered model must have (`missing_for_registration`): a complete row is registered, an
incomplete one is kept as a draft that the unit's officers complete in the form.
"""

from types import SimpleNamespace

from .models import Status
from .workflow import missing_for_registration


def registration(values, *, has_places):
    """(status, missing) for a model about to be written from `values` (Model field -> value):
    REGISTERED when complete, else DRAFT with the Vietnamese messages of what is missing."""
    model = SimpleNamespace(
        title=values.get("title"),
        collective_id=values.get("collective_id"),
        individual_id=values.get("individual_id"),
        field_id=values.get("field_id"),
        year=values.get("year"),
    )
    missing = missing_for_registration(model, [True] if has_places else [])
    return (Status.DRAFT if missing else Status.REGISTERED), missing


def new_model_values(values, *, user, has_places):
    """`values` completed as a new model's row: its status by the registration rule, its first
    version and who created it."""
    status, _missing = registration(values, has_places=has_places)
    return {
        **values,
        "status": status,
        "version": 1,
        "created_by_id": user.pk if user else None,
    }
