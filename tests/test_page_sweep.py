"""Every page of the portal × every persona, with real objects: what the user reads is clean.

For each URL pattern (resolved from the URLconf, so a new page cannot hide) and each persona
(anonymous, district officer, commune officer, provincial reviewer, administrator), GET and an
empty POST: never a 500, no template syntax left in the HTML (`{#`, `{%`, `{{`), none of a list
of English strings in the visible text. The error pages (403, 404, 500, CSRF failure) are the
portal's own, in Vietnamese. A URL pattern without a row in QUERIES fails the test.
"""

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import include, path

from accounts.models import Role

from .conftest import make_user
from .test_permission_matrix import _patterns, resolve_url, world  # noqa: F401 (fixture)

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def boom(request):
    raise RuntimeError("a deliberate failure, to see the 500 page")


# This module doubles as a URLconf for the 500 test: the portal's URLs plus one that fails.
urlpatterns = [path("hong/", boom), path("", include("danvan.urls"))]
handler403 = "danvan.views.error_403"
handler404 = "danvan.views.error_404"
handler500 = "danvan.views.error_500"

# Per URL name, the query strings to GET besides the bare URL: the filters people really use.
# Every URL pattern needs a row (an empty list is fine) so that no new page is missed.
QUERIES = {
    "home": [],
    "accounts:login": [],
    "accounts:logout": [],
    "models_registry:list": [
        "?q=v%E1%BA%ADn+%C4%91%E1%BB%99ng&tu_nam=2020&den_nam=2026&sap_xep=-nam",
        "?tu_nam=2030&den_nam=2010",
        "?don_vi=061&trang_thai=registered&page=2",
    ],
    "models_registry:create": [],
    "models_registry:export": ["?don_vi=061"],
    "models_registry:unit_options": ["?huyen=061"],
    "models_registry:form_places": ["?district=061"],
    "models_registry:collective_create": [],
    "models_registry:individual_create": [],
    "models_registry:detail": [],
    "models_registry:edit": [],
    "models_registry:submit": [],
    "models_registry:withdraw": [],
    "models_registry:delete": [],
    "models_registry:progress_add": [],
    "models_registry:progress_edit": [],
    "models_registry:attachment_upload": [],
    "models_registry:attachment": [],
    "models_registry:thumbnail": [],
    "models_registry:attachment_delete": [],
    "reviews:index": ["?nam=2026", "?cap=province&page=2"],
    "reviews:round_create": [],
    "reviews:round": [],
    "reviews:round_close": [],
    "reviews:propose": [],
    "reviews:queue": [],
    "reviews:entry": [],
    "reviews:score": [],
    "reviews:decide": [],
    "reviews:conflict": [],
    "reviews:replication": [],
    "reviews:repropose": [],
    "reviews:decisions": [],
    "reviews:decision_create": [],
    "reviews:decision": [],
    "reviews:decision_edit": [],
    "reviews:decision_pick": [],
    "reviews:recipient_add": [],
    "reviews:recipient_models": ["?tim=m%C3%B4+h%C3%ACnh", "?tim=" + "x" * 300],
    "reviews:recipient_remove": [],
    "reviews:annex": [],
    "reviews:annex_xlsx": [],
    "reviews:decision_scan": [],
    "stats:index": ["?tu_nam=2020&den_nam=2026", "?tu_nam=2030&den_nam=2010"],
    "importer:index": [],
    "importer:template": [],
    "importer:preview": [],
    "importer:preview_errors": [],
    "importer:confirm": [],
    "importer:batch_list": [],
    "importer:batch_detail": [],
    "importer:batch_undo": [],
    "importer:batch_file": [],
    "accounts:password_change": [],
    "accounts:password_reset_confirm": [],
    "accounts:two_factor_setup": [],
    "accounts:two_factor_verify": [],
    "territory:villages": [],
    "showcase:list": ["?nam=2025&tim=moi+truong", "?xa=01864&cap=tinh"],
    "showcase:detail": [],
    "showcase:photo": [],
    "showcase:thumbnail": [],
    "showcase:photo_visibility": [],
    "notifications:index": ["?chua_doc=1"],
    "notifications:mark_read": [],
    "notifications:open": [],
    "notifications:unread_count": [],
    "assistance:index": ["?nam=2023", "?nam=2026&format=json"],
    "assistance:assignment_create": [],
    "assistance:activity_create": [],
    "documents:certificates": [],
    "documents:annex_docx": [],
    "documents:report_docx": [],
    "documents:layout_css": [],
}

