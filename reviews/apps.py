from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Bình xét, khen thưởng"

    def ready(self):
        from models_registry import page_panels

        from . import panels

        page_panels.register("reviews/partials/model_panel.html", panels.model_panel)
