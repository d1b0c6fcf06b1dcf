"""Changes of an account that follow the territory (one function per change)."""

from django.db import transaction

from territory.models import Level

from .models import Role


class AccountError(Exception):
    """A refused change; the message is Vietnamese and shown as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def move_to_successor(user, unit=None):
    """Move an account of an abolished unit to a unit that took its territory over: `unit`
    (one of `user.successor_units()`), or the only one there is (Bắc Kạn → Thái Nguyên). A
    district officer moved to a commune becomes a commune officer. Returns the new unit."""
    if not user.unit_abolished:
        raise AccountError(f"{user.username}: đơn vị {user.unit or '(chưa có)'} vẫn còn hiệu lực.")
    successors = list(user.successor_units())
    if unit is None:
        if len(successors) != 1:
            raise AccountError(
                f"{user.username}: {user.unit} nay thuộc {len(successors)} đơn vị; "
                "hãy chọn đơn vị mới."
            )
        unit = successors[0]
    elif unit not in successors:
        raise AccountError(f"{user.username}: {unit} không kế tục {user.unit}.")
    with transaction.atomic():
        user.unit = unit
        if user.is_district_staff and unit.level == Level.COMMUNE:
            user.role = Role.COMMUNE_STAFF
        user.save(update_fields=["unit", "role"])
    return unit
