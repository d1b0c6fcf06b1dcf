"""App configurations the portal adjusts for its users."""

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    """django-axes as it is, under a Vietnamese name in the admin (its own is "Axes")."""

    verbose_name = "Chống dò mật khẩu"
