"""Upload → preview (saves nothing) → confirm (one transaction) → batches with undo.

Administrators for any unit, local officers for their own territory (importer.access);
reviewers get 403, anonymous visitors the login page; a batch outside the officer's territory
is a 404 (`ImportBatch.objects.visible_to`).
The uploaded file (and the plan its preview made) waits under MEDIA_ROOT/importer/pending/
between preview and confirm (`importer.uploads`); its token lives in the uploader's session, so
nobody else can confirm it.
"""

from functools import wraps
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.audit import record
from accounts.dated import refusal
from accounts.models import AuditAction
from danvan.xlsx import workbook_response
from territory.models import Unit

from . import access, undo, uploads, workflow
from . import mapping as mapping_step
from .columns import MEANING_CHOICES
from .exports import error_rows_workbook, template_workbook
from .forms import ConfirmForm, DefaultsForm, UploadForm
from .models import ImportBatch
from .plan import ERROR, NoTable
from .reader import UnreadableFile

PREVIEW_PAGE_SIZE = 100
MAPPING_STEP = "ghep-cot"
COLUMN_KEYS = {key for key, _label in MEANING_CHOICES}
SESSION_KEY = "importer_pending"


def importer_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.may_import(request.user):
            raise PermissionDenied(
                refusal(
                    request.user,
                    "Chỉ quản trị viên và cán bộ cấp huyện, cấp xã được nhập dữ liệu từ tệp.",
                )
            )
        return view(request, *args, **kwargs)

    return wrapped


def _sender(user, chosen):
    """The unit a list is sent for: a local officer's own unit, else the one chosen."""
    if not user.is_administrator:
        return user.unit
    return chosen


# ---------------------------------------------------------------- pending uploads


def _pending(request, token):
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or not uploads.exists(pending):
        raise Http404("Không tìm thấy tệp đang chờ nhập (có thể đã nhập hoặc đã hết phiên).")
    return pending


def _save_pending(request, pending, token):
    store = request.session.get(SESSION_KEY, {})
    store[token] = pending
    request.session[SESSION_KEY] = store


def _drop_pending(request, token):
    store = request.session.get(SESSION_KEY, {})
    pending = store.pop(token, None)
    request.session[SESSION_KEY] = store
    if pending:
        uploads.discard(pending)


# ---------------------------------------------------------------- views


@importer_required
def index(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            token, pending = uploads.save(
                form.data_bytes,
                form.cleaned_data["file"].name,
                year=form.cleaned_data["year"],
                district=_sender(request.user, form.cleaned_data.get("district")),
            )
            pending["overwrite"] = form.cleaned_data["overwrite"]
            _save_pending(request, pending, token)
            return redirect("importer:preview", token=token)
    else:
        form = UploadForm(user=request.user)
    recent = ImportBatch.objects.visible_to(request.user).for_list()[:5]
    return render(request, "importer/index.html", {"form": form, "recent": recent})


@importer_required
def preview(request, token):
    pending = _pending(request, token)
    if request.method == "POST" and request.POST.get("buoc") == MAPPING_STEP:
        return _choose_mapping(request, token, pending)
    if request.method == "POST":
        defaults = DefaultsForm(request.POST, user=request.user)
        if defaults.is_valid():
            district = _sender(request.user, defaults.cleaned_data.get("district"))
            pending["year"] = defaults.cleaned_data["year"]
            pending["district"] = district.pk if district else None
            pending["overwrite"] = defaults.cleaned_data["overwrite"]
            _save_pending(request, pending, token)
            return redirect("importer:preview", token=token)
    else:
        defaults = DefaultsForm(
            user=request.user,
            initial={
                "year": pending.get("year"),
                "district": pending.get("district"),
                "overwrite": pending.get("overwrite", False),
            },
        )
    try:
        plan = uploads.current_plan(pending, access.scope_of(request.user))
    except (UnreadableFile, NoTable) as exc:
        _drop_pending(request, token)
        messages.error(request, str(exc))
        return redirect("importer:index")
    only_errors = request.GET.get("loc") == "loi"
    rows = plan.error_rows if only_errors else plan.rows
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "importer/preview.html",
        {
            "token": token,
            "pending": pending,
            "plan": plan,
            "summary": plan.summary,
            "page": page,
            "only_errors": only_errors,
            "defaults": defaults,
            "confirm_form": ConfirmForm(),
            "ERROR": ERROR,
            "MAPPING_STEP": MAPPING_STEP,
            "meaning_choices": MEANING_CHOICES,
        },
    )