# English that must never reach a Vietnamese user (whole words, case-sensitive).
ENGLISH = [
    "Forbidden",
    "Not Found",
    "Server Error",
    "Page not found",
    "Traceback",
    "CSRF",
    "This field",
    "Enter a",
    "Ensure this",
    "Select a valid",
    "Submit",
    "Cancel",
    "Delete",
    "Save",
    "Search",
    "Previous",
    "Next",
    "None",
    "True",
    "False",
    "Username",
    "Password",
    "Log in",
    "Currently",
    "Change",
    "Clear",
    "Browse",
    "---------",
]
ENGLISH_RE = re.compile("|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in ENGLISH))
# Two spellings of the same word, and a space before punctuation: one way only.
OLD_SPELLINGS = re.compile(r"(?<!\w)(?:Huỷ|huỷ|Xoá|xoá)(?!\w)| [.,:;](?=\s|$)")


class VisibleText(HTMLParser):
    """The text a user reads: element text and the attributes a browser shows or speaks."""

    SHOWN = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in self.SHOWN or (tag == "input" and name == "value")):
                if tag == "input" and name == "value" and ("type", "hidden") in attrs:
                    continue
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def defects(response):
    """What is wrong with one page as its user sees it (an empty list when nothing is)."""
    found = []
    if response.status_code >= 500:
        found.append(f"HTTP {response.status_code}")
    if "text/html" not in response.get("Content-Type", "") or getattr(response, "streaming", 0):
        return found
    html = response.content.decode()
    for syntax in ("{#", "{%", "{{"):
        if syntax in html:
            at = html.index(syntax)
            found.append(f"template syntax {html[at : at + 60]!r}")
    text = visible_text(html)
    found += [f"English {m.group()!r}" for m in ENGLISH_RE.finditer(text)]
    found += [
        f"spelling {text[max(m.start() - 20, 0) : m.end()]!r}" for m in OLD_SPELLINGS.finditer(text)
    ]
    return found


def test_every_url_pattern_has_a_row_in_the_sweep():
    names = {name for name, _ in _patterns()}
    assert not sorted(names - set(QUERIES)), "URL patterns without a sweep row"
    assert not sorted(set(QUERIES) - names), "sweep rows for URL patterns that are gone"


SWEPT = ["anonymous", "same", "commune", "reviewer", "admin"]


@pytest.mark.parametrize("persona", SWEPT)
def test_every_page_is_clean_for(persona, world):  # noqa: F811 (the imported fixture)
    personas, objects, pk_for = world
    if persona == "commune":
        user = make_user("bangthanh", Role.COMMUNE_STAFF, "01864", current=True)
    else:
        user = personas[persona]
    problems = []
    for name, _pattern in _patterns():
        url = resolve_url(name, objects, pk_for)
        # A client per page: logging out (or in) on one page must not change the next.
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        requests = [("GET", url + query) for query in ["", *QUERIES[name]]] + [("POST", url)]
        for method, address in requests:
            with transaction.atomic():
                if method == "GET":
                    response = client.get(address)
                else:
                    response = client.post(address, {})
                transaction.set_rollback(True)
            problems += [f"{method} {address}: {d}" for d in defects(response)]
    assert not problems, "\n".join(problems)


VIETNAMESE_ERROR = {
    403: "Không có quyền",
    404: "Không tìm thấy",
    500: "Hệ thống gặp sự cố",
}


