"""What a public card shows, picked field by field from a model (never the model itself, so a
template cannot reach a score, a reason, a note or an individual's details)."""

from dataclasses import dataclass, field

from models_registry.models import ImplementerType

# An individual who did not agree to be named on the public pages.
UNNAMED_INDIVIDUAL = "Cá nhân (không công khai họ tên)"
SUMMARY_LENGTH = 280


@dataclass
class Card:
    pk: int
    title: str
    implementer: str
    implementer_kind: str
    commune: str
    former_commune: str
    field: str
    year: int
    recognition: str
    recognition_year: int | None
    is_exemplary: bool
    replication_recommended: bool
    results: str
    summary: str
    commendations: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    figures: list = field(default_factory=list)


def today_names(communes):
    """{commune id: (today's name, former name or "")} for the given communes.

    A current commune is its own name. A former one (merged in 2019-2020 or on 1/7/2025) is
    named by its current successors (`Unit.objects.current_successor_names`, one query for
    the whole page), with its old name beside."""
    from territory.models import Unit

    names = {}
    former = {}
    for commune in communes:
        if commune is None or commune.pk in names or commune.pk in former:
            continue
        if commune.is_current:
            names[commune.pk] = (commune.name, "")
        else:
            former[commune.pk] = commune
    if not former:
        return names
    successors = Unit.objects.current_successor_names(former.values())
    for pk, commune in former.items():
        old = commune.label()
        names[pk] = (", ".join(successors[pk]), old) if pk in successors else (old, "")
    return names


def card(model, names, *, full=False):
    today, former = names.get(model.commune_id, ("", ""))
    if model.implementer_type == ImplementerType.COLLECTIVE:
        implementer = model.collective.name
    elif model.individual_consents:
        implementer = model.individual.full_name
    else:
        implementer = UNNAMED_INDIVIDUAL
    results = model.results or ""
    summary = (
        results
        if len(results) <= SUMMARY_LENGTH
        else results[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
    )
    return Card(
        pk=model.pk,
        title=model.title,
        implementer=implementer,
        implementer_kind=ImplementerType(model.implementer_type).label,
        commune=today,
        former_commune=former,
        field=model.field.name if model.field_id else "",
        year=model.year,
        recognition=model.get_recognition_level_display(),
        recognition_year=model.recognition_year,
        is_exemplary=model.is_exemplary,
        replication_recommended=model.replication_recommended,
        results=results if full else "",
        summary=summary,
        commendations=[_commendation(r) for r in model.commendations.all()],
        photos=[(p.pk, p.caption) for p in model.public_photos if p.thumbnail or full],
        figures=_figures(model) if full else [],
    )


def cards(models, *, full=False):
    models = list(models)
    names = today_names(m.commune for m in models)
    return [card(m, names, full=full) for m in models]


def _commendation(recipient):
    decision = recipient.decision
    return (
        f"{decision.get_form_display()} của {decision.issuer.name} "
        f"(Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y})"
    )


def _figures(model):
    from django.contrib.humanize.templatetags.humanize import intcomma

    figures = []
    if model.households_mobilised:
        figures.append(("Số hộ được vận động", intcomma(model.households_mobilised)))
    if model.land_donated_m2:
        figures.append(("Đất hiến (m²)", intcomma(model.land_donated_m2)))
    if model.money_contributed:
        figures.append(("Tiền đóng góp (đồng)", intcomma(model.money_contributed)))
    if model.workdays_contributed:
        figures.append(("Ngày công đóng góp", intcomma(model.workdays_contributed)))
    return figures
