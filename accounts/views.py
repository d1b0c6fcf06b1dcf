from django.conf import settings
from django.contrib.auth import views as auth_views

from .forms import LoginForm


def tries_left(request, username):
    """Sign-in attempts left before django-axes locks this address or this account."""
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_failure_limit

    credentials = {"username": username}
    failures = AxesProxyHandler.get_failures(request, credentials)
    return max(get_failure_limit(request, credentials) - failures, 0)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        context = self.get_context_data(form=form)
        if settings.AXES_ENABLED and form.cleaned_data.get("username"):
            context["tries_left"] = tries_left(self.request, form.cleaned_data["username"])
            context["cooloff_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return self.render_to_response(context)


class LogoutView(auth_views.LogoutView):
    pass
