from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = "Thống kê"

    def ready(self):
        from .dataversion import install_triggers

        # After every migrate: the triggers that change the data version (stats.dataversion).
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="stats.triggers")
