"""The home page's to-do list for each role.

- Local staff (district, commune): entries of their territory returned for more information
  (reason in "detail"); open rounds they may propose to whose deadline is within 14 days while
  registered models of their territory are not yet proposed; entries waiting for their score in
  the district or commune round they run.
- Reviewers: entries waiting for their score.
- Administrators: open rounds past their deadline.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from models_registry.models import DvkModel, Status
from reviews import workflow
from reviews.models import LOCAL_ROUND_LEVELS, Entry, EntryState, ReviewRound

CLOSING_SOON_DAYS = 14
MAX_RETURNED_ITEMS = 10


def for_user(user):
    """A list of {"label", "url", "count", "detail"} items the user should act on."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    items = []
    if user.is_local_staff and not user.reads_only:
        items += _returned(user)
        items += _closing_soon(user, today)
    if user.is_local_staff or user.is_reviewer:
        waiting = Entry.objects.awaiting_score_by(user).count()
        if waiting:
            items.append(
                {
                    "label": "Hồ sơ đang chờ bạn chấm điểm",
                    "url": reverse("reviews:queue"),
                    "count": waiting,
                    "detail": "",
                }
            )
    if user.is_administrator:
        late = ReviewRound.objects.filter(is_closed=False, deadline__lt=today).select_related(
            "organiser"
        )
        for round in late:
            items.append(
                {
                    "label": f"{round}: đã quá hạn nhưng chưa kết thúc",
                    "url": reverse("reviews:round", args=[round.pk]),
                    "count": None,
                    "detail": f"Hạn đề nghị {round.deadline:%d/%m/%Y} · {round.organiser}",
                }
            )
    return items


def _returned(user):
    returned = (
        Entry.objects.visible_to(user)
        .filter(state=EntryState.RETURNED, round__is_closed=False)
        .select_related("model", "round")
        .order_by("-decided_at")[:MAX_RETURNED_ITEMS]
    )
    return [
        {
            "label": f"Bổ sung hồ sơ và đề nghị lại: {entry.model.title}",
            "url": reverse("reviews:entry", args=[entry.pk]),
            "count": None,
            "detail": f"Lý do trả lại: {entry.reason}",
        }
        for entry in returned
    ]


def _closing_soon(user, today):
    rounds = ReviewRound.objects.open_for_proposal_by(user, today).filter(
        deadline__lte=today + timedelta(days=CLOSING_SOON_DAYS)
    )
    items = []
    for round in rounds:
        not_proposed = (
            DvkModel.objects.editable_by(user)
            .filter(status=Status.REGISTERED, year=round.year)
            .exclude(Exists(Entry.objects.filter(round=round, model=OuterRef("pk"))))
        )
        if round.level in LOCAL_ROUND_LEVELS:
            not_proposed = not_proposed.filter(
                pk__in=workflow.models_of_organiser(round.organiser).values("pk")
            )
        count = not_proposed.count()
        if count:
            items.append(
                {
                    "label": f"{round}: hết hạn đề nghị ngày {round.deadline:%d/%m/%Y}",
                    "url": f"{reverse('reviews:propose')}?dot={round.pk}",
                    "count": count,
                    "detail": f"{count} mô hình đã đăng ký chưa được đề nghị",
                }
            )
    return items
