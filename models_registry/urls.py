from django.urls import path

from . import views

app_name = "models_registry"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("them/", views.model_create, name="create"),
    path("xuat-excel/", views.export, name="export"),
    # htmx: dependent choices and inline creation of who carries a model out.
    path("don-vi/", views.unit_options, name="unit_options"),
    path("bieu-mau/dia-ban/", views.form_places, name="form_places"),
    path("tap-the/them/", views.collective_create, name="collective_create"),
    path("ca-nhan/them/", views.individual_create, name="individual_create"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/sua/", views.model_edit, name="edit"),
    path("<int:pk>/dang-ky/", views.model_submit, name="submit"),
    path("<int:pk>/rut/", views.model_withdraw, name="withdraw"),
    path("<int:pk>/xoa/", views.model_delete, name="delete"),
    path("<int:pk>/ket-qua/them/", views.progress_add, name="progress_add"),
    path("<int:pk>/ket-qua/<int:progress_id>/sua/", views.progress_edit, name="progress_edit"),
    path("<int:pk>/tep/them/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path(
        "<int:pk>/tep/<int:attachment_id>/anh-nho/",
        views.attachment_thumbnail,
        name="thumbnail",
    ),
    path(
        "<int:pk>/tep/<int:attachment_id>/xoa/", views.attachment_delete, name="attachment_delete"
    ),
]
