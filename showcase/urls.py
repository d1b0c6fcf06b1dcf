from django.urls import path

from . import views

app_name = "showcase"
urlpatterns = [
    path("", views.showcase_list, name="list"),
    path("<int:pk>/", views.showcase_detail, name="detail"),
    path("<int:pk>/anh/<int:photo_id>/", views.photo, name="photo"),
    path("<int:pk>/anh/<int:photo_id>/anh-nho/", views.thumbnail, name="thumbnail"),
    path("<int:pk>/anh/<int:photo_id>/cong-khai/", views.photo_visibility, name="photo_visibility"),
]
