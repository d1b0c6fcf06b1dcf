"""The state machine of an entry: the transition table, the outcomes a round runner records,
opening a round, proposals and proposing again."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.dated import province_committee_name, refusal
from models_registry.facts import refresh_place_facts
from models_registry.models import RECOGNITION_RANK, DvkModel, Status
from notifications import events as notices
from notifications.reminders import deliver

from .. import reminders, rules
from ..models import (
    LOCAL_ROUND_LEVELS,
    RECOGNISING_STATES,
    ConflictDeclaration,
    Entry,
    EntryEvent,
    EntryState,
    ReviewRound,
    RoundLevel,
)

S = EntryState


class ReviewError(Exception):
    """A refused change; the message is Vietnamese and shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ConcurrentChange(ReviewError):
    pass


class NotAllowed(ReviewError):
    """The user may not do this at all (views answer 403)."""


# The allowed outcome transitions: (from, to) -> action. Anything else is refused.
TRANSITIONS = {
    (S.PROPOSED, S.RECOGNISED): "recognise",
    (S.PROPOSED, S.NOT_RECOGNISED): "not_recognise",
    (S.PROPOSED, S.RETURNED): "return",
    (S.RECOGNISED, S.EXEMPLARY): "mark_exemplary",
    (S.RECOGNISED, S.PROPOSED_HIGHER): "propose_higher",
    (S.EXEMPLARY, S.PROPOSED_HIGHER): "propose_higher",
    (S.RETURNED, S.PROPOSED): "repropose",
    # Before publication a runner may take an outcome back to reconsider it.
    (S.RECOGNISED, S.PROPOSED): "reconsider",
    (S.EXEMPLARY, S.PROPOSED): "reconsider",
    (S.PROPOSED_HIGHER, S.PROPOSED): "reconsider",
    (S.NOT_RECOGNISED, S.PROPOSED): "reconsider",
}
REASON_REQUIRED = {"return", "not_recognise", "reconsider"}

ACTION_LABELS = {
    "propose": "Đề nghị xét công nhận",
    "repropose": "Bổ sung hồ sơ, đề nghị lại",
    "recognise": "Công nhận",
    "mark_exemplary": "Chọn là điển hình, tiêu biểu",
    "propose_higher": "Đề nghị cấp trên",
    "return": "Trả lại để bổ sung",
    "not_recognise": "Không công nhận",
    "reconsider": "Xem xét lại",
    "score": "Chấm điểm",
    "conflict": "Khai báo xung đột lợi ích",
    "replication": "Khuyến cáo nhân rộng",
    "publish": "Kết thúc đợt, công bố kết quả",
    "commend": "Khen thưởng",
    "nhap_tu_tep": "Nhập kết quả từ tệp",
}
# Actions district staff see in a model's history (the others are the reviewers' own work).
PUBLIC_ACTIONS = {"propose", "repropose", "return", "publish", "commend", "nhap_tu_tep"}


def reason_required(from_state, to_state):
    """Returning, not recognising and reconsidering need a reason (the form asks for it kindly,
    `_transition` refuses without it)."""
    return TRANSITIONS.get((from_state, to_state)) in REASON_REQUIRED


def allowed_targets(state):
    """Outcomes a runner may choose from `state` (re-proposal is the district's, not here)."""
    return [
        to for (frm, to), action in TRANSITIONS.items() if frm == state and action != "repropose"
    ]


