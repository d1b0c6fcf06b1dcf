from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = "Giúp đỡ xã đặc biệt khó khăn"
