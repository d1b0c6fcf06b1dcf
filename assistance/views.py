from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import exports, rules, workflow
from .forms import ActivityForm, AssignmentForm
from .report import yearly_report, years


def _year(request):
    try:
        return int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
@require_safe
def index(request):
    """The yearly report, scoped to the user's territory; ?format=json or ?format=xlsx."""
    year = _year(request)
    report = yearly_report(year, rules.visible_communes(request.user))
    fmt = request.GET.get("format")
    if fmt == "json":
        return JsonResponse(exports.as_json(report), json_dumps_params={"ensure_ascii": False})
    if fmt == "xlsx":
        return exports.as_workbook(report)
    return render(
        request,
        "assistance/index.html",
        {
            "report": report,
            "figures": exports.as_json(report),
            "years": sorted(set(years()) | {year}, reverse=True),
            "can_edit": rules.can_edit(request.user),
        },
    )


def _form_page(request, form_class, save, title, **form_kwargs):
    rules.require_edit(request.user)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            form.add_error(None, "; ".join(error.messages))
        else:
            messages.success(request, f"Đã lưu {saved}.")
            return redirect("assistance:index")
    return render(request, "assistance/form.html", {"form": form, "title": title})


@login_required
def assignment_create(request):
    return _form_page(
        request,
        AssignmentForm,
        lambda form: workflow.save_assignment(form.save(commit=False), user=request.user),
        "Phân công cơ quan giúp đỡ xã",
    )


@login_required
def activity_create(request):
    return _form_page(
        request,
        ActivityForm,
        lambda form: workflow.save_activity(
            form.save(commit=False),
            user=request.user,
            models=form.cleaned_data["model_numbers"],
        ),
        "Ghi nhận hoạt động giúp đỡ",
        user=request.user,
    )
