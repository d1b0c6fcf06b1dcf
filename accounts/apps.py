from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        from . import signals, two_factor  # noqa: F401 -- their signal receivers
