from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.audit import record
from accounts.models import AuditAction

from . import exports
from .forms import StatsFilterForm, unit_options
from .queries import Period, cached_statistics, territory_for


@login_required
@require_safe
def index(request):
    """Sơ kết tables, coverage targets, NTM view and charts for a territory and a period;
    the same figures as JSON (?format=json) or as an Excel report (?format=xlsx)."""
    output = request.GET.get("format", "")
    options = unit_options(request.user) if output == "" else ()
    data = request.GET.copy()
    if not any(data.get(name) for name in ("nam", "tu_nam", "den_nam")):
        data["nam"] = str(timezone.localdate().year)
    form = StatsFilterForm(data, unit_options=options)
    if not form.is_valid():
        if output == "json":
            return JsonResponse({"errors": form.errors}, status=400)
        return render(request, "stats/index.html", {"form": form, "stats": None}, status=400)
    cleaned = form.cleaned_data
    period = Period(cleaned["start_year"], cleaned["end_year"])
    unit = territory_for(request.user, cleaned.get("don_vi"), period)
    stats = cached_statistics(request.user, unit, period, request.GET.get("bo_tieu_chi"))

    if output == "json":
        return JsonResponse(stats, json_dumps_params={"ensure_ascii": False})
    if output == "xlsx":
        record(
            request,
            AuditAction.EXPORT,
            f"Thống kê {unit.name} ({unit.code}), {period.label}, tệp Excel",
        )
        return exports.statistics_response(stats, unit, period)

    query = request.GET.copy()
    query["format"] = "json"
    json_url = f"{request.path}?{query.urlencode()}"
    query["format"] = "xlsx"
    xlsx_url = f"{request.path}?{query.urlencode()}"
    return render(
        request,
        "stats/index.html",
        {
            "form": form,
            "stats": stats,
            "unit": unit,
            "period": period,
            "json_url": json_url,
            "xlsx_url": xlsx_url,
        },
    )
