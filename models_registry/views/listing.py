"""The list of models, its dependent unit choices and its Excel export."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import audit
from accounts.dated import opening_year
from accounts.models import AuditAction
from danvan import lookups  # noqa: F401 -- `id_in`
from danvan.paging import LargeListPaginator
from danvan.xlsx import workbook_response
from territory.models import Level, Unit
from territory.place_lines import place_lines_of

from .. import rules
from ..export import build_export
from ..filters import SORTS, STATUS_CHOICES, apply_filters, choice_lists, parse_filters
from ..models import DvkModel, ImplementerType, RecognitionLevel, RegistrationType

PAGE_SIZE = 25
# The list counts at most this many models (danvan.paging): past it, "hơn 10.000 mô hình".
COUNT_CAP = 10_000


def _in_scope(units, user):
    """Districts or communes of `units` in the user's scope (the id list read once per
    request, see User.scope_unit_ids), with what an option shows."""
    units = units.only("code", "name")
    return units if user.sees_everything else units.filter(pk__id_in=user.scope_unit_ids())


def _filter_units(user, filters):
    """Districts of the user's territory, and the communes offered under the chosen one."""
    districts = list(_in_scope(Unit.objects.districts(), user).order_by("name"))
    unit = filters.unit
    district = None
    if unit is not None:
        if unit.level == Level.DISTRICT:
            district = unit
        elif unit.level == Level.COMMUNE and unit.parent and unit.parent.level == Level.DISTRICT:
            district = unit.parent
        elif unit.level == Level.VILLAGE and unit.parent and unit.parent.parent:
            district = unit.parent.parent if unit.parent.parent.level == Level.DISTRICT else None
    return districts, district, commune_options(user, district)


def commune_options(user, district):
    """Communes of a district, or (no district) the communes formed on 1/7/2025."""
    communes = _in_scope(Unit.objects.communes(), user)
    if district is not None:
        return list(communes.filter(parent=district).order_by("name"))
    return list(communes.exclude(parent__level=Level.DISTRICT).current().order_by("name"))


@login_required
@require_GET
def model_list(request):
    user = request.user
    filters = parse_filters(request.GET, opening_year=opening_year(user))
    queryset = apply_filters(DvkModel.objects.for_list().visible_to(user), filters)
    paginator = LargeListPaginator(queryset, PAGE_SIZE, cap=COUNT_CAP)
    page = paginator.get_page(request.GET.get("trang"))
    districts, district, communes = _filter_units(user, filters)
    models = list(page.object_list)
    context = {
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        # Each model with its places named as today ("cũ; nay chia cho …").
        "rows": list(zip(models, place_lines_of(models), strict=True)),
        "filters": filters,
        "districts": districts,
        "selected_district": district,
        "communes": communes,
        "statuses": STATUS_CHOICES,
        "implementer_types": ImplementerType.choices,
        "registration_types": RegistrationType.choices,
        "recognition_levels": [c for c in RecognitionLevel.choices if c[0]],
        "sorts": [(key, label) for key, (_order, label) in SORTS.items()],
        "can_propose": rules.can_propose_models(user),
        "can_create": rules.can_change_models(user),
        **choice_lists(),
    }
    return render(request, "models_registry/list.html", context)


@login_required
@require_GET
def unit_options(request):
    """htmx: the commune select of the list filters for the chosen district (`don_vi`)."""
    code = request.GET.get("don_vi") or ""
    district = None
    if code:
        district = _in_scope(Unit.objects.districts(), request.user).filter(code=code).first()
    return render(
        request,
        "models_registry/list_body.html#commune_select",
        {"communes": commune_options(request.user, district), "filters": None},
    )


@login_required
@require_GET
def export(request):
    filters = parse_filters(request.GET, opening_year=opening_year(request.user))
    queryset = apply_filters(DvkModel.objects.for_export().visible_to(request.user), filters)
    user = request.user
    scope_label = user.unit.label() if user.unit_id and not user.sees_everything else ""
    workbook = build_export(queryset, filters, scope_label=scope_label)
    audit.record(
        request,
        AuditAction.EXPORT,
        f"Danh sách mô hình ({queryset.count()} dòng): ?{filters.querystring()}",
    )
    stem = "danh-sach-mo-hinh" + (f"-{filters.year}" if filters.year else "")
    return workbook_response(workbook, stem)
