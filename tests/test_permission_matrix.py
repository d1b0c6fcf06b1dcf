"""Every URL of the portal × every persona × GET and POST, against one table.

Objects belong to Ba Bể ("same" = the Ba Bể officer, "other" = the Chợ Đồn officer). Each
request runs inside a rolled-back savepoint, so every persona meets the same data. A URL
pattern without a row here fails the test: a new page must decide who may see it.

Outcomes: "login" (redirect to the login page), 404, 403, 405 (method not offered), "ok"
(2xx or a redirect that is not to the login page).
"""

import io
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from PIL import Image

from accounts.models import Role
from models_registry.models import Attachment, AttachmentKind, Status, YearlyProgress
from reviews.models import CommendationForm, Decision, IssuingBody, Recipient, RoundLevel

from .conftest import make_user
from .factories import unit
from .test_reviews_helpers import babe_model, make_round

# The table is the district era (before 1/7/2025, tests/conftest.py `district_era`), when the
# Ba Bể officer still writes; `TODAY_SAME` below is the same officer after the reform.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]

PERSONAS = ["anonymous", "same", "other", "reviewer", "admin"]
L, OK = "login", "ok"
AFTER_THE_REFORM = date(2026, 12, 1)


def row(get, post):
    """get/post: five outcomes in PERSONAS order."""
    return {
        "GET": dict(zip(PERSONAS, get, strict=True)),
        "POST": dict(zip(PERSONAS, post, strict=True)),
    }


# Everyone logged in may read; only the Ba Bể officer and the administrator may write.
READ_ALL = [L, OK, OK, OK, OK]
# A Ba Bể object: Chợ Đồn finds nothing, the reviewer reads, the admin does everything.
OBJ_READ = [L, OK, 404, OK, OK]
OBJ_WRITE = [L, OK, 404, 403, OK]
NO_POST = [L, 405, 405, 405, 405]
# The importer: administrators and local officers, never reviewers. A preview token that is
# not in the asker's session: nothing to show (404); GET on a POST-only action: 405.
IMPORTERS = [L, OK, OK, 403, OK]
# The village page: commune officers (not in this table's personas) and administrators.
ADMIN_ONLY = [L, 403, 403, 403, OK]
IMPORTER_NO_POST = [L, 405, 405, 403, 405]
IMPORTER_NOT_FOUND = [L, 404, 404, 403, 404]
IMPORTER_OBJ = [L, OK, 404, 403, OK]

