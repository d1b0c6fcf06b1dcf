from django.urls import path

from . import views

app_name = "importer"
urlpatterns = [
    path("", views.index, name="index"),
    path("mau-nhap.xlsx", views.template, name="template"),
    path("xem-truoc/<str:token>/", views.preview, name="preview"),
    path("xem-truoc/<str:token>/dong-loi.xlsx", views.preview_errors, name="preview_errors"),
    path("xem-truoc/<str:token>/xac-nhan/", views.confirm, name="confirm"),
    path("lan-nhap/", views.batch_list, name="batch_list"),
    path("lan-nhap/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("lan-nhap/<int:pk>/hoan-tac/", views.batch_undo, name="batch_undo"),
    path("lan-nhap/<int:pk>/tep-goc/", views.batch_file, name="batch_file"),
]
