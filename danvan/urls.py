from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản trị cổng thông tin “Dân vận khéo”"
admin.site.site_title = "Quản trị Dân vận khéo"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", include("home.urls")),
    path("", include("accounts.urls")),
    path("mo-hinh/", include("models_registry.urls")),
    path("danh-gia/", include("reviews.urls")),
    path("thong-ke/", include("stats.urls")),
    path("nhap-du-lieu/", include("importer.urls")),
    path("dia-ban/", include("territory.urls")),
    path("dien-hinh/", include("showcase.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("giup-xa/", include("assistance.urls")),
    path("van-ban/", include("documents.urls")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "danvan.views.error_403"
handler404 = "danvan.views.error_404"
handler500 = "danvan.views.error_500"
