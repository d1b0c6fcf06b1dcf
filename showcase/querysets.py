"""The public door to the registry: what anyone may see without logging in.

A model is public once a recognition of it has been *published* (reviews.workflow copies only
published outcomes onto the model: `recognition_level`, `is_exemplary`) and it is not, today,
a draft, returned for completion or withdrawn. Only these models, and only the photos their
officers marked public, leave the portal; everything a card shows is picked field by field in
`showcase.cards`, never the model itself.
"""

from django.db.models import Count, Prefetch, Q

from danvan.text import fold
from models_registry.models import (
    Attachment,
    AttachmentKind,
    DvkModel,
    RecognitionLevel,
    Status,
)

HIDDEN_STATUSES = (Status.DRAFT, Status.RETURNED, Status.WITHDRAWN)
EXEMPLARY = "dien_hinh"  # the level filter's extra choice: exemplary models at any level


def public_models():
    return DvkModel.objects.exclude(recognition_level=RecognitionLevel.NONE).exclude(
        status__in=HIDDEN_STATUSES
    )


def public_photos():
    return Attachment.objects.filter(is_public=True, kind=AttachmentKind.PHOTO)


def for_cards(queryset):
    """The list and the model page: implementer, field, commune, commendations and public
    photos in a fixed number of queries (the models, two prefetches)."""
    from reviews.models import Recipient

    return queryset.select_related(
        "collective", "individual", "field", "commune__parent"
    ).prefetch_related(
        Prefetch(
            "commendations",
            queryset=Recipient.objects.select_related("decision__issuer").order_by(
                "-decision__date", "id"
            ),
        ),
        Prefetch("attachments", queryset=public_photos(), to_attr="public_photos"),
    )


def search(queryset, text):
    """Every folded word must be in the title or, where the implementer may be named (a
    collective, or an individual who agreed), in the registry's folded search column (title,
    implementer, places). An individual who did not agree cannot be found by name."""
    for token in fold(text).split():
        nameable = Q(collective__isnull=False) | Q(individual_consents=True)
        queryset = queryset.filter(
            Q(title_key__contains=token) | (nameable & Q(search_text__contains=token))
        )
    return queryset


def filtered(params):
    """The public list's filters: năm (recognition year), linh_vuc, xa (today's commune, with
    the former communes it was formed from), cap (level, or exemplary), q."""
    from territory.models import Level, Unit

    qs = public_models()
    year = _int(params.get("nam"))
    if year:
        qs = qs.filter(recognition_year=year)
    field = _int(params.get("linh_vuc"))
    if field:
        qs = qs.filter(Q(field_id=field) | Q(field__parent_id=field))
    commune_id = _int(params.get("xa"))
    if commune_id:
        commune = Unit.objects.filter(pk=commune_id, level=Level.COMMUNE).first()
        qs = qs.in_territory(commune) if commune else qs.none()
    level = params.get("cap") or ""
    if level == EXEMPLARY:
        qs = qs.filter(is_exemplary=True)
    elif level in RecognitionLevel.values and level:
        qs = qs.filter(recognition_level=level)
    text = (params.get("q") or "").strip()
    if text:
        qs = search(qs, text)
    return qs


def counts_by(column):
    """Public models of the province grouped by one column (commune_id or field_id)."""
    return dict(
        public_models()
        .order_by()
        .values_list(column)
        .annotate(n=Count("pk"))
        .values_list(column, "n")
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
