from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.index, name="index"),
    path("da-doc/", views.mark_read, name="mark_read"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("chua-doc/", views.unread_count, name="unread_count"),
]
