"""Small named permission rules for reviews. Views and `workflow` ask these; nothing else tests
roles inline.

- Review levels are dated: a district round (cấp huyện) until 30/6/2025, a commune round
  (cấp xã, "Công nhận cấp xã") from 1/7/2025, each run by the organising unit's own staff (and
  administrators); the provincial round (cấp tỉnh) by provincial reviewers (and
  administrators). Running a round means scoring, deciding outcomes, declaring conflicts,
  recommending replication and closing it. No round for a unit that did not exist in its year
  (`round_problem`).
- Local staff (and administrators) propose models of their territory; reviewers never do.
- Accounts of abolished units (`User.reads_only`: a district after 30/6/2025) read their old
  rounds, entries and decisions and change nothing.
- Outcomes of a round are seen at once by those who run it, by reviewers and administrators;
  local staff see them once published (except "returned", see `Entry.outcome_is_public`).
- Individual scores: reviewers, administrators and the round's own runners only.
"""

from django.core.exceptions import PermissionDenied

from accounts.audit import get_or_refuse
from accounts.dated import local_round_level, not_valid_in_year_message, refusal, valid_in_year
from territory.models import Level

from .models import LOCAL_ROUND_LEVELS, RoundLevel


def runs_local_round(user, round):
    """A district or commune round run by its own unit's officer."""
    return (
        user.is_local_staff
        and round.level in LOCAL_ROUND_LEVELS
        and user.unit_id == round.organiser_id
        and user.works_for_year(round.year)
    )


def can_run_round(user, round):
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    if round.level == RoundLevel.PROVINCE:
        return user.is_reviewer
    return runs_local_round(user, round)


def can_propose_to(user, round):
    """Who may propose to a round (the model itself must be in `DvkModel.editable_by(user)`)."""
    if not user.is_authenticated or user.is_reviewer:
        return False
    if user.is_administrator:
        return True
    if round.level == RoundLevel.PROVINCE:
        return user.is_local_staff and user.works_for_year(round.year)
    return runs_local_round(user, round)


def can_propose(user):
    if not user.is_authenticated:
        return False
    return user.is_administrator or (user.is_local_staff and not user.reads_only)


def sees_internals(user, round):
    """Unpublished outcomes, individual scores, conflicts and scoring history."""
    return user.is_authenticated and (
        user.is_administrator or user.is_reviewer or can_run_round(user, round)
    )


def sees_outcomes_when_published(user):
    """Local staff count and see results once published (`Entry.outcome_is_public`)."""
    return user.is_local_staff


def can_create_round(user):
    return user.is_authenticated and (
        user.is_administrator
        or user.is_reviewer
        or (user.is_local_staff and user.unit_id is not None and not user.reads_only)
    )


def can_open_round(user, round):
    """Administrators open any round; others the round of their own level (`own_round_level`)
    organised by a unit of their scope: their unit, or the unit that replaced it (`RoundForm`
    fills both in)."""
    if not can_create_round(user):
        return False
    if user.is_administrator:
        return True
    return round.level == own_round_level(user) and round.organiser_id in user.scope_unit_ids()


def round_exists_message(level, organiser, year):
    """Same rule as the constraint round_once_per_year_level_organiser, said kindly."""
    return f"{organiser} đã có đợt bình xét {RoundLevel(level).label.lower()} năm {year}."


def own_round_level(user):
    """The level of the round a non-administrator opens: the province's for a reviewer, else
    the dated level of their unit (district or commune)."""
    if user.is_reviewer:
        return RoundLevel.PROVINCE
    return local_round_level(user.unit) if user.unit_id else None


def round_problem(level, organiser, year):
    """Why a round of `level`, organised by `organiser`, cannot be held in `year` (Vietnamese),
    or None. The organiser must exist in that year (with the units that replaced it named) and
    be of the level's kind: a province for the provincial round, a district for a district
    round, a commune of the two-level government for a commune round."""
    if not valid_in_year(organiser, year):
        return not_valid_in_year_message(organiser, year)
    if level == RoundLevel.PROVINCE:
        if organiser.level != Level.PROVINCE:
            return "Đợt cấp tỉnh do tỉnh tổ chức."
        return None
    if local_round_level(organiser) != level:
        if level == RoundLevel.COMMUNE:
            return (
                "Đợt cấp xã do một xã, phường của chính quyền hai cấp (từ 01/07/2025) tổ chức; "
                "trước đó mô hình được công nhận ở cấp huyện."
            )
        return "Đợt cấp huyện do huyện tổ chức (đến 30/06/2025; từ 01/07/2025 là đợt cấp xã)."
    return None


def can_manage_decisions(user):
    return user.is_authenticated and (
        user.is_administrator or user.is_reviewer or (user.is_local_staff and not user.reads_only)
    )


def can_manage_decision(user, decision):
    """Record recipients, upload the scan: the issuer must be one the user records for."""
    from .models import IssuingBody

    return IssuingBody.objects.usable_by(user).filter(pk=decision.issuer_id).exists()


def get_visible_round(user, pk, *, for_running=False):
    from .models import ReviewRound

    round = get_or_refuse(
        ReviewRound.objects.visible_to(user).select_related("organiser"),
        ReviewRound.objects.all(),
        f"Đợt bình xét #{pk}",
        pk=pk,
    )
    if for_running and not can_run_round(user, round):
        raise PermissionDenied(refusal(user, "Bạn không chủ trì đợt bình xét này."))
    return round


def get_visible_entry(user, pk, *, for_running=False, queryset=None):
    """The one door to an entry: 404 outside the user's territory, 403 if they may not act."""
    from .models import Entry

    qs = queryset if queryset is not None else Entry.objects.for_list()
    entry = get_or_refuse(qs.visible_to(user), Entry.objects.all(), f"Hồ sơ bình xét #{pk}", pk=pk)
    if for_running and not can_run_round(user, entry.round):
        raise PermissionDenied(
            refusal(user, "Bạn không được chấm điểm hoặc quyết định trong đợt bình xét này.")
        )
    return entry


def get_visible_decision(user, pk, *, for_change=False):
    from .models import Decision

    decision = get_or_refuse(
        Decision.objects.visible_to(user).select_related("issuer__unit__parent__parent", "round"),
        Decision.objects.all(),
        f"Quyết định #{pk}",
        pk=pk,
    )
    if for_change and not can_manage_decision(user, decision):
        raise PermissionDenied(refusal(user, "Bạn chỉ được xem quyết định này."))
    return decision
