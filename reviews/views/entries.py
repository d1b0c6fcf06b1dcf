"""The reviewer's queue and one entry: scoring, outcome, conflict of interest, replication,
proposing again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from danvan.paging import LargeListPaginator
from models_registry.models import DvkModel

from .. import rules, workflow
from ..forms import (
    ConflictForm,
    DecideForm,
    ReplicationForm,
    ScoreForm,
)
from ..models import (
    Assessment,
    ConflictDeclaration,
    Entry,
    EntryEvent,
    EntryState,
)
from .common import STALE_PAGE, _posted_version, _refused

QUEUE_PAGE_SIZE = 50


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
    done = Entry.objects.queue_of(user).with_marks(user).done_count()
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
        and DvkModel.objects.editable_by(user).filter(pk=entry.model_id).exists(),
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
