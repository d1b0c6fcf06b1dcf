"""Creating who carries a model out (a collective or an individual) from the inline form."""

from django.core.exceptions import ValidationError

from .. import rules


def add_implementer(implementer, *, user):
    """Create a collective or an individual (from the inline form) inside the user's territory."""
    rules.require(rules.can_change_models(user), "Bạn không được thêm tập thể, cá nhân.", user=user)
    if not user.sees_everything and not user.scope_units().filter(pk=implementer.unit_id).exists():
        raise ValidationError({"unit": "Địa bàn này nằm ngoài phạm vi quản lý của bạn."})
    implementer._history_user = user
    implementer.save()
    return implementer
