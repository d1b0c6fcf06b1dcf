"""Review rounds, scoring, outcomes and commendation decisions. Views stay thin: they fetch
through the scoped querysets (`rules.get_visible_*`), call one `workflow` function and show its
Vietnamese message when it refuses."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.audit import record
from accounts.dated import refusal
from accounts.models import AuditAction
from danvan.paging import LargeListPaginator
from danvan.params import to_id, to_int
from danvan.xlsx import build_workbook, report_date_line, workbook_response
from models_registry.models import Model
from stats.cache import cached

from . import rules, workflow
from .forms import (
    PICKER_LIMIT,
    ConflictForm,
    DecideForm,
    DecisionForm,
    PickEntriesForm,
    ProposeForm,
    RecipientForm,
    ReplicationForm,
    RoundFilterForm,
    RoundForm,
    ScoreForm,
)
from .models import (
    Assessment,
    ConflictDeclaration,
    Decision,
    Entry,
    EntryEvent,
    EntryState,
    Recipient,
    ReviewRound,
)

QUEUE_PAGE_SIZE = 50
ROUND_PAGE_SIZE = 20
DECISION_PAGE_SIZE = 25


STALE_PAGE = "Trang này đã cũ hoặc thiếu dữ liệu: vui lòng tải lại trang rồi thực hiện lại."


def _posted_version(request):
    """The entry's `version` the page was loaded with; None when missing or not a number."""
    return to_int(request.POST.get("version"), minimum=0)


def _refused(request, error):
    if isinstance(error, workflow.NotAllowed):
        raise PermissionDenied(error.message)
    messages.error(request, error.message)


# ---------------------------------------------------------------- rounds


@login_required
@require_safe  # a read-only page: POST gets 405
def index(request):
    user = request.user
    filters = RoundFilterForm(request.GET)
    rounds = ReviewRound.objects.for_index(user)
    if filters.is_valid():
        rounds = filters.apply(rounds)
    page = Paginator(rounds, ROUND_PAGE_SIZE).get_page(request.GET.get("trang"))
    running = set(ReviewRound.objects.run_by(user).values_list("pk", flat=True))
    for r in page.object_list:
        r.user_runs = r.pk in running
    return render(
        request,
        "reviews/index.html",
        {
            "rounds": page.object_list,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "filters": filters,
            "query": filters.querystring(),
            "can_create_round": rules.can_create_round(user),
            "can_propose": rules.can_propose(user),
            "runs_any": bool(running),
            "today": timezone.localdate(),
        },
    )


