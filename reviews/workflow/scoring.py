"""Scoring an entry, conflicts of interest, recommending replication and closing a round."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from danvan import formatting
from notifications import events as notices

from .. import rules
from ..facts import refresh_result_facts
from ..models import (
    RECOGNISING_STATES,
    Assessment,
    ConflictDeclaration,
    Entry,
    EntryEvent,
    ReviewRound,
    RubricCriterion,
    Score,
)
from .entries import (
    ConcurrentChange,
    NotAllowed,
    ReviewError,
    S,
    _lock,
    _log,
    _refuse_if_conflicted,
    _sync_model,
)

# ---------------------------------------------------------------- scoring


def active_criteria():
    return list(RubricCriterion.objects.filter(is_active=True))


def weighted_total(values, criteria):
    """Scores converted to a 100-point scale with the rubric's weights."""
    weights = sum((c.weight for c in criteria), Decimal(0))
    if not weights:
        return Decimal(0)
    total = sum((Decimal(values[c.pk]) / c.max_score * c.weight for c in criteria), Decimal(0))
    return (total / weights * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def save_assessment(entry, user, values, comment="", *, version=None):
    """One reviewer's scores for one entry (created or updated). `values` maps criterion id to
    score; `version` is the assessment's version the reviewer saw (None for a new one)."""
    criteria = active_criteria()
    with transaction.atomic():
        locked = _lock(entry, None)
        if not rules.can_run_round(user, locked.round):
            raise NotAllowed("Bạn không được chấm điểm trong đợt bình xét này.")
        _refuse_if_conflicted(locked, user)
        if locked.state != S.PROPOSED:
            raise ReviewError("Hồ sơ đã có kết quả, không chấm điểm nữa.")
        for criterion in criteria:
            value = values.get(criterion.pk)
            if value is None:
                raise ReviewError(f"Vui lòng chấm tiêu chí “{criterion}”.")
            if not 0 <= Decimal(value) <= criterion.max_score:
                raise ReviewError(
                    f"Điểm tiêu chí “{criterion}” phải từ 0 đến {criterion.max_score}."
                )
        assessment = (
            Assessment.objects.select_for_update().filter(entry=locked, reviewer=user).first()
        )
        if assessment is None:
            assessment = Assessment(entry=locked, reviewer=user)
        elif version is not None and int(version) != assessment.version:
            raise ConcurrentChange(
                "Phiếu chấm này vừa được lưu ở một cửa sổ khác. Điểm của bạn chưa được lưu; "
                "vui lòng tải lại trang."
            )
        else:
            assessment.version += 1
        assessment.comment = (comment or "").strip()
        assessment.total = weighted_total(values, criteria)
        assessment.save()
        for criterion in criteria:
            Score.objects.update_or_create(
                assessment=assessment,
                criterion=criterion,
                defaults={"value": Decimal(values[criterion.pk])},
            )
        _log(locked, user, "score", reason=f"Tổng điểm {formatting.score(assessment.total)}/100")
        return assessment


def declare_conflict(entry, user, reason):
    """A reviewer withdraws from an entry; any scores they gave it are removed."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(entry, None)
        if not rules.can_run_round(user, locked.round):
            raise NotAllowed("Bạn không chấm điểm trong đợt bình xét này.")
        if not reason:
            raise ReviewError("Vui lòng ghi rõ lý do xung đột lợi ích.")
        _, created = ConflictDeclaration.objects.get_or_create(
            entry=locked, reviewer=user, defaults={"reason": reason}
        )
        if not created:
            raise ReviewError("Bạn đã khai báo xung đột lợi ích với hồ sơ này.")
        Assessment.objects.filter(entry=locked, reviewer=user).delete()
        _log(locked, user, "conflict", reason=reason)
        return locked


# ---------------------------------------------------------------- replication and closing


def recommend_replication(entry, user, note, *, version):
    with transaction.atomic():
        locked = _lock(entry, version)
        if not rules.can_run_round(user, locked.round):
            raise NotAllowed("Bạn không được khuyến cáo nhân rộng trong đợt bình xét này.")
        _refuse_if_conflicted(locked, user)
        if locked.state not in RECOGNISING_STATES:
            raise ReviewError("Chỉ khuyến cáo nhân rộng mô hình đã được công nhận.")
        locked.replication_recommended = True
        locked.replication_note = (note or "").strip()
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db(fields=["version"])
        _log(locked, user, "replication", locked.state, locked.state, locked.replication_note)
        if locked.is_published:
            _sync_model(locked)
        return locked


def close_round(round, user):
    """Close a round: every entry must have an outcome; outcomes are published together and
    copied onto the models."""
    with transaction.atomic():
        locked = ReviewRound.objects.select_for_update().get(pk=round.pk)
        if not rules.can_run_round(user, locked):
            raise NotAllowed("Bạn không chủ trì đợt bình xét này.")
        if locked.is_closed:
            raise ReviewError(f"Đợt “{locked}” đã kết thúc.")
        pending = locked.entries.filter(state=S.PROPOSED).count()
        if pending:
            raise ReviewError(
                f"Còn {pending} hồ sơ chưa có kết quả; hãy quyết định trước khi kết thúc đợt."
            )
        locked.is_closed = True
        locked.closed_at = timezone.now()
        locked.closed_by = user
        locked.save(update_fields=["is_closed", "closed_at", "closed_by"])
        to_publish = list(
            locked.entries.filter(is_published=False)
            .exclude(state=S.RETURNED)
            .select_related("round", "model")
        )
        Entry.objects.filter(pk__in=[e.pk for e in to_publish]).update(
            is_published=True, version=F("version") + 1
        )
        EntryEvent.objects.bulk_create(
            EntryEvent(
                entry=e,
                model_id=e.model_id,
                actor=user,
                action="publish",
                from_state=e.state,
                to_state=e.state,
            )
            for e in to_publish
        )
        for e in to_publish:
            e.is_published = True
            _sync_model(e)
        refresh_result_facts(e.model_id for e in to_publish)
        notices.results_published(locked, to_publish)
        return locked
