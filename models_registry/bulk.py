"""Models registered in bulk: the rows of a yearly list, registered on behalf of their
implementers (collectives and individuals added with them), a whole file at a time, and the
same rows updated from a corrected list or taken back when the list is undone.

`save_model` (models_registry.workflow) registers one model from the form; these are its bulk
variants for data that is already checked and matched, with the same rule for what a
registered model must have (`missing_for_registration`): a complete row is registered, an
incomplete one is kept as a draft that the unit's officers complete in the form. Every row
written here gets its history row (who, when, why), as a save through the form does.

The rows go in with COPY on PostgreSQL (`danvan.bulkcopy`): the callers reserve the ids first
(`reserve`) and pass a `copy_writer`, which sends the rows from a second thread while the next
ones are prepared; no query may run on the connection until the writer's block has ended.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from simple_history.utils import bulk_update_with_history

from danvan.bulkcopy import insert, insert_plain, reserve_ids
from danvan.text import clean, fold

from .facts import refresh_place_facts
from .models import Collective, DvkModel, Individual, Status
from .workflow import missing_for_registration

BATCH_SIZE = 2000
# What a corrected list may change on a model (the importer compares the same fields), and
# what putting a model back restores besides them.
LISTED_FIELDS = [
    "title",
    "field_id",
    "registration_type",
    "start_date",
    "end_date",
    "results",
    "note",
    "recognition_level",
    "recognition_year",
    "is_exemplary",
    "households_mobilised",
    "money_contributed",
    "workdays_contributed",
    "land_donated_m2",
    "people_mobilised",
]
RESTORED_FIELDS = [
    *LISTED_FIELDS,
    "status",
    "unit_id",
    "commune_id",
    "title_key",
    "search_text",
    "version",
    "updated_at",
]


def registration(values, *, has_places):
    """(status, missing) for a model about to be written from `values` (DvkModel field -> value):
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


# ---------------------------------------------------------------- writing


def reserve(*, collectives=0, individuals=0, models=0):
    """Ids for the rows about to be written, from the tables' sequences, before a
    `copy_writer` starts: {"collective": [...], "individual": [...], "model": [...]}, or None
    values off PostgreSQL (where the inserts get them back from the database)."""
    return {
        "collective": reserve_ids(Collective, collectives),
        "individual": reserve_ids(Individual, individuals),
        "model": reserve_ids(DvkModel, models),
    }


def add_collectives(values, *, user, reason, now, ids=None, writer=None):
    """Insert collectives (`new_collective_values` rows) with their history rows; their ids."""
    history = {"user": user, "reason": reason}
    return insert(Collective, values, now=now, history=history, ids=ids, writer=writer)


def add_individuals(values, *, user, reason, now, ids=None, writer=None):
    """Insert individuals (`new_individual_values` rows) with their history rows; their ids."""
    history = {"user": user, "reason": reason}
    return insert(Individual, values, now=now, history=history, ids=ids, writer=writer)


def register_models(models, *, user, reason, now, ids=None, writer=None):
    """Register listed models: `models` is [(values, place_ids)], values being DvkModel field ->
    value (attnames). Each row gets its status by the registration rule, its first version,
    its history row and its place links. Returns (ids, the rows as written)."""
    rows = [
        new_model_values(values, user=user, has_places=bool(place_ids))
        for values, place_ids in models
    ]
    history = {"user": user, "reason": reason}
    ids = insert(DvkModel, rows, now=now, history=history, ids=ids, writer=writer)
    links = [
        {"dvkmodel_id": pk, "unit_id": unit_id}
        for pk, (_values, place_ids) in zip(ids, models, strict=True)
        for unit_id in dict.fromkeys(place_ids)
    ]
    insert_plain(DvkModel.places.through, links, writer=writer)
    return ids, rows


@dataclass
class ListedChange:
    """What a corrected list changes on a registered model: `values` (LISTED_FIELDS attnames
    -> value), the folded search fields, and its places (with its owner unit and commune) when
    they change, else None."""

    model_id: int
    values: dict
    title_key: str
    search_text: str
    place_ids: list | None = None
    unit_id: int | None = None
    commune_id: int | None = None


def update_models(changes, *, user, reason, now):
    """Apply `changes` (ListedChange), each model one version further, with its history row;
    returns the saved models by id."""
    models = DvkModel.objects.in_bulk([c.model_id for c in changes])
    fields = {"title_key", "search_text", "version", "updated_at"}
    moved = {}
    for change in changes:
        model = models[change.model_id]
        for name, value in change.values.items():
            if name not in LISTED_FIELDS:
                raise ValueError(f"A list does not change {name}.")
            setattr(model, name, value)
            fields.add(name)
        if change.place_ids is not None:
            moved[model.pk] = change.place_ids
            model.unit_id, model.commune_id = change.unit_id, change.commune_id
            fields |= {"unit_id", "commune_id"}
        model.title_key, model.search_text = change.title_key, change.search_text
        model.version += 1
        model.updated_at = now
    _set_places(moved)
    _save_with_history(list(models.values()), fields, user, reason)
    return models


def restore_models(images, *, user, reason):
    """Put models back exactly as `images` (model id -> `before_image`) say they were, version
    and time included: an edit form opened before the change is valid again, one opened after
    it is refused as stale, and an earlier change can be taken back in turn."""
    models = DvkModel.objects.in_bulk(list(images))
    for pk, model in models.items():
        image = images[pk]
        for name in RESTORED_FIELDS:
            value = image.get(name)
            if name in ("start_date", "end_date") and value:
                value = date.fromisoformat(value)
            elif name == "land_donated_m2" and value is not None:
                value = Decimal(value)
            elif name == "updated_at":
                value = datetime.fromisoformat(value)
            elif name == "search_text":
                value = value or ""
            setattr(model, name, value)
        model.title_key = fold(model.title)
    _set_places({pk: images[pk].get("place_ids", []) for pk in models})
    _save_with_history(list(models.values()), set(RESTORED_FIELDS), user, reason)
    refresh_place_facts(list(models))
    return models


def before_image(values):
    """A model's row (RESTORED_FIELDS and "place_ids" -> value) as JSON-ready data, for
    `restore_models`: dates and times in ISO form, the land in m² as text."""
    image = {}
    for key, value in values.items():
        if isinstance(value, datetime | date):
            image[key] = value.isoformat()
        elif isinstance(value, Decimal):
            image[key] = str(value)
        else:
            image[key] = value
    return image


def remove_models(model_ids, *, collective_ids=(), individual_ids=()):
    """Delete listed models and the implementers added with them (raises ProtectedError when
    something else refers to them)."""
    DvkModel.objects.filter(id__in=model_ids).delete()
    Collective.objects.filter(id__in=collective_ids).delete()
    Individual.objects.filter(id__in=individual_ids).delete()


def _set_places(places):
    """Replace the place links of the models in `places` (model id -> unit ids)."""
    if not places:
        return
    through = DvkModel.places.through
    through.objects.filter(dvkmodel_id__in=list(places)).delete()
    links = [
        through(dvkmodel_id=pk, unit_id=unit_id)
        for pk, unit_ids in places.items()
        for unit_id in dict.fromkeys(unit_ids)
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)


def _save_with_history(models, fields, user, reason):
    if not models:
        return
    bulk_update_with_history(
        models,
        DvkModel,
        sorted(f.removesuffix("_id") for f in fields),
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=reason,
    )