TABLE = {
    # An anonymous visitor is sent to the public showcase, not to the login page.
    "home": row([OK] * 5, [OK] * 5),
    "accounts:login": row([OK] * 5, [OK] * 5),
    "accounts:logout": row([405] * 5, [L] * 5),  # logging out ends on the login page
    "accounts:password_change": row(READ_ALL, READ_ALL),
    # A link that is not valid: a page saying so, for anyone.
    "accounts:password_reset_confirm": row([OK] * 5, [OK] * 5),
    "accounts:two_factor_setup": row(READ_ALL, READ_ALL),
    # Without an authenticator app: sent on to the set-up page.
    "accounts:two_factor_verify": row(READ_ALL, READ_ALL),
    # registry
    "models_registry:list": row(READ_ALL, NO_POST),
    "models_registry:create": row([L, OK, OK, 403, OK], [L, OK, OK, 403, OK]),
    "models_registry:export": row(READ_ALL, NO_POST),
    "models_registry:unit_options": row(READ_ALL, NO_POST),
    "models_registry:form_places": row([L, OK, OK, 403, OK], NO_POST),
    "models_registry:collective_create": row([L, OK, OK, 403, OK], [L, OK, OK, 403, OK]),
    "models_registry:individual_create": row([L, OK, OK, 403, OK], [L, OK, OK, 403, OK]),
    "models_registry:detail": row(OBJ_READ, NO_POST),
    "models_registry:edit": row(OBJ_WRITE, OBJ_WRITE),
    "models_registry:submit": row([L, 405, 405, 405, 405], OBJ_WRITE),
    "models_registry:withdraw": row(OBJ_WRITE, OBJ_WRITE),
    "models_registry:delete": row(OBJ_WRITE, OBJ_WRITE),
    "models_registry:progress_add": row(OBJ_WRITE, OBJ_WRITE),
    "models_registry:progress_edit": row(OBJ_WRITE, OBJ_WRITE),
    # POST only; an empty upload is refused as bad input (400) once the rules let it through.
    "models_registry:attachment_upload": row([L, 405, 405, 405, 405], [L, 400, 404, 403, 400]),
    "models_registry:attachment": row(OBJ_READ, NO_POST),
    "models_registry:thumbnail": row(OBJ_READ, NO_POST),
    "models_registry:attachment_delete": row([L, 405, 405, 405, 405], OBJ_WRITE),
    # territory: villages of today's commune (commune officers and administrators)
    "territory:villages": row(ADMIN_ONLY, ADMIN_ONLY),
    # reviews
    "reviews:index": row(READ_ALL, NO_POST),
    # District staff open district rounds, reviewers the provincial one.
    "reviews:round_create": row(READ_ALL, READ_ALL),
    "reviews:round": row(READ_ALL, NO_POST),
    "reviews:round_close": row([L, 405, 405, 405, 405], [L, 403, 403, OK, OK]),
    "reviews:propose": row([L, OK, OK, 403, OK], [L, OK, OK, 403, OK]),
    # District staff have a queue too: the district rounds they run.
    "reviews:queue": row(READ_ALL, NO_POST),
    "reviews:entry": row(OBJ_READ, NO_POST),
    # The Ba Bể officer sees their entry but may not score or decide it (403).
    "reviews:score": row([L, 403, 404, OK, OK], [L, 403, 404, OK, OK]),
    "reviews:decide": row([L, 405, 405, 405, 405], [L, 403, 404, OK, OK]),
    "reviews:conflict": row([L, 405, 405, 405, 405], [L, 403, 404, OK, OK]),
    "reviews:replication": row([L, 405, 405, 405, 405], [L, 403, 404, OK, OK]),
    # The entry is not "returned": those allowed get a message, not a change.
    "reviews:repropose": row([L, 405, 405, 405, 405], [L, OK, 404, OK, OK]),
    "reviews:decisions": row(READ_ALL, NO_POST),
    # District staff record their district's decisions (Giấy khen of UBND huyện).
    "reviews:decision_create": row(READ_ALL, READ_ALL),
    "reviews:decision": row(OBJ_READ, NO_POST),
    "reviews:decision_edit": row([L, 403, 404, OK, OK], [L, 403, 404, OK, OK]),
    "reviews:decision_pick": row([L, 405, 405, 405, 405], [L, 403, 404, OK, OK]),
    "reviews:recipient_add": row([L, 405, 405, 405, 405], [L, 403, 404, 400, 400]),
    # htmx: the decision's searchable model picker, for those who may change the decision.
    "reviews:recipient_models": row([L, 403, 404, OK, OK], [L, 405, 405, 405, 405]),
    "reviews:recipient_remove": row([L, 405, 405, 405, 405], [L, 403, 404, OK, OK]),
    "reviews:annex": row(OBJ_READ, NO_POST),
    "reviews:annex_xlsx": row(OBJ_READ, NO_POST),
    "reviews:decision_scan": row(OBJ_READ, NO_POST),
    # statistics: each persona within their own scope (scope itself: tests/test_stats.py)
    "stats:index": row(READ_ALL, NO_POST),
    # public showcase: everyone reads (a published, recognised model and its public photo)
    "showcase:list": row([OK] * 5, [405] * 5),
    "showcase:detail": row([OK] * 5, [405] * 5),
    "showcase:photo": row([OK] * 5, [405] * 5),
    "showcase:thumbnail": row([OK] * 5, [405] * 5),
    # the officer shows a photo of their model on the showcase (registry scope)
    "showcase:photo_visibility": row([L, 405, 405, 405, 405], OBJ_WRITE),
    # notifications: each signed-in user their own notices (an empty preference form: 200)
    "notifications:index": row(READ_ALL, READ_ALL),
    "notifications:mark_read": row([L, 405, 405, 405, 405], READ_ALL),
    "notifications:unread_count": row(READ_ALL, [L, 405, 405, 405, 405]),
    # a notice of the Ba Bể officer: nobody else's
    "notifications:open": row([L, OK, 404, 404, 404], [L, 405, 405, 405, 405]),
    # help for difficult communes: everyone reads within their scope; the province edits
    "assistance:index": row(READ_ALL, NO_POST),
    "assistance:assignment_create": row([L, 403, 403, OK, OK], [L, 403, 403, OK, OK]),
    "assistance:activity_create": row([L, 403, 403, OK, OK], [L, 403, 403, OK, OK]),
    # certificates and Word documents: whoever sees the decision (or the statistics)
    "documents:certificates": row(OBJ_READ, NO_POST),
    "documents:annex_docx": row(OBJ_READ, NO_POST),
    "documents:report_docx": row(READ_ALL, NO_POST),
    "documents:layout_css": row(READ_ALL, NO_POST),
    # import: administrators and local officers (their own territory; the batch is Ba Bể's);
    # reviewers never
    "importer:index": row(IMPORTERS, IMPORTERS),
    "importer:template": row(IMPORTERS, IMPORTER_NO_POST),
    "importer:preview": row(IMPORTER_NOT_FOUND, IMPORTER_NOT_FOUND),
    "importer:preview_errors": row(IMPORTER_NOT_FOUND, IMPORTER_NO_POST),
    "importer:confirm": row(IMPORTER_NO_POST, IMPORTER_NOT_FOUND),
    "importer:batch_list": row(IMPORTERS, IMPORTER_NO_POST),
    "importer:batch_detail": row(IMPORTER_OBJ, IMPORTER_NO_POST),
    "importer:batch_undo": row(IMPORTER_NO_POST, IMPORTER_OBJ),
    "importer:batch_file": row(IMPORTER_OBJ, IMPORTER_NO_POST),
}


