"""The public showcase of recognised and exemplary models (no login)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_POST, require_safe

from models_registry import rules, workflow
from models_registry.models import Attachment, AttachmentKind, Field, RecognitionLevel
from territory.models import Unit

from . import querysets
from .cards import cards, today_names

PER_PAGE = 20
# Browsers may keep a public photo this long.
PUBLIC_PHOTO_SECONDS = 300
# An anonymous visitor's browser (and the reverse proxy) may keep a showcase page this long, then
# asks again with its ETag and gets "304 Not Modified" (no body) while nothing changed: light on
# a slow link. Nothing is cached on the server: the page is made from the data each time.
PUBLIC_PAGE_SECONDS = 60


def public_for_anonymous(view):
    """Anonymous visitors get the showcase page as a public, briefly cacheable document with an
    ETag; a signed-in user's copy stays private like every other page (PrivatePagesMiddleware)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated or response.status_code != 200:
            return response
        patch_cache_control(response, public=True, max_age=PUBLIC_PAGE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return ConditionalGetMiddleware(lambda _request: response)(request)

    return wrapped


LEVEL_CHOICES = [
    (RecognitionLevel.DISTRICT, "Công nhận cấp huyện"),
    (RecognitionLevel.PROVINCE, "Công nhận cấp tỉnh"),
    (RecognitionLevel.CENTRAL, "Công nhận cấp Trung ương"),
    (querysets.EXEMPLARY, "Điển hình, tiêu biểu"),
]


@require_safe
@public_for_anonymous
def showcase_list(request):
    params = request.GET
    qs = querysets.for_cards(querysets.filtered(params)).order_by(
        "-recognition_year", "-is_exemplary", "-id"
    )
    page = Paginator(qs, PER_PAGE).get_page(params.get("trang"))
    fields = list(Field.objects.order_by("order", "code"))
    communes = list(Unit.objects.communes().current().order_by("name"))
    years = [
        y
        for y in querysets.public_models()
        .order_by("-recognition_year")
        .values_list("recognition_year", flat=True)
        .distinct()
        if y
    ]
    query = params.copy()
    query.pop("trang", None)
    return render(
        request,
        "showcase/list.html",
        {
            "cards": cards(page.object_list),
            "page": page,
            "query": query.urlencode(),
            "fields": fields,
            "communes": communes,
            "years": years,
            "levels": LEVEL_CHOICES,
            "chosen": {k: params.get(k, "") for k in ("nam", "linh_vuc", "xa", "cap", "q")},
            "by_field": _by_field(fields),
            "by_commune": _by_commune(),
        },
    )


@require_safe
@public_for_anonymous
def showcase_detail(request, pk):
    model = get_object_or_404(querysets.for_cards(querysets.public_models()), pk=pk)
    (card,) = cards([model], full=True)
    return render(
        request,
        "showcase/detail.html",
        {"card": card, "share_url": request.build_absolute_uri(request.path)},
    )


def _public_photo(pk, photo_id):
    model = get_object_or_404(querysets.public_models(), pk=pk)
    return get_object_or_404(querysets.public_photos(), pk=photo_id, model=model)


@require_safe
def photo(request, pk, photo_id):
    found = _public_photo(pk, photo_id)
    return _serve(request, found.file, found.content_type)


@require_safe
def thumbnail(request, pk, photo_id):
    photo = _public_photo(pk, photo_id)
    if not photo.thumbnail:
        raise Http404("Ảnh này không có ảnh thu nhỏ.")
    return _serve(request, photo.thumbnail, "image/jpeg")


@login_required
@require_POST
def photo_visibility(request, pk, photo_id):
    """The officer shows a photo of their model on the showcase, or takes it off (registry
    scope: outside the territory 404, read-only 403)."""
    model = rules.get_visible_model(request.user, pk, for_change=True)
    photo = get_object_or_404(Attachment, pk=photo_id, model=model, kind=AttachmentKind.PHOTO)
    public = request.POST.get("cong_khai") == "1"
    workflow.set_photo_public(photo, user=request.user, is_public=public)
    if public:
        messages.success(
            request, "Ảnh sẽ hiện trên trang mô hình điển hình khi mô hình được công nhận."
        )
    else:
        messages.success(request, "Ảnh không còn hiện trên trang công khai.")
    return redirect(f"/mo-hinh/{model.pk}/#tep")


def _serve(request, stored, content_type):
    """A public photo; an anonymous visitor's browser may keep it (signed in, it stays private
    like every page)."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Ảnh không còn trên máy chủ.") from exc
    response = FileResponse(handle, content_type=content_type)
    if not request.user.is_authenticated:
        response["Cache-Control"] = f"public, max-age={PUBLIC_PHOTO_SECONDS}"
    return response


def _by_field(fields):
    """Public models per top-level field (a sub-field counts under its parent)."""
    counts = querysets.counts_by("field_id")
    parent_of = {f.pk: f.parent_id or f.pk for f in fields}
    totals = {}
    for field_id, n in counts.items():
        top = parent_of.get(field_id)
        totals[top] = totals.get(top, 0) + n
    rows = [(f.name, totals[f.pk]) for f in fields if f.pk in totals]
    if None in totals:
        rows.append(("Chưa xác định lĩnh vực", totals[None]))
    return rows


def _by_commune():
    """Public models per commune, under today's name (a former commune's models count under
    the communes it became)."""
    counts = querysets.counts_by("commune_id")
    units = Unit.objects.filter(pk__in=[pk for pk in counts if pk]).select_related("parent")
    names = today_names(units)
    totals = {}
    for pk, n in counts.items():
        name = names[pk][0] if pk in names else "Chưa xác định xã"
        totals[name] = totals.get(name, 0) + n
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))
