from django.shortcuts import redirect, render

from . import todo


def home(request):
    """Officers see their to-do list; an anonymous visitor the public showcase."""
    if not request.user.is_authenticated:
        return redirect("showcase:list")
    return render(request, "home/index.html", {"todo_items": todo.for_user(request.user)})
