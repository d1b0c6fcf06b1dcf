"""Two-factor sign-in with an authenticator app (TOTP, django-otp).

Administrators must use it (TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS); other users may turn it
on. After the password, a user who needs a code is sent to the code page, and an administrator
without an app to the set-up page, before any other page (the admin included).

Whether a code is needed is decided once, at sign-in, and kept in the session (`NEEDS_CODE`),
so pages of users without two-factor cost no extra query.
"""

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import record
from .models import AuditAction

NEEDS_CODE = "_two_factor"  # session key: "code" (has an app) or "setup" (must set one up)
DEVICE_NAME = "Ứng dụng xác thực"
# Pages reachable before the second step: signing in and out, the second step itself and a
# reset link (changing the password needs the second step, like every other page).
EXEMPT = (
    "/dang-nhap/",
    "/dang-xuat/",
    "/tai-khoan/hai-lop/",
    "/tai-khoan/xac-thuc/",
    "/tai-khoan/dat-lai-mat-khau/",
    "/static/",
)


def must_set_up(user):
    return settings.TWO_FACTOR_REQUIRED_FOR_ADMINISTRATORS and user.is_administrator


@receiver(user_logged_in)
def decide_second_step(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if user_has_device(user):
        request.session[NEEDS_CODE] = "code"
    elif must_set_up(user):
        request.session[NEEDS_CODE] = "setup"
    else:
        request.session.pop(NEEDS_CODE, None)


class TwoFactorMiddleware:
    """Sends a signed-in user who still owes the second step to the code or set-up page.

    Must come after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT)
            and NEEDS_CODE in request.session
            and not user.is_verified()
        ):
            step = "accounts:two_factor_verify"
            if request.session[NEEDS_CODE] == "setup":
                step = "accounts:two_factor_setup"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã 6 số trong ứng dụng xác thực",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError("Mã gồm 6 chữ số.")
        return code


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _signed_in_with(request, device):
    otp_login(request, device)
    request.session[NEEDS_CODE] = "code"


@login_required
def setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        # Replacing an app needs the current one first.
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.path}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _signed_in_with(request, device)
            record(request, AuditAction.TWO_FACTOR, "Bật xác thực hai lớp")
            messages.success(
                request, "Đã bật xác thực hai lớp: từ nay mỗi lần đăng nhập cần mã trong ứng dụng."
            )
            return redirect(_next_url(request))
        form.add_error(
            "code", "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng."
        )
    # The QR code is drawn here as SVG markup (no image service, no script).
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff"),
            "secret": base64.b32encode(device.bin_key).decode(),
            "required": must_set_up(user),
            "enabled": user_has_device(user),
            "next": _next_url(request),
        },
    )


@login_required
def verify(request):
    """The second step of signing in: the code from the authenticator app."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        # No app (or an administrator removed it): set one up if required, else carry on.
        if must_set_up(user):
            request.session[NEEDS_CODE] = "setup"
            return redirect(f"{reverse('accounts:two_factor_setup')}?next={_next_url(request)}")
        request.session.pop(NEEDS_CODE, None)
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # After a wrong code django-otp refuses every code for a while, doubling each time.
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", "Đã nhập sai mã: vui lòng chờ ít giây rồi nhập mã mới.")
        elif device.verify_token(form.cleaned_data["code"]):
            _signed_in_with(request, device)
            return redirect(_next_url(request))
        else:
            record(request, AuditAction.TWO_FACTOR, "Mã xác thực hai lớp sai")
            form.add_error(
                "code",
                "Mã không đúng hoặc đã hết hạn. Nếu mất điện thoại, hãy liên hệ quản trị viên "
                "để được gỡ ứng dụng xác thực khỏi tài khoản.",
            )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )
