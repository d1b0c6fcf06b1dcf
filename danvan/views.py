from django.shortcuts import redirect, render

from reviews import todo


def home(request):
    """Officers see their to-do list; an anonymous visitor the public showcase."""
    if not request.user.is_authenticated:
        return redirect("showcase:list")
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
