"""Who is told of what in a review round, and the round reminders due on a day.

Reviews decides, notifications delivers: `notifications` sits below this app and never reads
the review tables. The workflow passes it the users to tell (`proposers_of`, `runners_of`),
and `due_on` is registered with `notifications.reminders` (see `apps.ReviewsConfig.ready`),
which `manage.py send_reminders` asks for what is due.
"""

from accounts.models import LOCAL_STAFF_ROLES, Role, User
from notifications.models import Event
from notifications.reminders import Due
from territory.models import Unit

from . import rules
from .models import Assessment, ConflictDeclaration, Entry, EntryState, ReviewRound, RoundLevel

REMINDER_DAYS = (7, 1)


def round_url(round):
    return f"/danh-gia/dot/{round.pk}/"


def proposers_of(round, entries=()):
    """Active local officers who may propose to the round and whose unit has not proposed a
    model to it yet (`entries`: the round's entries, with their models)."""
    proposed = {e.model.unit_id for e in entries} | {e.model.commune_id for e in entries}
    officers = User.objects.filter(
        is_active=True,
        role__in=LOCAL_STAFF_ROLES,
        unit__in=Unit.objects.in_scope_of(round.organiser),
    ).select_related("unit")
    return [u for u in officers if rules.can_propose_to(u, round) and u.unit_id not in proposed]


def runners_of(round):
    """The users who score and decide in a round (told of each proposal it receives)."""
    pool = User.objects.filter(
        is_active=True, role__in=[Role.PROVINCIAL_REVIEWER, *LOCAL_STAFF_ROLES]
    )
    if round.level != RoundLevel.PROVINCE:
        pool = pool.filter(unit_id=round.organiser_id)
    return [u for u in pool if rules.can_run_round(u, round)]


def round_opened(round, users):
    """The notice of a round just opened (sent at once by `workflow.open_round`; `due_on`
    repeats it daily for officers not told yet, e.g. accounts created since)."""
    return Due(
        Event.ROUND_OPENED,
        f"round:{round.pk}",
        f"Đã mở “{round.name}”, hạn đề nghị {round.deadline:%d/%m/%Y}",
        "Đơn vị có thể đề nghị mô hình vào đợt này.",
        round_url(round),
        users,
    )


def due_on(today):
    """The reminders of open rounds due on `today`: the round's opening to officers not told
    yet, the deadline 7 days and 1 day ahead to units that have not proposed, and the scores
    still missing to each runner."""
    found = []
    for round in ReviewRound.objects.filter(is_closed=False).select_related("organiser"):
        days = (round.deadline - today).days
        if days < 0:
            continue
        entries = list(Entry.objects.filter(round=round).select_related("model"))
        proposers = proposers_of(round, entries)
        found.append(round_opened(round, proposers))
        if days not in REMINDER_DAYS:
            continue
        found.append(
            Due(
                Event.DEADLINE,
                f"round:{round.pk}:{today.isoformat()}",
                f"Còn {days} ngày đến hạn đề nghị “{round.name}” ({round.deadline:%d/%m/%Y})",
                "Đơn vị chưa đề nghị mô hình nào vào đợt này.",
                round_url(round),
                proposers,
            )
        )
        pending = [e for e in entries if e.state == EntryState.PROPOSED]
        scored = set(
            Assessment.objects.filter(entry__in=pending).values_list("entry_id", "reviewer_id")
        )
        scored |= set(
            ConflictDeclaration.objects.filter(entry__in=pending).values_list(
                "entry_id", "reviewer_id"
            )
        )
        for runner in runners_of(round):
            missing = sum(1 for e in pending if (e.pk, runner.pk) not in scored)
            if missing:
                found.append(
                    Due(
                        Event.SCORES_MISSING,
                        f"round:{round.pk}:{today.isoformat()}",
                        f"Còn {missing} hồ sơ bạn chưa chấm điểm trong “{round.name}”",
                        f"Hạn đề nghị {round.deadline:%d/%m/%Y}, còn {days} ngày.",
                        f"/danh-gia/hang-doi/?dot={round.pk}",
                        [runner],
                    )
                )
    return found
