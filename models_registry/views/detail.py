"""A model's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from territory.place_lines import place_lines

from .. import page_panels, rules
from ..forms import AttachmentForm, ProgressForm
from ..history import change_history
from ..lineage import lineage
from ..models import DvkModel


@login_required
@require_GET
def model_detail(request, pk):
    user = request.user
    shown = rules.get_visible_model(user, pk, queryset=DvkModel.objects.for_detail())
    context = {
        "model": shown,
        "places": place_lines(shown.places.all()),
        "history": change_history(shown),
        "lineage": lineage(shown, user),
        "panels": page_panels.for_model(shown, user),
        "progress_form": ProgressForm(initial={"year": _next_progress_year(shown)}),
        "attachment_form": AttachmentForm(),
        "can_edit": rules.can_edit_model(user, shown),
        "can_delete": rules.can_delete_model(user, shown),
        "can_submit": rules.can_submit_model(user, shown),
        "can_withdraw": rules.can_withdraw_model(user, shown),
        "can_add_evidence": rules.can_add_evidence(user, shown),
    }
    return render(request, "models_registry/detail.html", context)


def _next_progress_year(model):
    years = [p.year for p in model.progress.all()]
    return max(years) + 1 if years else model.year
