"""Who may import, and where (the importer's permission rules, in one place).

Administrators import lists of any unit. Local officers import their own territory's lists:
a district officer (Ban Dân vận Huyện ủy) the lists of years before 1 July 2025, while the
district existed (afterwards the account only reads, `User.reads_only`); a commune officer (Role.COMMUNE_STAFF) their commune's lists,
including the former communes merged into it. A row outside the importer's territory is an
error row. Batches are seen through `ImportBatch.objects.visible_to(user)`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    unit_ids: frozenset  # districts and communes the importer may write (User.scope_unit_ids)
    name: str  # the importer's unit, for messages
    before_reform_only: bool  # district officers: lists of years before 1/7/2025


def may_import(user):
    """Accounts of abolished units (`User.reads_only`) import nothing."""
    if not user.is_authenticated:
        return False
    return user.is_administrator or (user.is_local_staff and not user.reads_only)


def scope_of(user):
    """Where `user` may import; None for the whole portal."""
    if user is None or user.sees_everything:
        return None
    return Scope(
        unit_ids=frozenset(user.scope_unit_ids()),
        name=user.unit.name if user.unit_id else "",
        before_reform_only=user.is_district_staff,
    )


def fingerprint(scope):
    """What of a scope a stored plan depends on (importer.uploads)."""
    if scope is None:
        return None
    return [sorted(scope.unit_ids), scope.before_reform_only]
