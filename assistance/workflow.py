"""The two changes recorded from the portal: an assignment and an activity. (The yearly list of
difficult communes and the agencies are kept in the admin, by hand or from Excel.)"""

from django.db import transaction

from . import rules


def save_assignment(assignment, *, user):
    rules.require_edit(user)
    if assignment.pk is None:
        assignment.created_by = user
    assignment.full_clean()
    assignment.save()
    return assignment


def save_activity(activity, *, user, models=()):
    rules.require_edit(user)
    if activity.pk is None:
        activity.created_by = user
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        activity.models_started.set(models)
    return activity