def _log(entry, user, action, from_state="", to_state="", reason="", model_id=None):
    return EntryEvent.objects.create(
        entry=entry,
        model_id=model_id or entry.model_id,
        actor=user,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def _lock(entry, version):
    """Re-read the entry under a row lock; refuse if the round is closed or the caller's copy is
    stale (someone else acted on it since the caller loaded the page)."""
    locked = Entry.objects.select_for_update().select_related("round", "model").get(pk=entry.pk)
    if locked.round.is_closed:
        raise ReviewError(f"Đợt “{locked.round}” đã kết thúc, không thể thay đổi kết quả.")
    check_version(locked, version)
    return locked


def check_version(entry, version):
    """Refuse a change based on a page loaded before someone else's change."""
    if version is not None and int(version) != entry.version:
        raise ConcurrentChange(
            f"Hồ sơ “{entry.model}” vừa được người khác cập nhật (kết quả hiện tại: "
            f"{entry.get_state_display()}). Thao tác của bạn chưa được lưu; vui lòng xem lại "
            "rồi thực hiện lại nếu vẫn cần."
        )


def _sync_model(entry):
    """Copy a visible outcome onto the registry model (status, level, year, exemplary,
    replication). Levels only go up: a provincial refusal does not undo a district recognition."""
    model = DvkModel.objects.select_for_update().get(pk=entry.model_id)
    state = entry.state
    if state == S.PROPOSED:
        model.status = Status.PROPOSED
    elif state == S.RETURNED:
        model.status = Status.RETURNED
    elif state in RECOGNISING_STATES:
        model.status = Status.RECOGNISED
        level = entry.round.level
        if RECOGNITION_RANK[level] >= RECOGNITION_RANK[model.recognition_level]:
            model.recognition_level = level
            model.recognition_year = entry.round.year
        if entry.is_exemplary:
            model.is_exemplary = True
        if entry.replication_recommended:
            model.replication_recommended = True
            model.replication_note = entry.replication_note
    elif state == S.NOT_RECOGNISED:
        model.status = Status.RECOGNISED if model.recognition_level else Status.NOT_RECOGNISED
    model.version = model.version + 1
    model.save(
        update_fields=[
            "status",
            "recognition_level",
            "recognition_year",
            "is_exemplary",
            "replication_recommended",
            "replication_note",
            "version",
        ]
    )
    refresh_place_facts([model.pk])  # the statistics' copy of the status


def _transition(entry, user, to_state, *, version, reason=""):
    with transaction.atomic():
        locked = _lock(entry, version)
        from_state = locked.state
        action = TRANSITIONS.get((from_state, to_state))
        if action is None:
            raise ReviewError(
                f"Không thể chuyển hồ sơ từ “{S(from_state).label}” sang “{S(to_state).label}”."
            )
        if action == "repropose":
            if not rules.can_propose_to(user, locked.round) or not _editable(user, locked.model_id):
                raise NotAllowed(refusal(user, "Bạn không được đề nghị lại mô hình này."))
        elif not rules.can_run_round(user, locked.round):
            raise NotAllowed("Bạn không được quyết định kết quả trong đợt bình xét này.")
        else:
            _refuse_if_conflicted(locked, user)
        reason = (reason or "").strip()
        if reason_required(from_state, to_state) and not reason:
            raise ReviewError("Vui lòng ghi rõ lý do.")
        if action == "reconsider" and locked.is_published:
            raise ReviewError("Kết quả đã công bố, không thể xem xét lại.")
        higher_round = _higher_round(locked) if action == "propose_higher" else None
        if action == "reconsider" and from_state == S.PROPOSED_HIGHER:
            _take_back_escalation(locked)
        locked.state = to_state
        if action == "repropose":
            locked.reason = ""
            locked.decided_by = None
            locked.decided_at = None
        else:
            locked.reason = reason
            locked.decided_by = user
            locked.decided_at = timezone.now()
        if action == "mark_exemplary":
            locked.is_exemplary = True
        if action == "reconsider":
            locked.is_exemplary = False
            locked.replication_recommended = False
            locked.replication_note = ""
        if not locked.round.publish_on_close and to_state != S.PROPOSED:
            locked.is_published = True
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db(fields=["version"])
        _log(locked, user, action, from_state, to_state, reason)
        if locked.outcome_is_public and action != "reconsider":
            _sync_model(locked)
        if higher_round is not None:
            _escalate(locked, higher_round, user)
        if action == "return":
            notices.model_returned(locked)
        elif action == "repropose":
            notices.proposal_received(locked, reminders.runners_of(locked.round))
        return locked


def _higher_round(entry):
    """The open provincial round a district (or, from 1/7/2025, commune) entry goes up to, or a
    refusal saying why not.

    None for a provincial entry: "Đề nghị cấp trên" there proposes to the Central Committee,
    whose review happens outside the portal."""
    if entry.round.level not in LOCAL_ROUND_LEVELS:
        return None
    from territory.models import Unit

    year = entry.round.year
    province_id = int(entry.round.organiser.path.strip("/").split("/")[0])
    provinces = Unit.objects.filter(pk=province_id) | Unit.objects.successors_of(
        Unit.objects.get(pk=province_id)
    )
    rounds = ReviewRound.objects.filter(
        level=RoundLevel.PROVINCE, year=year, is_closed=False, organiser__in=provinces
    ).order_by("deadline", "id")
    higher = rounds.select_for_update().first()
    if higher is None:
        raise ReviewError(
            f"Chưa có đợt bình xét cấp tỉnh năm {year} đang mở, nên chưa đề nghị cấp trên được. "
            f"Đề nghị {province_committee_name()} mở đợt bình xét cấp tỉnh, "
            "rồi thực hiện lại."
        )
    return higher


def _escalate(entry, higher_round, user):
    """Put the model of `entry` into `higher_round`, unless it is there already (the district
    proposed it directly: that entry stays as it is)."""
    existing = Entry.objects.filter(round=higher_round, model_id=entry.model_id).first()
    if existing is not None:
        return existing
    higher = Entry.objects.create(
        round=higher_round, model_id=entry.model_id, proposed_by=user, escalated_from=entry
    )
    _log(higher, user, "propose", "", S.PROPOSED, f"Đề nghị từ {entry.round}")
    _sync_model(higher)
    notices.proposal_received(higher, reminders.runners_of(higher.round))
    return higher


def _take_back_escalation(entry):
    """Reconsidering an escalation removes the provincial entry it made, while untouched."""
    higher = Entry.objects.select_for_update().filter(escalated_from=entry).first()
    if higher is None:
        return
    started = higher.assessments.exists() or higher.conflicts.exists()
    if higher.state != S.PROPOSED or started:
        raise ReviewError(
            f"Mô hình đã được đề nghị lên {higher.round} và tỉnh đã bắt đầu xét, không thể "
            "xem xét lại ở cấp huyện."
        )
    higher.delete()


def _refuse_if_conflicted(entry, user):
    """A reviewer who declared a conflict of interest neither scores nor decides the entry."""
    if ConflictDeclaration.objects.filter(entry=entry, reviewer=user).exists():
        raise ReviewError(
            "Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không chấm điểm và không quyết "
            "định kết quả; người chấm khác trong đợt sẽ quyết định."
        )


def _editable(user, model_id):
    return DvkModel.objects.editable_by(user).filter(pk=model_id).exists()


# ---------------------------------------------------------------- outcomes (round runners)


def recognise(entry, user, *, version, reason=""):
    return _transition(entry, user, S.RECOGNISED, version=version, reason=reason)


def mark_exemplary(entry, user, *, version, reason=""):
    return _transition(entry, user, S.EXEMPLARY, version=version, reason=reason)


def propose_higher(entry, user, *, version, reason=""):
    return _transition(entry, user, S.PROPOSED_HIGHER, version=version, reason=reason)


def return_for_more_information(entry, user, *, version, reason):
    return _transition(entry, user, S.RETURNED, version=version, reason=reason)


def not_recognise(entry, user, *, version, reason):
    return _transition(entry, user, S.NOT_RECOGNISED, version=version, reason=reason)


def reconsider(entry, user, *, version, reason):
    return _transition(entry, user, S.PROPOSED, version=version, reason=reason)


OUTCOME_FUNCTIONS = {
    S.RECOGNISED: recognise,
    S.EXEMPLARY: mark_exemplary,
    S.PROPOSED_HIGHER: propose_higher,
    S.RETURNED: return_for_more_information,
    S.NOT_RECOGNISED: not_recognise,
    S.PROPOSED: reconsider,
}


def decide(entry, user, to_state, *, version, reason=""):
    """The outcome form's entry point: dispatches to the one function for that change."""
    try:
        function = OUTCOME_FUNCTIONS[S(to_state)]
    except (KeyError, ValueError):
        raise ReviewError("Kết quả không hợp lệ.") from None
    return function(entry, user, version=version, reason=reason)


# ---------------------------------------------------------------- rounds


def open_round(round, user):
    """Open a review round (a new `ReviewRound`, not saved yet): the rules, the save, and at
    once a notice to the officers who may propose to it (in the portal; by e-mail at once or
    in the daily digest, as each chose). `send_reminders` tells the same notice only to
    officers not told yet."""
    if not rules.can_open_round(user, round):
        raise NotAllowed("Bạn không được mở đợt bình xét này.")
    problem = rules.round_problem(round.level, round.organiser, round.year)
    if problem:
        raise ReviewError(problem)
    exists = rules.round_exists_message(round.level, round.organiser, round.year)
    with transaction.atomic():
        clash = ReviewRound.objects.filter(
            year=round.year, level=round.level, organiser=round.organiser
        )
        if clash.exists():
            raise ReviewError(exists)
        try:
            with transaction.atomic():
                round.save()
        except IntegrityError:  # opened at the same moment by someone else
            raise ReviewError(exists) from None
        deliver(reminders.round_opened(round, reminders.proposers_of(round)))
    return round


# ---------------------------------------------------------------- proposals (district staff)


def propose(model, round, user):
    """Propose one model to a round; a model returned in this round is proposed again."""
    today = timezone.localdate()
    with transaction.atomic():
        # A fresh, locked copy: a round closed meanwhile takes no more proposals.
        round = ReviewRound.objects.select_for_update().get(pk=round.pk)
        if not rules.can_propose_to(user, round):
            raise NotAllowed(refusal(user, f"Bạn không được đề nghị mô hình vào đợt “{round}”."))
        if not _editable(user, model.pk):
            raise NotAllowed(f"Mô hình “{model}” không thuộc địa bàn bạn quản lý.")
        if round.is_closed:
            raise ReviewError(f"Đợt “{round}” đã kết thúc.")
        existing = Entry.objects.filter(round=round, model=model).first()
        if existing is not None:
            if existing.state == S.RETURNED:
                return repropose(existing, user, version=existing.version)
            raise ReviewError(f"Mô hình “{model}” đã được đề nghị vào đợt này.")
        if today > round.deadline:
            raise ReviewError(f"Đợt “{round}” đã hết hạn đề nghị ngày {round.deadline:%d/%m/%Y}.")
        if model.status in (Status.DRAFT, Status.WITHDRAWN):
            raise ReviewError(
                f"Mô hình “{model}” đang ở trạng thái “{model.get_status_display()}”, "
                "chưa thể đề nghị."
            )
        if model.year > round.year:
            raise ReviewError(f"Mô hình “{model}” đăng ký năm {model.year}, sau năm của đợt.")
        if (
            round.level in LOCAL_ROUND_LEVELS
            and not models_of_organiser(round.organiser).filter(pk=model.pk).exists()
        ):
            raise ReviewError(f"Mô hình “{model}” không thuộc địa bàn của {round.organiser}.")
        entry = Entry.objects.create(round=round, model=model, proposed_by=user)
        _log(entry, user, "propose", "", S.PROPOSED)
        _sync_model(entry)
        notices.proposal_received(entry, reminders.runners_of(entry.round))
    return entry


def models_of_organiser(unit):
    """Models a district or commune round may take: those the unit keeps (`DvkModel.unit`; a
    district's own, not those of the 2025 communes formed from its communes)."""
    return DvkModel.objects.filter(unit=unit)


def propose_many(models, round, user):
    """Bulk proposal from the registry list: each model on its own; returns (entries, refusals)
    where refusals are Vietnamese messages."""
    entries, refusals = [], []
    for model in models:
        try:
            with transaction.atomic():
                entries.append(propose(model, round, user))
        except ReviewError as error:
            refusals.append(error.message)
    return entries, refusals


def repropose(entry, user, *, version=None):
    """The district completed a returned file and proposes it again in the same round (allowed
    after the proposal deadline: returns usually come after it; not after the round closes)."""
    return _transition(entry, user, S.PROPOSED, version=version)
