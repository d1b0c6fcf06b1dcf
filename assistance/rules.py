"""Who may do what with the help for difficult communes."""

from django.core.exceptions import PermissionDenied


def can_edit(user):
    """Provincial reviewers and administrators record assignments and activities."""
    return user.is_authenticated and (user.is_reviewer or user.is_administrator)


def visible_communes(user):
    """The communes a user sees in the report: all of them (None), or the ids of those of
    their territory (the list read once per request, `User.scope_unit_ids`: the recursive
    scope query inside each of the report's two queries cost some 15 ms each)."""
    return None if user.sees_everything else user.scope_unit_ids()


def require_edit(user):
    if not can_edit(user):
        raise PermissionDenied("Chỉ cán bộ Ban Dân vận Tỉnh ủy và quản trị viên được cập nhật.")
