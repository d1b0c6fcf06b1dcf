from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.index, name="index"),
    path("phan-cong/them/", views.assignment_create, name="assignment_create"),
    path("hoat-dong/them/", views.activity_create, name="activity_create"),
]