# The Ba Bể officer after 1/7/2025 (Huyện Ba Bể abolished, `User.reads_only`): every page
# reads as in the table's "same" column, every change and every form for one is refused (403),
# except what is no one's record (the account's own password, notices, sign-in). The importer
# is closed as a whole (its batches are writes to undo; the imported models stay readable in
# the registry). Only the rows that differ from the "same" column: (GET, POST).
REFUSED = (403, 403)
TODAY_SAME = {
    **dict.fromkeys(
        [
            "models_registry:create",
            "models_registry:collective_create",
            "models_registry:individual_create",
            "models_registry:edit",
            "models_registry:withdraw",
            "models_registry:delete",
            "models_registry:progress_add",
            "models_registry:progress_edit",
            "reviews:round_create",
            "reviews:propose",
            "reviews:decision_create",
            "importer:index",
            "importer:template",
            "importer:preview",
            "importer:preview_errors",
            "importer:confirm",
            "importer:batch_list",
            "importer:batch_detail",
            "importer:batch_undo",
            "importer:batch_file",
        ],
        REFUSED,
    ),
    "models_registry:form_places": (403, 405),
    **dict.fromkeys(
        [
            "models_registry:submit",
            "models_registry:attachment_upload",
            "models_registry:attachment_delete",
            "showcase:photo_visibility",
        ],
        (405, 403),
    ),
}


def url_names():
    return [name for name, _pattern in _patterns()]


def test_every_url_pattern_has_a_row_in_the_table():
    missing = sorted(set(url_names()) - set(TABLE))
    assert not missing, f"URL patterns without a permission row: {missing}"