def _choose_mapping(request, token, pending):
    """The meanings chosen on the preview's mapping step: kept for this upload (the preview is
    made again with them) and remembered for the sending unit and each header layout."""
    try:
        plan = uploads.current_plan(pending, access.scope_of(request.user))
    except (UnreadableFile, NoTable) as exc:
        _drop_pending(request, token)
        messages.error(request, str(exc))
        return redirect("importer:index")
    chosen = {}
    for layout in plan.layouts:
        meanings = {}
        for column in layout.all_columns:
            value = request.POST.get(f"nghia-{layout.signature}-{column.index}")
            if value is not None and value in COLUMN_KEYS:
                meanings[str(column.index)] = value
        if meanings:
            chosen[layout.signature] = meanings
            mapping_step.remember(layout, meanings, unit_id=plan.sender_id, user=request.user)
    pending["mapping"] = chosen
    _save_pending(request, pending, token)
    messages.success(request, "Đã xem trước lại với cách ghép cột vừa chọn (đã lưu cho lần sau).")
    return redirect("importer:preview", token=token)


@importer_required
@require_safe
def preview_errors(request, token):
    pending = _pending(request, token)
    plan = uploads.current_plan(pending, access.scope_of(request.user))
    record(request, AuditAction.EXPORT, f"Dòng lỗi của tệp {pending['name']}")
    return workbook_response(error_rows_workbook(plan), f"dong-loi-{Path(pending['name']).stem}")


@importer_required
@require_POST
def confirm(request, token):
    pending = _pending(request, token)
    form = ConfirmForm(request.POST)
    skip_errors = form.is_valid() and form.cleaned_data["skip_errors"]
    try:
        batch, plan = uploads.confirm(
            pending,
            user=request.user,
            skip_errors=skip_errors,
            scope=access.scope_of(request.user),
        )
    except (UnreadableFile, NoTable, workflow.ImportRefused) as exc:
        messages.error(request, str(exc))
        return redirect("importer:preview", token=token)
    _drop_pending(request, token)
    record(
        request,
        AuditAction.IMPORT,
        f"Nhập tệp {batch.original_name}: {plan.summary_line()} (lần nhập #{batch.pk})",
    )
    messages.success(
        request,
        f"Đã nhập tệp “{batch.original_name}”: tạo mới {batch.created_count}, cập nhật "
        f"{batch.updated_count}, bỏ qua {batch.skipped_count}"
        + (f", bỏ qua {batch.error_count} dòng lỗi" if batch.error_count else "")
        + ".",
    )
    return redirect("importer:batch_detail", pk=batch.pk)


@importer_required
@require_safe
def template(request):
    return workbook_response(template_workbook(), "mau-nhap-danh-sach-mo-hinh")


@importer_required
@require_safe
def batch_list(request):
    batches = ImportBatch.objects.visible_to(request.user).for_list()
    page = Paginator(batches, 50).get_page(request.GET.get("trang"))
    return render(request, "importer/batch_list.html", {"page": page})


@importer_required
@require_safe
def batch_detail(request, pk):
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user).for_list(), pk=pk)
    records = Paginator(
        batch.records.select_related("model").order_by("id"), PREVIEW_PAGE_SIZE
    ).get_page(request.GET.get("trang"))
    blockers = undo.undo_blockers(batch)
    villages = Unit.objects.filter(pk__in=(batch.created_objects or {}).get("village", ()))
    return render(
        request,
        "importer/batch_detail.html",
        {
            "batch": batch,
            "records": records,
            "blockers": blockers,
            "villages": villages.select_related("parent").order_by("name"),
        },
    )


@importer_required
@require_POST
def batch_undo(request, pk):
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)
    try:
        undo.undo_batch(batch, user=request.user)
    except undo.UndoRefused as exc:
        messages.error(request, "Không thể hoàn tác lần nhập này: " + " ".join(exc.blockers))
        return redirect("importer:batch_detail", pk=pk)
    record(request, AuditAction.IMPORT, f"Hoàn tác lần nhập #{batch.pk} ({batch.original_name})")
    messages.success(request, f"Đã hoàn tác lần nhập tệp “{batch.original_name}”.")
    return redirect(reverse("importer:batch_detail", args=[pk]))


@importer_required
@require_safe
def batch_file(request, pk):
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=pk)
    if not batch.file or not batch.file.storage.exists(batch.file.name):
        raise Http404("Tệp gốc không còn được lưu.")
    record(request, AuditAction.DOWNLOAD, f"Tệp gốc của lần nhập #{batch.pk}")
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.original_name)
