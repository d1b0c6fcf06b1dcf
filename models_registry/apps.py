from django.apps import AppConfig


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = "Sổ đăng ký mô hình"

    def ready(self):
        from . import signals  # noqa: F401 -- a village moved to another commune
