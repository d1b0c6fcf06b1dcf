from django.urls import path

from .views import decisions, entries, rounds

app_name = "reviews"
urlpatterns = [
    path("", rounds.index, name="index"),
    path("dot/moi/", rounds.round_create, name="round_create"),
    path("dot/<int:pk>/", rounds.round_detail, name="round"),
    path("dot/<int:pk>/ket-thuc/", rounds.round_close, name="round_close"),
    # Bulk proposal from the registry list: POST mo_hinh=<id>&mo_hinh=<id>…[&dot=<round id>]
    path("de-nghi/", rounds.propose, name="propose"),
    path("hang-doi/", entries.queue, name="queue"),
    path("ho-so/<int:pk>/", entries.entry_detail, name="entry"),
    path("ho-so/<int:pk>/cham-diem/", entries.entry_score, name="score"),
    path("ho-so/<int:pk>/ket-qua/", entries.entry_decide, name="decide"),
    path("ho-so/<int:pk>/xung-dot/", entries.entry_conflict, name="conflict"),
    path("ho-so/<int:pk>/nhan-rong/", entries.entry_replication, name="replication"),
    path("ho-so/<int:pk>/de-nghi-lai/", entries.entry_repropose, name="repropose"),
    path("quyet-dinh/", decisions.decision_list, name="decisions"),
    path("quyet-dinh/moi/", decisions.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/sua/", decisions.decision_edit, name="decision_edit"),
    path("quyet-dinh/<int:pk>/chon-tu-dot/", decisions.decision_pick, name="decision_pick"),
    path("quyet-dinh/<int:pk>/them/", decisions.recipient_add, name="recipient_add"),
    # htmx: the searchable model picker of the form above (?tim=<words>)
    path("quyet-dinh/<int:pk>/tim-mo-hinh/", decisions.recipient_models, name="recipient_models"),
    path(
        "quyet-dinh/<int:pk>/xoa/<int:recipient_pk>/",
        decisions.recipient_remove,
        name="recipient_remove",
    ),
    path("quyet-dinh/<int:pk>/danh-sach/", decisions.annex, name="annex"),
    path("quyet-dinh/<int:pk>/danh-sach.xlsx", decisions.annex_xlsx, name="annex_xlsx"),
    path("quyet-dinh/<int:pk>/ban-quet/", decisions.decision_scan, name="decision_scan"),
]
