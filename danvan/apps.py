"""App configurations the portal adjusts for its users."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as DefaultTOTPConfig

# What an authenticator app (TOTP device) is called everywhere in the portal.
TOTP_DEVICE = "ứng dụng xác thực"


class AxesConfig(AxesAppConfig):
    """django-axes as it is, under a Vietnamese name in the admin (its own is "Axes")."""

    verbose_name = "Chống dò mật khẩu"


class OTPTOTPConfig(DefaultTOTPConfig):
    """django-otp's authenticator apps, named in Vietnamese in the admin and its permissions.

    Its model names are plain English strings; they are replaced on the model's options only
    (not in `original_attrs`, which migrations read), so no migration of django-otp changes.
    """

    name = "django_otp.plugins.otp_totp"
    verbose_name = "Đăng nhập hai lớp"

    def ready(self):
        super().ready()
        opts = self.get_model("TOTPDevice")._meta
        opts.verbose_name = TOTP_DEVICE
        opts.verbose_name_plural = TOTP_DEVICE


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the portal's site (danvan.admin_site: sign in at /dang-nhap/)."""

    default_site = "danvan.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        # Django writes a yes/no icon's text as alt="True"/"False"/"None", untranslatable; every
        # caller imports this function when it draws, so the Vietnamese one is used everywhere.
        from django.contrib.admin.templatetags import admin_list

        from .admin_site import boolean_icon

        admin_list._boolean_icon = boolean_icon
