"""The portal's own error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def error_403(request, exception=None):
    # Every PermissionDenied of the portal carries its own Vietnamese reason ("Chỉ quản trị viên
    # được nhập dữ liệu từ tệp."); Django's own refusals carry none and get the general one.
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processors that touch the database: the database may be why we are here.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was sent with an expired or missing token, nearly always
    because the page stayed open past the session or cookies are off. Say what to do."""
    return render(request, "errors/csrf.html", status=403)