def test_the_404_page_is_the_portals_own(babe_client, anonymous_client):
    for client in (babe_client, anonymous_client):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        page = response.content.decode()
        assert VIETNAMESE_ERROR[404] in page and not defects(response)


def test_the_403_page_says_what_was_refused_and_not_that_one_may_read(reviewer_client):
    # Reviewers never import (district and commune officers import their own lists).
    response = reviewer_client.get("/nhap-du-lieu/")
    assert response.status_code == 403
    page = response.content.decode()
    assert VIETNAMESE_ERROR[403] in page and not defects(response)
    assert "quản trị viên" in page
    assert "nhưng không được thay đổi" not in page


@pytest.mark.urls("tests.test_page_sweep")
def test_the_500_page_is_the_portals_own(babe_officer):
    client = Client(raise_request_exception=False)
    client.force_login(babe_officer)
    response = client.get("/hong/")
    assert response.status_code == 500
    page = response.content.decode()
    assert VIETNAMESE_ERROR[500] in page and defects(response) == ["HTTP 500"]
    assert "deliberate" not in page


def test_a_csrf_failure_is_a_vietnamese_page_that_says_what_to_do(babe_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(babe_officer)
    response = client.post("/mo-hinh/them/", {"title": "Mô hình"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in page and "tải lại trang" in page
    assert not defects(response)


# English the admin (/quan-tri/) showed before the project's own translations (locale/vi).
ADMIN_ENGLISH = [
    "Access attempts",
    "Access failures",
    "Access logs",
    "Attempt Time",
    "Locked Out",
    "Password-based authentication",
    "Reset password",
    "Raw passwords are not stored",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Added:",
    "Changed:",
    "Show counts",
    "Hide counts",
    "Toggle theme",
    "Skip to main content",
    "BẢN GHI NHỚ",
    "Bản ghi nhớ",
    "Toggle navigation",
    "Sidebar",
    "Breadcrumbs",
    "Model name",
    "Add link",
    "Select this object",
    "Select all",
    "Import",
    "Export",
    "Submit",
    "Changed by",
    "Change reason",
    "Choose a date",
    "IP Address",
    "User Agent",
    "Logout Time",
    "Axes",
]


def admin_pages(admin, obj_for):
    """The index, then for every registered model: its list, add form, and one object's change
    form and history (the first row there is)."""
    from django.contrib import admin as django_admin

    yield "/quan-tri/"
    for model, model_admin in django_admin.site._registry.items():
        opts = model._meta
        base = f"/quan-tri/{opts.app_label}/{opts.model_name}/"
        yield base
        if model_admin.has_add_permission(obj_for):
            yield base + "add/"
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield f"{base}{first.pk}/change/"
            yield f"{base}{first.pk}/history/"


def test_the_admin_is_in_vietnamese(world):  # noqa: F811 (the imported fixture)
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.test import RequestFactory

    personas, _objects, _pk_for = world
    admin = personas["admin"]
    # A history row like the admin writes when a user's name is changed.
    LogEntry.objects.log_actions(
        admin.pk,
        [admin],
        CHANGE,
        change_message=[{"changed": {"fields": ["full_name"]}}, {"added": {}}],
    )
    assert ContentType.objects.exists()
    request = RequestFactory().get("/quan-tri/")
    request.user = admin
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    english = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in ADMIN_ENGLISH))
    problems = []
    extra = [
        f"/quan-tri/accounts/user/{admin.pk}/password/",
        "/quan-tri/models_registry/collective/import/",
        "/quan-tri/models_registry/collective/export/",
    ]
    for address in [*admin_pages(admin, request), *extra]:
        response = client.get(address)
        if response.status_code >= 500:
            problems.append(f"{address}: HTTP {response.status_code}")
            continue
        text = visible_text(response.content.decode())
        problems += [f"{address}: {m.group()!r}" for m in english.finditer(text)]
    assert not problems, "\n".join(sorted(set(problems)))
