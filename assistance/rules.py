"""Who may do what with the help for difficult communes."""

from django.core.exceptions import PermissionDenied


def can_edit(user):
    """Provincial reviewers and administrators record assignments and activities."""
    return user.is_authenticated and (user.is_reviewer or user.is_administrator)


def visible_communes(user):
    """The communes a user sees in the report: all of them, or those of their territory."""
    return None if user.sees_everything else user.scope_units()


def require_edit(user):
    if not can_edit(user):
        raise PermissionDenied("Chỉ cán bộ Ban Dân vận Tỉnh ủy và quản trị viên được cập nhật.")
