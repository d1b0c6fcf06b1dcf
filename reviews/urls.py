from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("dot/moi/", views.round_create, name="round_create"),
    path("dot/<int:pk>/", views.round_detail, name="round"),
    path("dot/<int:pk>/ket-thuc/", views.round_close, name="round_close"),
    # Bulk proposal from the registry list: POST mo_hinh=<id>&mo_hinh=<id>…[&dot=<round id>]
    path("de-nghi/", views.propose, name="propose"),
    path("hang-doi/", views.queue, name="queue"),
    path("ho-so/<int:pk>/", views.entry_detail, name="entry"),
    path("ho-so/<int:pk>/cham-diem/", views.entry_score, name="score"),
    path("ho-so/<int:pk>/ket-qua/", views.entry_decide, name="decide"),
    path("ho-so/<int:pk>/xung-dot/", views.entry_conflict, name="conflict"),
    path("ho-so/<int:pk>/nhan-rong/", views.entry_replication, name="replication"),
    path("ho-so/<int:pk>/de-nghi-lai/", views.entry_repropose, name="repropose"),
    path("quyet-dinh/", views.decision_list, name="decisions"),
    path("quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision_edit"),
    path("quyet-dinh/<int:pk>/chon-tu-dot/", views.decision_pick, name="decision_pick"),
    path("quyet-dinh/<int:pk>/them/", views.recipient_add, name="recipient_add"),
    # htmx: the searchable model picker of the form above (?tim=<words>)
    path("quyet-dinh/<int:pk>/tim-mo-hinh/", views.recipient_models, name="recipient_models"),
    path(
        "quyet-dinh/<int:pk>/xoa/<int:recipient_pk>/",
        views.recipient_remove,
        name="recipient_remove",
    ),
    path("quyet-dinh/<int:pk>/danh-sach/", views.annex, name="annex"),
    path("quyet-dinh/<int:pk>/danh-sach.xlsx", views.annex_xlsx, name="annex_xlsx"),
    path("quyet-dinh/<int:pk>/ban-quet/", views.decision_scan, name="decision_scan"),
]