@login_required
def round_create(request):
    if not rules.can_create_round(request.user):
        raise PermissionDenied(refusal(request.user, "Bạn không được mở đợt bình xét."))
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            round = workflow.open_round(form.save(commit=False), request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(error.message) from None
        except workflow.ReviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã mở đợt “{round}”.")
            return redirect("reviews:round", pk=round.pk)
    return render(request, "reviews/round_form.html", {"form": form})


@login_required
@require_safe  # a read-only page: POST gets 405
def round_detail(request, pk):
    user = request.user
    round = rules.get_visible_round(user, pk)
    internals = rules.sees_internals(user, round)
    entries = (
        Entry.objects.visible_to(user)
        .filter(round=round)
        .for_list()
        .select_related("escalated_from__round")
        .annotate(
            avg_total=Avg("assessments__total"),
            assessment_count=Count("assessments"),
        )
        .order_by("model__unit__name", "model__title", "id")
    )
    if internals:
        # Every reviewer of the round sees who withdrew from which entry.
        entries = entries.prefetch_related(
            Prefetch("conflicts", queryset=ConflictDeclaration.objects.select_related("reviewer"))
        )
    entries = list(entries)
    for entry in entries:
        entry.shown_state = entry.state if internals else entry.public_state
        entry.shown_state_label = EntryState(entry.shown_state).label
    counts = Counter(e.shown_state for e in entries)
    summary = [(s.label, counts.get(s, 0)) for s in EntryState if counts.get(s)]
    return render(
        request,
        "reviews/round_detail.html",
        {
            "round": round,
            "entries": entries,
            "summary": summary,
            "internals": internals,
            "runs": rules.can_run_round(user, round),
            "can_propose": rules.can_propose_to(user, round) and round.is_open,
            "pending": counts.get(EntryState.PROPOSED, 0),
        },
    )


@login_required
@require_POST
def round_close(request, pk):
    round = rules.get_visible_round(request.user, pk, for_running=True)
    try:
        workflow.close_round(round, request.user)
    except workflow.ReviewError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Đã kết thúc đợt “{round}” và công bố kết quả.")
    return redirect("reviews:round", pk=round.pk)


# ---------------------------------------------------------------- proposals


def _posted_ids(data):
    values = [v for v in data.getlist("mo_hinh") if str(v).strip()]
    ids = {to_id(v) for v in values}
    if None in ids:
        raise Http404("Mô hình không hợp lệ.")
    return ids


@login_required
def propose(request):
    """District staff propose their district's models, in bulk. The registry list posts
    `mo_hinh=<id>` (repeated), optionally with `dot=<round id>`; without a round this page asks
    for one. Models outside the user's territory are a 404."""
    user = request.user
    if not rules.can_propose(user):
        raise PermissionDenied(refusal(user, "Chỉ cán bộ cấp huyện, cấp xã đề nghị mô hình."))
    today = timezone.localdate()
    rounds = ReviewRound.objects.open_for_proposal_by(user, today).select_related("organiser")
    editable = Model.objects.editable_by(user)
    data = request.POST if request.method == "POST" else request.GET
    selected = _posted_ids(data)
    if selected and editable.filter(pk__in=selected).count() != len(selected):
        raise Http404("Không tìm thấy mô hình.")
    # The page lists what can still be proposed plus anything the registry list sent.
    choices = (
        (
            editable.filter(
                status__in=["dang_ky", "tra_lai", "cong_nhan", "khong_cong_nhan"],
                year__gte=today.year - 1,
            )
            | editable.filter(pk__in=selected)
        )
        .select_related("collective", "individual")
        .order_by("-year", "title")
    )
    # The registry list posts without `xac_nhan`: then only a missing round means "ask for it".
    ready = request.method == "POST" and ("dot" in data or "xac_nhan" in data)
    form = ProposeForm(
        data if ready else None,
        rounds=rounds,
        models=choices,
        initial={"mo_hinh": sorted(selected), "dot": data.get("dot") or None},
    )
    if ready and form.is_valid():
        round = form.cleaned_data["dot"]
        entries, refusals = workflow.propose_many(form.cleaned_data["mo_hinh"], round, user)
        if entries:
            messages.success(request, f"Đã đề nghị {len(entries)} mô hình vào đợt “{round}”.")
        for message in refusals:
            messages.error(request, message)
        return redirect("reviews:round", pk=round.pk)
    return render(request, "reviews/propose.html", {"form": form, "rounds": rounds})


# ---------------------------------------------------------------- queue and scoring


@login_required
@require_safe  # a read-only page: POST gets 405
def queue(request):
    """The reviewer's queue, QUEUE_PAGE_SIZE entries a page (an open provincial round of a
    national-size portal holds thousands), with the progress over all of them."""
    user = request.user
    # The page's ids first (entries and rounds only), then those rows with their models:
    # sorting thousands of entries never drags their models, implementers and places along.
    ids = Entry.objects.queue_of(user).values_list("pk", flat=True)
    page = LargeListPaginator(ids, QUEUE_PAGE_SIZE).get_page(request.GET.get("trang"))
    page_ids = list(page.object_list)
    rows = Entry.objects.filter(pk__in=page_ids).for_list().with_marks(user).in_bulk()
    done = cached(
        "queue-done", (user.pk,), Entry.objects.queue_of(user).with_marks(user).done_count
    )
    return render(
        request,
        "reviews/queue.html",
        {
            "entries": [rows[pk] for pk in page_ids if pk in rows],
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "done": done,
            "total": page.paginator.count,
        },
    )


def _next_in_queue(user, after):
    return (
        Entry.objects.awaiting_score_by(user)
        .exclude(pk=after.pk)
        .order_by("round__deadline", "round_id", "id")
        .first()
    )


def _entry_page(request, entry, *, decide_form=None, score_form=None, status=200):
    user = request.user
    internals = rules.sees_internals(user, entry.round)
    runs = rules.can_run_round(user, entry.round)
    events = EntryEvent.objects.filter(entry=entry).select_related("actor")
    if not internals:
        events = events.filter(action__in=workflow.PUBLIC_ACTIONS)
        if not entry.outcome_is_public:
            events = events.exclude(action="publish")
    assessments = []
    conflicts = []
    if internals:
        assessments = Assessment.objects.filter(entry=entry).select_related("reviewer")
        assessments = assessments.prefetch_related("scores__criterion")
        conflicts = ConflictDeclaration.objects.filter(entry=entry).select_related("reviewer")
    open_round = entry.round.is_open
    context = {
        "entry": entry,
        "model": entry.model,
        "internals": internals,
        "runs": runs and open_round,
        "events": events,
        "assessments": assessments,
        "conflicts": conflicts,
        "shown_state": entry.state if internals else entry.public_state,
        "shown_state_label": EntryState(entry.state if internals else entry.public_state).label,
        "shown_reason": entry.reason if (internals or entry.outcome_is_public) else "",
        "can_repropose": open_round
        and entry.state == EntryState.RETURNED
        and rules.can_propose_to(user, entry.round)
        and Model.objects.editable_by(user).filter(pk=entry.model_id).exists(),
    }
    if runs and open_round:
        declared = any(c.reviewer_id == user.pk for c in conflicts)
        context["declared_conflict"] = declared
        if not declared:
            # A declared conflict keeps the reviewer out of deciding (workflow refuses it too).
            context["decide_form"] = decide_form or DecideForm(entry=entry)
            context["replication_form"] = ReplicationForm(
                initial={"note": entry.replication_note, "version": entry.version}
            )
        context["conflict_form"] = ConflictForm()
    return render(request, "reviews/entry_detail.html", context, status=status)


@login_required
@require_safe  # a read-only page: POST gets 405
def entry_detail(request, pk):
    entry = rules.get_visible_entry(request.user, pk)
    return _entry_page(request, entry)


@login_required
def entry_score(request, pk):
    user = request.user
    entry = rules.get_visible_entry(user, pk, for_running=True)
    criteria = workflow.active_criteria()
    assessment = (
        Assessment.objects.filter(entry=entry, reviewer=user).prefetch_related("scores").first()
    )
    form = ScoreForm(request.POST or None, criteria=criteria, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            saved = workflow.save_assessment(
                entry,
                user,
                form.values(),
                form.cleaned_data["comment"],
                version=form.cleaned_data.get("version"),
            )
        except workflow.ReviewError as error:
            _refused(request, error)
        else:
            messages.success(request, f"Đã lưu phiếu chấm: {saved.total}/100 điểm.")
            if "next" in request.POST:
                following = _next_in_queue(user, entry)
                if following is not None:
                    return redirect("reviews:score", pk=following.pk)
                messages.info(request, "Bạn đã chấm hết các hồ sơ trong hàng đợi.")
                return redirect("reviews:queue")
            return redirect("reviews:entry", pk=entry.pk)
    queue_entries = list(Entry.objects.for_queue(user).values_list("pk", "scored", "conflicted"))
    done = sum(1 for _pk, scored, conflicted in queue_entries if scored or conflicted)
    position = next((i for i, row in enumerate(queue_entries, 1) if row[0] == entry.pk), None)
    declared = ConflictDeclaration.objects.filter(entry=entry, reviewer=user).exists()
    return render(
        request,
        "reviews/entry_score.html",
        {
            "entry": entry,
            "model": entry.model,
            "form": form,
            "done": done,
            "total": len(queue_entries),
            "position": position,
            "declared_conflict": declared,
            "can_score": entry.round.is_open
            and entry.state == EntryState.PROPOSED
            and not declared,
        },
    )


@login_required
@require_POST
def entry_decide(request, pk):
    entry = rules.get_visible_entry(request.user, pk, for_running=True)
    version = _posted_version(request)
    if version is None:
        messages.error(request, STALE_PAGE)
        return redirect("reviews:entry", pk=pk)
    try:
        # Before the form: a stale page offers choices that may no longer apply.
        workflow.check_version(entry, version)
    except workflow.ReviewError as error:
        _refused(request, error)
        return redirect("reviews:entry", pk=pk)
    form = DecideForm(request.POST, entry=entry)
    if not form.is_valid():
        return _entry_page(request, entry, decide_form=form, status=400)
    try:
        entry = workflow.decide(
            entry,
            request.user,
            form.cleaned_data["state"],
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except workflow.ReviewError as error:
        _refused(request, error)
        return redirect("reviews:entry", pk=pk)
    note = "" if entry.outcome_is_public else " Kết quả sẽ được công bố khi kết thúc đợt."
    messages.success(request, f"Đã ghi nhận: {entry.get_state_display()}.{note}")
    return redirect("reviews:entry", pk=entry.pk)


@login_required
@require_POST
def entry_conflict(request, pk):
    entry = rules.get_visible_entry(request.user, pk, for_running=True)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vui lòng ghi rõ lý do xung đột lợi ích.")
        return redirect("reviews:entry", pk=pk)
    try:
        workflow.declare_conflict(entry, request.user, form.cleaned_data["reason"])
    except workflow.ReviewError as error:
        _refused(request, error)
    else:
        messages.success(request, "Đã ghi nhận: bạn không chấm điểm hồ sơ này.")
    return redirect("reviews:entry", pk=pk)


@login_required
@require_POST
def entry_replication(request, pk):
    entry = rules.get_visible_entry(request.user, pk, for_running=True)
    form = ReplicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dữ liệu không hợp lệ, vui lòng tải lại trang.")
        return redirect("reviews:entry", pk=pk)
    try:
        workflow.recommend_replication(
            entry, request.user, form.cleaned_data["note"], version=form.cleaned_data["version"]
        )
    except workflow.ReviewError as error:
        _refused(request, error)
    else:
        messages.success(request, "Đã khuyến cáo nhân rộng mô hình.")
    return redirect("reviews:entry", pk=pk)


@login_required
@require_POST
def entry_repropose(request, pk):
    entry = rules.get_visible_entry(request.user, pk)
    version = _posted_version(request)
    if version is None:
        messages.error(request, STALE_PAGE)
        return redirect("reviews:entry", pk=pk)
    try:
        workflow.repropose(entry, request.user, version=version)
    except workflow.ReviewError as error:
        _refused(request, error)
    else:
        messages.success(request, "Đã đề nghị lại mô hình sau khi bổ sung.")
    return redirect("reviews:entry", pk=pk)


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
