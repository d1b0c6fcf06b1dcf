"""Commendation decisions: list, create, edit, recipients, the annex and its workbook, the scan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.audit import record
from accounts.dated import refusal
from accounts.models import AuditAction
from danvan.params import to_id
from danvan.xlsx import build_workbook, report_date_line, workbook_response

from .. import rules, workflow
from ..forms import (
    PICKER_LIMIT,
    DecisionForm,
    PickEntriesForm,
    RecipientForm,
)
from ..models import (
    Decision,
    Entry,
    Recipient,
    ReviewRound,
)
from .common import _refused

DECISION_PAGE_SIZE = 25


# ---------------------------------------------------------------- decisions


@login_required
@require_safe  # a read-only page: POST gets 405
def decision_list(request):
    # Newest signing date first, the same order every time (the number breaks ties).
    decisions = Decision.objects.visible_to(request.user).for_list().order_by("-date", "-pk")
    page = Paginator(decisions, DECISION_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "reviews/decision_list.html",
        {
            "decisions": page.object_list,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "can_create": rules.can_manage_decisions(request.user),
        },
    )


@login_required
def decision_create(request):
    if not rules.can_manage_decisions(request.user):
        raise PermissionDenied(refusal(request.user, "Bạn không được nhập quyết định khen thưởng."))
    initial = {}
    if request.GET.get("dot"):
        round_id = to_id(request.GET["dot"])
        round = None
        if round_id is not None:
            round = ReviewRound.objects.visible_to(request.user).filter(pk=round_id).first()
        if round is not None:
            initial = {"round": round, "year": round.year}
        else:
            messages.warning(request, "Không tìm thấy đợt bình xét trong đường dẫn: hãy chọn đợt.")
    form = DecisionForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.number = decision.number.strip()
        decision.created_by = request.user
        decision.save()
        messages.success(request, f"Đã lưu {decision}.")
        return redirect("reviews:decision", pk=decision.pk)
    return render(request, "reviews/decision_form.html", {"form": form})


@login_required
def decision_edit(request, pk):
    """Correct a decision or attach its scan later (only for the issuers the user records)."""
    decision = rules.get_visible_decision(request.user, pk, for_change=True)
    form = DecisionForm(
        request.POST or None, request.FILES or None, user=request.user, instance=decision
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Đã cập nhật {decision}.")
        return redirect("reviews:decision", pk=decision.pk)
    return render(request, "reviews/decision_form.html", {"form": form, "decision": decision})


def _exemplary_entries(decision, user):
    if decision.round_id is None:
        return Entry.objects.none()
    return (
        Entry.objects.visible_to(user)
        # Only published results: a decision never commends an outcome still "chưa công bố".
        .filter(round_id=decision.round_id, is_exemplary=True, is_published=True)
        .exclude(model__commendations__decision=decision)
        .select_related("model__collective__unit", "model__individual__unit")
        .order_by("model__title")
    )


@login_required
@require_safe  # a read-only page: POST gets 405
def decision_detail(request, pk):
    user = request.user
    decision = rules.get_visible_decision(user, pk)
    manage = rules.can_manage_decision(user, decision)
    recipients = Recipient.objects.visible_to(user).filter(decision=decision).for_annex()
    context = {"decision": decision, "recipients": recipients, "manage": manage}
    if manage:
        entries = _exemplary_entries(decision, user)
        context["pick_form"] = PickEntriesForm(entries=entries)
        context["recipient_form"] = RecipientForm(user=user)
        context.update(_picker(decision, user))
    return render(request, "reviews/decision_detail.html", context)


@login_required
@require_POST
def decision_pick(request, pk):
    decision = rules.get_visible_decision(request.user, pk, for_change=True)
    form = PickEntriesForm(request.POST, entries=_exemplary_entries(decision, request.user))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("entries", ["Lựa chọn không hợp lệ."])))
        return redirect("reviews:decision", pk=pk)
    try:
        created = workflow.add_recipients_from_entries(
            decision, form.cleaned_data["entries"], request.user
        )
    except workflow.ReviewError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Đã thêm {len(created)} tập thể, cá nhân vào danh sách.")
    return redirect("reviews:decision", pk=pk)


@login_required
@require_safe
def recipient_models(request, pk):
    """htmx: the decision's model picker, the recognised models in scope matching `tim`."""
    decision = rules.get_visible_decision(request.user, pk, for_change=True)
    text = (request.GET.get("tim") or "").strip()[:200]
    return render(
        request, "reviews/partials/model_choices.html", _picker(decision, request.user, text)
    )


