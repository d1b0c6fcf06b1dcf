from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Bình xét, khen thưởng"

    def ready(self):
        from notifications.reminders import register

        from .reminders import due_on

        # The rounds' reminders for `manage.py send_reminders` (reviews decides what is due,
        # notifications delivers it: see reviews.reminders).
        register(due_on)
