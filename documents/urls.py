from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("quyet-dinh/<int:pk>/bang-khen/", views.certificates, name="certificates"),
    path("quyet-dinh/<int:pk>/danh-sach.docx", views.annex_docx, name="annex_docx"),
    path("so-ket.docx", views.report_docx, name="report_docx"),
    path("mau-in/<int:issuer_id>.css", views.layout_css, name="layout_css"),
]
