"""Creating and editing a model, its form's places, and who carries it out created inline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from danvan import once

from .. import rules, workflow
from ..forms import CollectiveForm, IndividualForm, NewModelEvidenceForm, RegistryModelForm
from ..models import DvkModel, ImplementerType, Status

ALREADY_SENT = "Biểu mẫu này đã được gửi; mô hình đã được tạo ở lần gửi trước."


def _apply_workflow_errors(form, error):
    """Put the workflow's Vietnamese messages next to the matching form fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = {
            "implementer": "individual"
            if form.cleaned_data.get("implementer_type") == ImplementerType.INDIVIDUAL
            else "collective",
            "places": "communes",
        }.get(name, name)
        if target not in form.fields:
            target = None
        for err in errors:
            form.add_error(target, err)


def _save_from_form(request, form):
    """Run the workflow for a valid form; returns the saved model or None (errors on form)."""
    register = "dang_ky" in request.POST
    model = form.apply()
    try:
        return workflow.save_model(
            model,
            user=request.user,
            places=form.chosen_places(),
            criteria=form.cleaned_data.get("criteria"),
            register=register,
            expected_version=form.cleaned_data.get("version"),
            form_token=once.posted_token(request) if model.pk is None else None,
            reason=form.cleaned_data.get("change_reason", ""),
        )
    except workflow.StaleEdit as error:
        form.add_error(None, error)
    except ValidationError as error:
        _apply_workflow_errors(form, error)
    return None


def _form_page(request, form, model=None, evidence=None):
    return render(
        request,
        "models_registry/form.html",
        {
            "form": form,
            "evidence_form": evidence,
            "model": model,
            "places": form.places_context(),
            "criteria": form.criteria_context(),
            "collective_form_url": reverse("models_registry:collective_create"),
            "individual_form_url": reverse("models_registry:individual_create"),
            "form_token": request.POST.get(once.FIELD) or once.new_token(),
        },
    )


@login_required
def model_create(request):
    rules.require(
        rules.can_change_models(request.user),
        "Bạn chỉ được xem, không được thêm mô hình.",
        user=request.user,
    )
    if request.method == "POST":
        first_result = once.previous_result(request) or _made_with_token(request)
        if first_result:
            # A double click or a retry on a slow link: the model was created the first time.
            messages.info(request, ALREADY_SENT)
            return redirect(first_result)
        form = RegistryModelForm(request.POST, user=request.user)
        evidence = NewModelEvidenceForm(request.POST, request.FILES)
        if form.is_valid() and evidence.is_valid():
            try:
                model = _save_with_evidence(request, form, evidence)
            except workflow.AlreadySubmitted as sent:
                # The same form sent twice at once: the database let the first one through.
                messages.info(request, ALREADY_SENT)
                return redirect(model_url(sent.model))
            if model is not None:
                once.remember_result(request, model_url(model))
                message = _saved_message(model, created=True)
                if count := len(evidence.cleaned_data["evidence"]):
                    message += f" Đã lưu kèm {count} tệp minh chứng."
                messages.success(request, message)
                return redirect(model_url(model))
        elif made := _made_with_token(request):
            # The same form sent twice at once: the first committed while this one was being
            # checked (its "duplicate" is the model the first one made).
            messages.info(request, ALREADY_SENT)
            return redirect(made)
        evidence.ask_to_choose_again()
    else:
        form = RegistryModelForm(user=request.user)
        evidence = NewModelEvidenceForm()
    return _form_page(request, form, evidence=evidence)


def _save_with_evidence(request, form, evidence):
    """The new model and its (already checked) files in one transaction: all or nothing (the
    files already written for it are removed when the transaction is rolled back)."""
    stored = []
    try:
        with transaction.atomic():
            model = _save_from_form(request, form)
            if model is None:
                return None
            for upload in evidence.cleaned_data["evidence"]:
                stored.append(workflow.add_attachment(model, user=request.user, upload=upload))
            return model
    except BaseException as error:
        workflow.discard_files(stored)
        if not isinstance(error, ValidationError):
            raise
        # Storing a file failed after its check: nothing is kept.
        evidence.add_error("evidence", error)
        return None


def _made_with_token(request):
    """The page of the model this form already made (from another session), if any."""
    token = once.posted_token(request)
    if token is None:
        return None
    made = DvkModel.objects.visible_to(request.user).filter(form_token=token).first()
    return model_url(made) if made else None


@login_required
def model_edit(request, pk):
    model = rules.get_visible_model(request.user, pk, for_change=True)
    rules.require(
        rules.can_edit_model(request.user, model),
        f"Mô hình đang ở trạng thái “{model.get_status_display()}”, không sửa được.",
    )
    if request.method == "POST":
        form = RegistryModelForm(request.POST, instance=model, user=request.user)
        if form.is_valid():
            saved = _save_from_form(request, form)
            if saved is not None:
                messages.success(request, _saved_message(saved, created=False))
                return redirect(model_url(saved))
    else:
        form = RegistryModelForm(instance=model, user=request.user)
    return _form_page(request, form, model=DvkModel.objects.get(pk=model.pk))


def _saved_message(model, created):
    if model.status == Status.DRAFT:
        return "Đã lưu bản nháp. Khi đủ thông tin, bấm “Đăng ký” để gửi đăng ký mô hình."
    return "Đã thêm mô hình." if created else "Đã lưu thay đổi."


def model_url(model):
    return reverse("models_registry:detail", args=[model.pk])


@login_required
@require_GET
def form_places(request):
    """htmx: the year-dependent part of the model form (places and NTM criteria)."""
    rules.require(
        rules.can_change_models(request.user), "Bạn không được sửa mô hình.", user=request.user
    )
    form = RegistryModelForm(request.GET, user=request.user)
    return render(
        request,
        "models_registry/form.html#places_block",
        {"form": form, "places": form.places_context(), "criteria": form.criteria_context()},
    )


INLINE = {
    "collective": (CollectiveForm, "collective", "tập thể"),
    "individual": (IndividualForm, "individual", "cá nhân"),
}


def _inline_implementer(request, kind):
    rules.require(
        rules.can_change_models(request.user),
        "Bạn không được thêm tập thể, cá nhân.",
        user=request.user,
    )
    form_class, field_name, label = INLINE[kind]
    form = form_class(request.POST or None, user=request.user)
    context = {"inline_form": form, "kind": kind, "label": label, "post_url": request.path}
    if request.method == "POST" and form.is_valid():
        try:
            created = workflow.add_implementer(form.save(commit=False), user=request.user)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for err in errors:
                    form.add_error(name if name in form.fields else None, err)
        else:
            model_form = RegistryModelForm(
                user=request.user,
                initial={field_name: created.pk, "implementer_type": _type_of(kind)},
            )
            context.update(created=created, field=model_form[field_name], field_name=field_name)
            return render(request, "models_registry/partials/implementer_created.html", context)
    return render(request, "models_registry/partials/implementer_form.html", context)


def _type_of(kind):
    return ImplementerType.COLLECTIVE if kind == "collective" else ImplementerType.INDIVIDUAL


@login_required
def collective_create(request):
    return _inline_implementer(request, "collective")


@login_required
def individual_create(request):
    return _inline_implementer(request, "individual")
