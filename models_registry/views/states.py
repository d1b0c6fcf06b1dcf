"""Submitting, withdrawing and deleting a model."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import rules, workflow
from ..forms import WithdrawForm
from .editing import model_url


@login_required
@require_POST
def model_submit(request, pk):
    model = rules.get_visible_model(request.user, pk, for_change=True)
    try:
        workflow.submit_draft(model, user=request.user)
    except ValidationError as error:
        missing = "; ".join(m for msgs in error.message_dict.values() for m in msgs)
        messages.error(request, f"Chưa gửi đăng ký được: {missing}")
        return redirect("models_registry:edit", pk=model.pk)
    messages.success(request, "Đã đăng ký mô hình.")
    return redirect(model_url(model))


@login_required
def model_withdraw(request, pk):
    model = rules.get_visible_model(request.user, pk, for_change=True)
    rules.require(
        rules.can_withdraw_model(request.user, model),
        "Không rút được mô hình ở trạng thái này.",
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workflow.withdraw(model, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Đã rút mô hình. Hồ sơ vẫn được lưu giữ.")
        return redirect(model_url(model))
    return render(request, "models_registry/withdraw.html", {"model": model, "form": form})


@login_required
def model_delete(request, pk):
    model = rules.get_visible_model(request.user, pk, for_change=True)
    rules.require(rules.can_delete_model(request.user, model), "Chỉ xóa được bản nháp.")
    if request.method == "POST":
        title = model.title
        workflow.delete_draft(model, user=request.user)
        messages.success(request, f"Đã xóa bản nháp “{title}”.")
        return redirect("models_registry:list")
    return render(request, "models_registry/delete.html", {"model": model})
