from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Bình xét, khen thưởng"

    def ready(self):
        from models_registry import page_panels
        from notifications.reminders import register

        from . import panels
        from .reminders import due_on

        # The review panel of the registry's model page (the registry does not import reviews).
        page_panels.register("reviews/partials/model_panel.html", panels.model_panel)
        # The rounds' reminders for `manage.py send_reminders` (reviews decides what is due,
        # notifications delivers it: see reviews.reminders).
        register(due_on)
