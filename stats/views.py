from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.audit import record
from accounts.dated import opening_year, place_of, reporting_body
from accounts.models import AuditAction
from danvan.xlsx import report_date_line

from . import exports
from .figures import statistics
from .forms import StatsFilterForm, unit_options
from .sections import sections
from .territory import Period, territory_for

# What the charts draw, from the figures the page already has: embedded in the page (a JSON
# data block, which the Content-Security-Policy allows), not fetched again as ?format=json.
CHART_KEYS = {
    "by_year": ("year", "collective", "individual"),
    "by_field": ("name", "total"),
    # The label (a name with its dates): the old and the new Xã Bằng Thành are two bars.
    "by_subunit": ("label", "total", "recognised_district"),
    "funnel": ("label", "value"),
}


def chart_figures(stats):
    figures = {
        chart: [{key: row[key] for key in keys} for row in stats[chart]]
        for chart, keys in CHART_KEYS.items()
    }
    # The legend "Công nhận cấp huyện" / "cấp xã", as the tables name the local level.
    figures["local_level"] = stats["local_level"]
    return figures


@login_required
@require_safe
def index(request):
    """Sơ kết tables, coverage targets, NTM view and charts for a territory and a period;
    the same figures as JSON (?format=json) or as an Excel report (?format=xlsx)."""
    user = request.user
    output = request.GET.get("format", "")
    data = request.GET.copy()
    if not any(data.get(name) for name in ("nam", "tu_nam", "den_nam")):
        data["nam"] = str(opening_year(user))
    # The territory selector's options are read only when the form is drawn (not for JSON or
    # Excel).
    form = StatsFilterForm(data, unit_options=lambda: unit_options(user))
    if not form.is_valid():
        if output == "json":
            return JsonResponse({"errors": form.errors}, status=400)
        return render(request, "stats/index.html", {"form": form, "stats": None}, status=400)
    cleaned = form.cleaned_data
    period = Period(cleaned["start_year"], cleaned["end_year"])
    unit = territory_for(user, cleaned.get("don_vi"), period)
    criterion_set = request.GET.get("bo_tieu_chi")

    if output == "json":
        stats = statistics(user, unit, period, criterion_set)
        return JsonResponse(stats, json_dumps_params={"ensure_ascii": False})
    if output == "xlsx":
        stats = statistics(user, unit, period, criterion_set)
        record(
            request,
            AuditAction.EXPORT,
            f"Thống kê {unit.name} ({unit.code}), {period.label}, tệp Excel",
        )
        return exports.statistics_response(stats, unit, period)

    query = request.GET.copy()
    query["format"] = "xlsx"
    xlsx_url = f"{request.path}?{query.urlencode()}"
    stats = statistics(user, unit, period, criterion_set)
    return render(
        request,
        "stats/index.html",
        {
            "form": form,
            "stats": stats,
            "chart_figures": chart_figures(stats),
            "unit": unit,
            "period": period,
            "xlsx_url": xlsx_url,
            # Sections of sibling apps (stats.sections): each partial with its figures.
            "sections": [(section.TEMPLATE, stats[section.KEY]) for section in sections()],
            "kept_query": [
                (name, value)
                for name, value in request.GET.items()
                if name not in ("bo_tieu_chi", "format")
            ],
            # The printed report's header, date line and signature.
            "reporting_body": reporting_body(user),
            "place_date": report_date_line(place_of(unit)),
        },
    )