@pytest.fixture
def world():
    personas = {
        "anonymous": None,
        "same": make_user("babe", Role.DISTRICT_STAFF, "061"),
        "other": make_user("chodon", Role.DISTRICT_STAFF, "064"),
        "reviewer": make_user("tinh", Role.PROVINCIAL_REVIEWER, "06"),
        "admin": make_user("quantri", Role.ADMINISTRATOR),
    }
    model = babe_model(title="Mô hình của Ba Bể — không được lộ ra huyện khác")
    draft = babe_model(
        status=Status.DRAFT, title="Bản nháp của Ba Bể — không được lộ ra huyện khác"
    )
    registered = babe_model(title="Mô hình đăng ký của Ba Bể — không được lộ ra huyện khác")
    progress = YearlyProgress.objects.create(model=model, year=2026, activities="Họp dân")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 30)).save(buffer, format="JPEG")
    photo = Attachment(
        model=model,
        kind=AttachmentKind.PHOTO,
        original_name="anh.jpg",
        content_type="image/jpeg",
        size=buffer.tell(),
    )
    photo.file.save("anh.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.thumbnail.save("anh-nho.jpg", ContentFile(buffer.getvalue()), save=True)
    province_round = make_round(RoundLevel.PROVINCE, "06")
    from reviews import workflow

    entry = workflow.propose(model, province_round, personas["same"])
    issuer = IssuingBody.objects.get(name="Ban Dân vận Tỉnh ủy Bắc Kạn")
    decision = Decision.objects.create(
        number="12/QĐ-BDVTU",
        date="2026-03-01",
        issuer=issuer,
        form=CommendationForm.COMMENDATION,
        year=2026,
    )
    decision.scan.save("qd.pdf", ContentFile(b"%PDF-1.4 quyet dinh"), save=True)
    recipient = Recipient.objects.create(
        decision=decision, collective=model.collective, model=model
    )
    public, public_photo = _public_model_with_photo(buffer.getvalue())
    objects = {
        "issuer_id": issuer.pk,
        "photo_id": public_photo.pk,
        "pk": model.pk,
        "progress_id": progress.pk,
        "attachment_id": photo.pk,
        "recipient_pk": recipient.pk,
        "token": "khong-co-ban-xem-truoc",
        "uidb64": "MQ",
    }
    pk_for = {
        "models_registry:submit": draft.pk,
        "models_registry:delete": draft.pk,
        "models_registry:edit": registered.pk,
        "models_registry:withdraw": registered.pk,
        "reviews:round": province_round.pk,
        "reviews:round_close": province_round.pk,
        **dict.fromkeys(
            [
                "reviews:entry",
                "reviews:score",
                "reviews:decide",
                "reviews:conflict",
                "reviews:replication",
                "reviews:repropose",
            ],
            entry.pk,
        ),
        **dict.fromkeys(
            [
                "reviews:decision",
                "reviews:decision_edit",
                "reviews:decision_pick",
                "reviews:recipient_add",
                "reviews:recipient_models",
                "reviews:recipient_remove",
                "reviews:annex",
                "reviews:annex_xlsx",
                "reviews:decision_scan",
                "documents:certificates",
                "documents:annex_docx",
            ],
            decision.pk,
        ),
    }
    pk_for.update(
        dict.fromkeys(
            [
                "showcase:detail",
                "showcase:photo",
                "showcase:thumbnail",
                "showcase:photo_visibility",
            ],
            public.pk,
        )
    )
    from notifications.delivery import notify

    (notice,) = notify([personas["same"]], "mo_dot", key="round:thu", title="Thông báo thử")
    pk_for["notifications:open"] = notice.pk
    batch = _import_batch(personas["admin"])
    pk_for.update(
        dict.fromkeys(
            ["importer:batch_detail", "importer:batch_undo", "importer:batch_file"], batch.pk
        )
    )
    return personas, objects, pk_for


def _public_model_with_photo(jpeg):
    """A recognised Ba Bể model whose results are published, with a photo marked public."""
    from models_registry.models import RecognitionLevel

    public = babe_model(
        status=Status.RECOGNISED,
        recognition_level=RecognitionLevel.DISTRICT,
        recognition_year=2025,
        title="Mô hình được công nhận của Ba Bể",
    )
    photo = Attachment(
        model=public,
        kind=AttachmentKind.PHOTO,
        original_name="cong-khai.jpg",
        content_type="image/jpeg",
        size=len(jpeg),
        is_public=True,
    )
    photo.file.save("cong-khai.jpg", ContentFile(jpeg), save=False)
    photo.thumbnail.save("cong-khai-nho.jpg", ContentFile(jpeg), save=True)
    return public, photo


def _import_batch(admin):
    """A real import of a one-row district list, so the batch pages have something to show."""
    from openpyxl import Workbook

    from importer.plan import build_plan
    from importer.reader import read_file
    from importer.workflow import apply_plan

    wb = Workbook()
    wb.active.append(["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023 — HUYỆN BA BỂ"])
    wb.active.append(
        ["STT", "Tên mô hình", "Tập thể/cá nhân thực hiện", "Lĩnh vực", "Địa bàn thực hiện", "Năm"]
    )
    wb.active.append(
        [1, "Vận động nhân dân làm đường", "Chi bộ thôn Pác Châm", "Kinh tế", "Xã Bành Trạch", 2023]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    plan = build_plan(
        read_file(data, "babe-2023.xlsx"), filename="babe-2023.xlsx", default_district=unit("061")
    )
    return apply_plan(plan, data=data, user=admin)


def resolve_url(name, objects, pk_for):
    from django.urls import NoReverseMatch

    pattern = next(p for p in _patterns() if p[0] == name)[1]
    kwargs = {k: objects[k] for k in pattern.converters}
    if "pk" in kwargs and name in pk_for:
        kwargs["pk"] = pk_for[name]
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:  # pragma: no cover - a row names a URL that takes other arguments
        raise


def _patterns():
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                found.append(
                    (f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern.pattern)
                )

    walk(get_resolver().url_patterns, "")
    return found


def outcome(response):
    if response.status_code in (301, 302, 303):
        return L if response["Location"].startswith("/dang-nhap/") else OK
    if response.status_code < 300:
        return OK
    return response.status_code


def observe(client, method, url):
    """One request whose effects are rolled back, so the next persona meets the same data."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    if response.status_code == 404:
        assert "không được lộ ra huyện khác" not in response.content.decode()
    return outcome(response)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_permission_matrix(name, world):
    personas, objects, pk_for = world
    url = resolve_url(name, objects, pk_for)
    expected, actual = {}, {}
    for persona in PERSONAS:
        user = personas[persona]
        for method in ("GET", "POST"):
            client = Client()
            if user is not None:
                client.force_login(user)
            expected[(persona, method)] = TABLE[name][method][persona]
            actual[(persona, method)] = observe(client, method, url)
    mismatches = {k: (expected[k], actual[k]) for k in expected if expected[k] != actual[k]}
    assert not mismatches, f"{name} {url}: (expected, actual) {mismatches}"


def test_admin_is_staff_only(world):
    personas, _, _ = world
    for persona in ["same", "other", "reviewer"]:
        client = Client()
        client.force_login(personas[persona])
        response = client.get("/quan-tri/models_registry/dvkmodel/")
        assert response.status_code == 302 and response["Location"].startswith("/quan-tri/login/")
    anonymous = Client().get("/quan-tri/models_registry/dvkmodel/")
    assert anonymous["Location"].startswith("/quan-tri/login/")
    admin = Client()
    admin.force_login(personas["admin"])
    assert "Mô hình của Ba Bể" in admin.get("/quan-tri/models_registry/dvkmodel/").content.decode()


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_abolished_district_account_only_reads(name, world, monkeypatch):
    from accounts import dated

    personas, objects, pk_for = world
    monkeypatch.setattr(dated, "today", lambda: AFTER_THE_REFORM)
    url = resolve_url(name, objects, pk_for)
    expected = TODAY_SAME.get(name, (TABLE[name]["GET"]["same"], TABLE[name]["POST"]["same"]))
    client = Client()
    client.force_login(personas["same"])
    actual = (observe(client, "GET", url), observe(client, "POST", url))
    assert actual == expected, f"{name} {url}: expected {expected}, got {actual}"
