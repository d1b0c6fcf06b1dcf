"""A commendation decision's recipients: added from a round's entries or one by one, removed."""

from django.db import transaction

from notifications import events as notices

from .. import rules
from ..models import (
    RECOGNISING_STATES,
    Decision,
    Entry,
    Recipient,
)
from .entries import NotAllowed, ReviewError, _log

# ---------------------------------------------------------------- commendations


def add_recipients_from_entries(decision, entries, user):
    """Commend the implementers of the chosen (exemplary) entries in one step; an implementer
    already on the decision for that model is skipped. Returns the new recipients."""
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if not rules.can_manage_decision(user, locked):
            raise NotAllowed("Bạn không được cập nhật quyết định này.")
        unpublished = [e for e in entries if not e.is_published]
        if unpublished:
            raise ReviewError(_unpublished_message(unpublished[0].model))
        existing = set(locked.recipients.values_list("model_id", flat=True))
        next_order = (
            locked.recipients.order_by("-order").values_list("order", flat=True).first() or 0
        ) + 1
        created = []
        for entry in entries:
            model = entry.model
            if model.pk in existing:
                continue
            recipient = Recipient(
                decision=locked,
                collective=model.collective,
                individual=model.individual,
                model=model,
                order=next_order,
                position=_position_of(model),
                citation=f"Đã có thành tích xuất sắc trong thực hiện mô hình “Dân vận khéo”: {model.title}",
            )
            recipient.save()
            next_order += 1
            created.append(recipient)
            _log(None, user, "commend", reason=str(locked), model_id=model.pk)
        notices.commended(locked, created)
        return created


def add_recipient(decision, user, *, model, citation="", position=""):
    with transaction.atomic():
        if not rules.can_manage_decision(user, decision):
            raise NotAllowed("Bạn không được cập nhật quyết định này.")
        problem = recipient_problem(decision, model)
        if problem:
            raise ReviewError(problem)
        last = decision.recipients.order_by("-order").values_list("order", flat=True).first()
        recipient = Recipient.objects.create(
            decision=decision,
            collective=model.collective,
            individual=model.individual,
            model=model,
            order=(last or 0) + 1,
            citation=citation.strip()
            or f"Đã có thành tích xuất sắc trong thực hiện mô hình “Dân vận khéo”: {model.title}",
            position=position.strip() or _position_of(model),
        )
        _log(None, user, "commend", reason=str(decision), model_id=model.pk)
        notices.commended(decision, [recipient])
        return recipient


def recipient_problem(decision, model):
    """Why `model` cannot be added to `decision` (None when it can): already on it, or its
    recognition not published yet. `add_recipient` asks this; the admin's form asks it first."""
    if decision.pk and decision.recipients.filter(model=model).exists():
        return f"Mô hình “{model}” đã có trong danh sách khen thưởng."
    published = Entry.objects.filter(model=model, state__in=RECOGNISING_STATES, is_published=True)
    if not published.exists():
        return _unpublished_message(model)
    return None


def _unpublished_message(model):
    return (
        f"Kết quả công nhận mô hình “{model}” chưa công bố (đợt bình xét chưa kết thúc), nên "
        "chưa đưa vào quyết định khen thưởng được."
    )


def remove_recipient(recipient, user):
    with transaction.atomic():
        if not rules.can_manage_decision(user, recipient.decision):
            raise NotAllowed("Bạn không được cập nhật quyết định này.")
        if recipient.model_id:
            _log(
                None,
                user,
                "commend",
                reason=f"Rút khỏi danh sách khen thưởng: {recipient.decision}",
                model_id=recipient.model_id,
            )
        recipient.delete()


def _position_of(model):
    if model.individual_id:
        person = model.individual
        return person.position or person.unit.label()
    return model.collective.unit.label()
