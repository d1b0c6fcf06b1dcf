from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        from . import signals, two_factor  # noqa: F401 -- their signal receivers
        from .permissions import name_permissions_in_vietnamese

        # Connected after django.contrib.auth's own receiver (auth comes first in
        # INSTALLED_APPS), so the permissions it has just created are renamed too.
        post_migrate.connect(name_permissions_in_vietnamese, dispatch_uid="vietnamese-permissions")
