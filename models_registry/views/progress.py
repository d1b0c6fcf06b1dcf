"""A model's yearly progress, added and edited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from .. import rules, workflow
from ..forms import ProgressForm
from ..models import YearlyProgress
from .editing import model_url


@login_required
def progress_add(request, pk):
    return _progress_form(request, pk, None)


@login_required
def progress_edit(request, pk, progress_id):
    return _progress_form(request, pk, progress_id)


def _progress_form(request, pk, progress_id):
    model = rules.get_visible_model(request.user, pk, for_change=True)
    rules.require(
        rules.can_add_evidence(request.user, model), "Không cập nhật được kết quả mô hình này."
    )
    progress = (
        get_object_or_404(YearlyProgress, pk=progress_id, model=model)
        if progress_id
        else YearlyProgress(model=model)
    )
    form = ProgressForm(request.POST or None, instance=progress)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.save_progress(
                form.save(commit=False),
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
                reason=form.cleaned_data.get("change_reason", ""),
            )
        except workflow.StaleEdit as error:
            form.add_error(None, error)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for err in errors:
                    form.add_error(name if name in form.fields else None, err)
        else:
            messages.success(request, f"Đã lưu kết quả năm {form.instance.year}.")
            return redirect(model_url(model) + "#ket-qua")
    return render(request, "models_registry/progress_form.html", {"model": model, "form": form})
