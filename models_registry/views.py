"""Registry screens. Thin on purpose: objects come through `rules.get_visible_model` (404 outside
the user's territory, 403 when read-only) and every change goes through `workflow`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import audit
from accounts.dated import opening_year
from accounts.models import AuditAction
from danvan import once
from danvan.paging import LargeListPaginator
from danvan.xlsx import workbook_response
from territory.models import Level, Unit
from territory.place_lines import place_lines, place_lines_of

from . import page_panels, rules, workflow
from .attachments import safe_filename
from .export import build_export
from .filters import SORTS, STATUS_CHOICES, apply_filters, choice_lists, parse_filters
from .forms import (
    AttachmentForm,
    CollectiveForm,
    IndividualForm,
    NewModelEvidenceForm,
    ProgressForm,
    RegistryModelForm,
    WithdrawForm,
)
from .history import change_history
from .lineage import lineage
from .models import (
    Attachment,
    ImplementerType,
    Model,
    RecognitionLevel,
    RegistrationType,
    Status,
    YearlyProgress,
)

PAGE_SIZE = 25
# The list counts at most this many models (danvan.paging): past it, "hơn 10.000 mô hình".
COUNT_CAP = 10_000
ALREADY_SENT = "Biểu mẫu này đã được gửi; mô hình đã được tạo ở lần gửi trước."


# ---------------------------------------------------------------- list and export


def _in_scope(units, user):
    """Districts or communes of `units` in the user's scope (the id list read once per
    request, see User.scope_unit_ids)."""
    return units if user.sees_everything else units.filter(pk__in=user.scope_unit_ids())


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
    queryset = apply_filters(Model.objects.for_list().visible_to(user), filters)
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
    queryset = apply_filters(Model.objects.for_list().visible_to(request.user), filters)
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


# ---------------------------------------------------------------- detail


@login_required
@require_GET
def model_detail(request, pk):
    user = request.user
    model = rules.get_visible_model(user, pk)
    shown = Model.objects.for_detail().get(pk=model.pk)
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


# ---------------------------------------------------------------- create and edit


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
        evidence.ask_to_choose_again()
    else:
        form = RegistryModelForm(user=request.user)
        evidence = NewModelEvidenceForm()
    return _form_page(request, form, evidence=evidence)


def _save_with_evidence(request, form, evidence):
    """The new model and its (already checked) files in one transaction: all or nothing."""
    try:
        with transaction.atomic():
            model = _save_from_form(request, form)
            if model is None:
                return None
            for upload in evidence.cleaned_data["evidence"]:
                workflow.add_attachment(model, user=request.user, upload=upload)
            return model
    except ValidationError as error:  # storing a file failed after its check: nothing is kept
        evidence.add_error("evidence", error)
        return None


def _made_with_token(request):
    """The page of the model this form already made (from another session), if any."""
    token = once.posted_token(request)
    if token is None:
        return None
    made = Model.objects.visible_to(request.user).filter(form_token=token).first()
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
    return _form_page(request, form, model=Model.objects.get(pk=model.pk))


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


# ---------------------------------------------------------------- state changes


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


# ---------------------------------------------------------------- yearly progress


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


# ---------------------------------------------------------------- attachments


@login_required
@require_POST
def attachment_upload(request, pk):
    model = rules.get_visible_model(request.user, pk, for_change=True)
    rules.require(
        rules.can_add_evidence(request.user, model), "Không thêm được tệp cho mô hình này."
    )
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        # Each file on its own: one refused file (wrong content) does not lose the others.
        saved, refused = 0, []
        for upload in form.cleaned_data["file"]:
            try:
                workflow.add_attachment(
                    model,
                    user=request.user,
                    upload=upload,
                    caption=form.cleaned_data["caption"],
                    is_public=form.cleaned_data["is_public"],
                )
            except ValidationError as error:
                refused.append(f"“{upload.name}”: {' '.join(error.messages)}")
            else:
                saved += 1
        if not refused:
            messages.success(request, f"Đã tải lên {saved} tệp.")
            return redirect(model_url(model) + "#tep")
        if saved:
            messages.success(request, f"Đã tải lên {saved} tệp.")
        for problem in refused:
            form.add_error("file", problem)
    return render(
        request,
        "models_registry/attachment_form.html",
        {"model": model, "form": form},
        status=400,
    )


def _visible_attachment(request, pk, attachment_id):
    model = rules.get_visible_model(request.user, pk)
    return get_object_or_404(
        Attachment.objects.select_related("model"), pk=attachment_id, model=model
    )


@login_required
@require_GET
def attachment_download(request, pk, attachment_id):
    attachment = _visible_attachment(request, pk, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    is_photo = attachment.kind == "anh"
    if not is_photo:
        audit.record(request, AuditAction.DOWNLOAD, f"Mô hình {pk}: {attachment.original_name}")
    response = FileResponse(
        handle,
        as_attachment=not is_photo,
        filename=safe_filename(attachment.original_name),
        content_type=attachment.content_type,
    )
    return response


@login_required
@require_GET
def attachment_thumbnail(request, pk, attachment_id):
    attachment = _visible_attachment(request, pk, attachment_id)
    if not attachment.thumbnail:
        raise Http404("Tệp này không có ảnh thu nhỏ.")
    try:
        handle = attachment.thumbnail.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Ảnh thu nhỏ không còn trên máy chủ.") from exc
    return FileResponse(handle, content_type="image/jpeg")


@login_required
@require_POST
def attachment_delete(request, pk, attachment_id):
    model = rules.get_visible_model(request.user, pk, for_change=True)
    attachment = get_object_or_404(Attachment, pk=attachment_id, model=model)
    workflow.delete_attachment(attachment, user=request.user)
    messages.success(request, f"Đã xóa tệp “{attachment.original_name}”.")
    return redirect(model_url(model) + "#tep")


# ---------------------------------------------------------------- inline collective / individual

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
