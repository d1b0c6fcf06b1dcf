"""Models registered in bulk: the rows of a yearly list, registered on behalf of their
implementers (collectives and individuals added with them), a whole file at a time (the
importer writes them with COPY).

`save_model` (models_registry.workflow) registers one model from the form; this is its bulk
variant for data that is already checked and matched, with the same rule for what a
registered model must have (`missing_for_registration`): a complete row is registered, an
incomplete one is kept as a draft that the unit's officers complete in the form.
"""

from types import SimpleNamespace

from danvan.text import clean, fold

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


def new_collective_values(name, *, kind, unit_id):
    """A new collective's row, with the name cleaned and folded as Collective.save does."""
    name = clean(name)
    return {"name": name, "kind": kind, "unit_id": unit_id, "search_name": fold(name)}


def new_individual_values(full_name, *, gender, position, unit_id):
    """A new individual's row, with the name cleaned and folded as Individual.save does."""
    full_name = clean(full_name)
    return {
        "full_name": full_name,
        "gender": gender,
        "position": position,
        "unit_id": unit_id,
        "search_name": fold(full_name),
    }
