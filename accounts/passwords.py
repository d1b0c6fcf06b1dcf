"""Passwords: a user changes their own; an administrator issues a one-time reset link.

The link is Django's password-reset token (it stops working once the password is changed or
the user signs in, and after PASSWORD_RESET_TIMEOUT). Where e-mail is configured
(EMAIL_CONFIGURED) and the account has an address, the link is sent to it; otherwise it is
shown to the administrator, who hands it over.
"""

from axes.utils import reset as reset_login_attempts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .audit import record
from .models import AuditAction


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, AuditAction.PASSWORD_CHANGED, "Tự đổi mật khẩu")
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        record(
            self.request, AuditAction.PASSWORD_RESET, "Đặt mật khẩu mới bằng liên kết", user=user
        )
        # A forgotten password often ends in a lockout: the new password starts afresh.
        reset_login_attempts(username=user.get_username())
        messages.success(self.request, "Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu này.")
        return response


def reset_link(request, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return request.build_absolute_uri(path)


def issue_reset(request, user):
    """Send (or return, to be shown) a one-time reset link for `user`; audited either way.
    Returns the link when it was not sent by e-mail."""
    link = reset_link(request, user)
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    if settings.EMAIL_CONFIGURED and user.email:
        send_mail(
            "Đặt lại mật khẩu — Cổng thông tin Dân vận khéo",
            f"Chào {user.display_name},\n\nQuản trị viên đã cấp cho tài khoản {user.username} "
            f"một liên kết đặt lại mật khẩu, dùng được một lần trong {hours} giờ:\n\n{link}\n\n"
            "Nếu bạn không đề nghị việc này, hãy báo ngay cho quản trị viên.",
            None,
            [user.email],
        )
        record(request, AuditAction.PASSWORD_RESET, f"Gửi liên kết đặt lại cho {user.username}")
        return None
    record(request, AuditAction.PASSWORD_RESET, f"Cấp liên kết đặt lại cho {user.username}")
    return link
