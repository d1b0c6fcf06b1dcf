"""Small named permission rules for reviews. Views and `workflow` ask these; nothing else tests
roles inline.

- A district round (cấp huyện) is run by its district's staff (and administrators); the
  provincial round (cấp tỉnh) by provincial reviewers (and administrators). Running a round means
  scoring, deciding outcomes, declaring conflicts, recommending replication and closing it.
- District staff (and administrators) propose models of their territory; reviewers never do.
- Outcomes of a round are seen at once by those who run it, by reviewers and administrators;
  district staff see them once published (except "returned", see `Entry.outcome_is_public`).
- Individual scores: reviewers, administrators and the round's own runners only.
"""

from django.core.exceptions import PermissionDenied

from accounts.audit import get_or_refuse

from .models import RoundLevel


def can_run_round(user, round):
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    if round.level == RoundLevel.PROVINCE:
        return user.is_reviewer
    return user.is_district_staff and user.unit_id == round.organiser_id


def can_propose_to(user, round):
    """Who may propose to a round (the model itself must be in `Model.editable_by(user)`)."""
    if not user.is_authenticated or user.is_reviewer:
        return False
    if user.is_administrator:
        return True
    if round.level == RoundLevel.PROVINCE:
        return user.is_district_staff
    return user.is_district_staff and user.unit_id == round.organiser_id


def can_propose(user):
    return user.is_authenticated and (user.is_district_staff or user.is_administrator)


def sees_internals(user, round):
    """Unpublished outcomes, individual scores, conflicts and scoring history."""
    return user.is_authenticated and (
        user.is_administrator or user.is_reviewer or can_run_round(user, round)
    )


def can_create_round(user):
    return user.is_authenticated and (
        user.is_administrator or user.is_reviewer or (user.is_district_staff and user.unit_id)
    )


def can_manage_decisions(user):
    return user.is_authenticated and (
        user.is_administrator or user.is_reviewer or user.is_district_staff
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
        raise PermissionDenied("Bạn không chủ trì đợt bình xét này.")
    return round


def get_visible_entry(user, pk, *, for_running=False, queryset=None):
    """The one door to an entry: 404 outside the user's territory, 403 if they may not act."""
    from .models import Entry

    qs = queryset if queryset is not None else Entry.objects.for_list()
    entry = get_or_refuse(qs.visible_to(user), Entry.objects.all(), f"Hồ sơ bình xét #{pk}", pk=pk)
    if for_running and not can_run_round(user, entry.round):
        raise PermissionDenied("Bạn không được chấm điểm hoặc quyết định trong đợt bình xét này.")
    return entry


def get_visible_decision(user, pk, *, for_change=False):
    from .models import Decision

    decision = get_or_refuse(
        Decision.objects.visible_to(user).select_related("issuer", "round"),
        Decision.objects.all(),
        f"Quyết định #{pk}",
        pk=pk,
    )
    if for_change and not can_manage_decision(user, decision):
        raise PermissionDenied("Bạn chỉ được xem quyết định này.")
    return decision