def _picker(decision, user, text="", selected=""):
    matches = RecipientForm(user=user).matches(text)
    return {
        "decision": decision,
        "matches": matches[:PICKER_LIMIT],
        "more": len(matches) > PICKER_LIMIT,
        "text": text,
        "selected": selected,
    }


@login_required
@require_POST
def recipient_add(request, pk):
    decision = rules.get_visible_decision(request.user, pk, for_change=True)
    form = RecipientForm(request.POST, user=request.user)
    if not form.is_valid():
        recipients = Recipient.objects.visible_to(request.user).filter(decision=decision)
        return render(
            request,
            "reviews/decision_detail.html",
            {
                "decision": decision,
                "recipients": recipients.for_annex(),
                "manage": True,
                "pick_form": PickEntriesForm(entries=_exemplary_entries(decision, request.user)),
                "recipient_form": form,
                **_picker(decision, request.user, selected=request.POST.get("model", "")),
            },
            status=400,
        )
    try:
        workflow.add_recipient(
            decision,
            request.user,
            model=form.cleaned_data["model"],
            citation=form.cleaned_data["citation"],
            position=form.cleaned_data["position"],
        )
    except workflow.ReviewError as error:
        _refused(request, error)
    else:
        messages.success(request, "Đã thêm vào danh sách khen thưởng.")
    return redirect("reviews:decision", pk=pk)


@login_required
@require_POST
def recipient_remove(request, pk, recipient_pk):
    decision = rules.get_visible_decision(request.user, pk, for_change=True)
    recipient = get_object_or_404(decision.recipients.all(), pk=recipient_pk)
    try:
        workflow.remove_recipient(recipient, request.user)
    except workflow.ReviewError as error:
        _refused(request, error)
    else:
        messages.success(request, "Đã xóa khỏi danh sách khen thưởng.")
    return redirect("reviews:decision", pk=pk)


def _annex_rows(recipients):
    return [
        [str(r.recipient), r.position, r.citation, "Tập thể" if r.collective_id else "Cá nhân"]
        for r in recipients
    ]


@login_required
@require_safe  # a read-only page: POST gets 405
def annex(request, pk):
    decision = rules.get_visible_decision(request.user, pk)
    recipients = list(
        Recipient.objects.visible_to(request.user).filter(decision=decision).for_annex()
    )
    sections = [
        ("I", "Tập thể", [r for r in recipients if r.collective_id]),
        ("II", "Cá nhân", [r for r in recipients if r.individual_id]),
    ]
    return render(
        request,
        "reviews/annex.html",
        {
            "decision": decision,
            "sections": [s for s in sections if s[2]],
            "place_date": report_date_line(decision.issuer.place, decision.date),
        },
    )


@login_required
@require_safe  # a read-only page: POST gets 405
def annex_xlsx(request, pk):
    decision = rules.get_visible_decision(request.user, pk)
    recipients = Recipient.objects.visible_to(request.user).filter(decision=decision).for_annex()
    rows = [[str(r.recipient), r.position, r.citation] for r in recipients]
    issuer = decision.issuer
    wb = build_workbook(
        title="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
        subtitle_lines=[
            f"{issuer.name.upper()} — {' / '.join(issuer.national_header)}",
            report_date_line(issuer.place, decision.date),
            f"(Kèm theo Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y} "
            f"của {issuer})",
            f"Hình thức: {decision.get_form_display()}",
        ],
        headers=["Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Thành tích"],
        rows=rows,
        widths=[40, 40, 60],
        sheet_name="Danh sách khen thưởng",
    )
    record(request, AuditAction.EXPORT, f"Danh sách kèm theo {decision}")
    return workbook_response(wb, f"danh-sach-khen-thuong-{decision.number}-{decision.date:%Y%m%d}")


@login_required
@require_safe  # a read-only page: POST gets 405
def decision_scan(request, pk):
    decision = rules.get_visible_decision(request.user, pk)
    if not decision.scan:
        raise Http404("Quyết định chưa có bản quét.")
    record(request, AuditAction.DOWNLOAD, f"Bản quét {decision}")
    suffix = decision.scan.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        decision.scan.open("rb"),
        as_attachment=True,
        filename=f"quyet-dinh-{decision.pk}.{suffix}",
    )
