"""What `manage.py send_reminders` finds due on a day: open rounds announced, proposal
deadlines 7 days and 1 day ahead, scores still missing before the deadline.

The one place this app reads the review tables and rules, imported inside the functions: the
import runs up a layer here on purpose, so that who may propose and who runs a round stay
decided in `reviews.rules` alone (`runners_of` also serves `events.proposal_received`).
"""

from dataclasses import dataclass

from .delivery import notify
from .models import Event

REMINDER_DAYS = (7, 1)


@dataclass
class Due:
    event: str
    key: str
    title: str
    body: str
    url: str
    users: list


def due_on(today):
    from accounts.models import LOCAL_STAFF_ROLES, User
    from reviews import rules
    from reviews.models import Assessment, ConflictDeclaration, Entry, EntryState, ReviewRound
    from territory.models import Unit

    found = []
    rounds = ReviewRound.objects.filter(is_closed=False).select_related("organiser")
    local = User.objects.filter(is_active=True, role__in=LOCAL_STAFF_ROLES).select_related("unit")
    for round in rounds:
        url = f"/danh-gia/dot/{round.pk}/"
        days = (round.deadline - today).days
        entries = list(Entry.objects.filter(round=round).select_related("model"))
        proposed_units = {e.model.unit_id for e in entries} | {e.model.commune_id for e in entries}
        in_scope = local.filter(unit__in=Unit.objects.in_scope_of(round.organiser))
        proposers = [
            u
            for u in in_scope
            if rules.can_propose_to(u, round) and u.unit_id not in proposed_units
        ]
        if days >= 0:
            found.append(
                Due(
                    Event.ROUND_OPENED,
                    f"round:{round.pk}",
                    f"Đã mở “{round.name}”, hạn đề nghị {round.deadline:%d/%m/%Y}",
                    "Đơn vị có thể đề nghị mô hình vào đợt này.",
                    url,
                    proposers,
                )
            )
        if days in REMINDER_DAYS:
            found.append(
                Due(
                    Event.DEADLINE,
                    f"round:{round.pk}:{today.isoformat()}",
                    f"Còn {days} ngày đến hạn đề nghị “{round.name}” ({round.deadline:%d/%m/%Y})",
                    "Đơn vị chưa đề nghị mô hình nào vào đợt này.",
                    url,
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


def send_due(today, *, dry_run=False):
    """Create the notices due today (each once per user, event and key). Returns [(due,
    number of users newly told)]."""
    from .models import Notification

    report = []
    for due in due_on(today):
        if dry_run:
            told = set(
                Notification.objects.filter(
                    event=due.event, key=due.key, user__in=due.users
                ).values_list("user_id", flat=True)
            )
            report.append((due, len([u for u in due.users if u.pk not in told])))
        else:
            created = notify(
                due.users, due.event, key=due.key, title=due.title, body=due.body, url=due.url
            )
            report.append((due, len(created)))
    return report


def runners_of(round):
    """The users who score and decide in a round (told of each proposal it receives)."""
    from accounts.models import LOCAL_STAFF_ROLES, Role, User
    from reviews import rules
    from reviews.models import RoundLevel

    pool = User.objects.filter(
        is_active=True, role__in=[Role.PROVINCIAL_REVIEWER, *LOCAL_STAFF_ROLES]
    )
    if round.level != RoundLevel.PROVINCE:
        pool = pool.filter(unit_id=round.organiser_id)
    return [u for u in pool if rules.can_run_round(u, round)]
