"""What `manage.py send_reminders` finds due on a day, and its delivery.

This app sits just above `accounts` and does not read the tables of the apps above it: each of
them registers a source of reminders here (`register`, from its `AppConfig.ready`), a function
`source(today)` returning the `Due` notices of that day. `reviews.reminders` is one: open
rounds announced, proposal deadlines 7 days and 1 day ahead, scores still missing.
"""

from dataclasses import dataclass

from .delivery import notify

_sources = []


@dataclass
class Due:
    event: str
    key: str
    title: str
    body: str
    url: str
    users: list


def register(source):
    """Add `source(today) -> [Due]` to what `send_reminders` asks (once, whatever the number
    of calls)."""
    if source not in _sources:
        _sources.append(source)


def due_on(today):
    return [due for source in _sources for due in source(today)]


def deliver(due):
    """Tell the users of one `Due` (each once per event and key). Returns the notices
    created."""
    return notify(due.users, due.event, key=due.key, title=due.title, body=due.body, url=due.url)


def send_due(today, *, dry_run=False):
    """Create the notices due today (each once per user, event and key). Returns [(due,
    number of users newly told)]."""
    from .models import Notification

    report = []
    for due in due_on(today):
        if dry_run:
            told = set(
                Notification.objects.filter(
                    event=due.event, key=due.key, user__in=due.users
                ).values_list("user_id", flat=True)
            )
            report.append((due, len([u for u in due.users if u.pk not in told])))
        else:
            report.append((due, len(deliver(due))))
    return report
