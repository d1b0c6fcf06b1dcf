"""Boring factories shared by the tests. Add app-specific ones in your own test module."""

import itertools

from models_registry.facts import refresh_place_facts
from models_registry.models import (
    Collective,
    CollectiveKind,
    DvkModel,
    Field,
    Individual,
    RegistrationType,
    Status,
)
from territory.models import Level, Unit

_seq = itertools.count(1)


def unit(code, current=False):
    """The unit with `code`: the pre-2025 one by default, the post-2025 one with current=True."""
    return Unit.objects.filter(code=code, valid_from__isnull=not current).get()


def village(name, current=False):
    """The village named `name`: the row under its pre-2025 commune by default, the row that
    carries it on under the successor commune from 1/7/2025 with current=True."""
    return Unit.objects.filter(level=Level.VILLAGE, name=name, valid_from__isnull=not current).get()


def owner_of(place):
    """The district of a pre-2025 commune or village; the commune itself after 2025."""
    commune = place.parent if place.level == Level.VILLAGE else place
    if commune.parent and commune.parent.level == Level.DISTRICT:
        return commune.parent, commune
    return commune, commune


def make_collective(place, name=None, kind=CollectiveKind.PARTY):
    return Collective.objects.create(
        name=name or f"Chi bộ thôn số {next(_seq)}", kind=kind, unit=place
    )


def make_individual(place, name=None, **extra):
    return Individual.objects.create(
        full_name=name or f"Nguyễn Văn {next(_seq)}", unit=place, **extra
    )


def make_model(
    place,
    *,
    title=None,
    year=2023,
    implementer=None,
    field_code="KT",
    status=Status.REGISTERED,
    registration_type=RegistrationType.NEW,
    places=None,
    criteria=(),
    **extra,
):
    """A model carried out at `place` (a commune or village), owned by its district."""
    owner, commune = owner_of(place)
    implementer = implementer or make_collective(commune)
    model = DvkModel(
        title=title or f"Vận động nhân dân xây dựng đường giao thông nông thôn số {next(_seq)}",
        year=year,
        field=Field.objects.get(code=field_code) if field_code else None,
        unit=owner,
        commune=commune,
        status=status,
        registration_type=registration_type,
        **extra,
    )
    if isinstance(implementer, Collective):
        model.collective = implementer
    else:
        model.individual = implementer
    model.save()
    model.places.set(places or [place])
    model.criteria.set(criteria)
    refresh_place_facts([model.pk])  # as the write functions do
    return model
