"""Evidence files: upload, download, thumbnail, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts import audit
from accounts.models import AuditAction

from .. import rules, workflow
from ..attachments import safe_filename
from ..forms import AttachmentForm
from ..models import Attachment
from .editing import model_url


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
