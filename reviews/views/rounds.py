"""Review rounds (list, opening, one round, closing) and proposing models to a round."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.dated import opening_year, refusal
from danvan.params import to_id
from models_registry.models import DvkModel

from .. import rules, workflow
from ..forms import (
    ProposeForm,
    RoundFilterForm,
    RoundForm,
)
from ..models import (
    ConflictDeclaration,
    Entry,
    EntryState,
    ReviewRound,
)
from .common import _refused

ROUND_PAGE_SIZE = 20


# ---------------------------------------------------------------- rounds


@login_required
@require_safe  # a read-only page: POST gets 405
def index(request):
    user = request.user
    # The list opens on the year the user works in (accounts.dated.opening_year); "nam=" (empty)
    # in the address is every year, as in the registry list.
    data = request.GET.copy()
    if "nam" not in data:
        data["nam"] = str(opening_year(user))
    filters = RoundFilterForm(data)
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
            # What the user chose (the opening year alone is not a filter they set).
            "filtered": any(v.strip() for k, v in request.GET.items() if k != "trang"),
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
    editable = DvkModel.objects.editable_by(user)
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
