from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews import todo


@login_required
def home(request):
    return render(request, "home.html", {"todo_items": todo.for_user(request.user)})


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processors that touch the database: the database may be why we are here.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
