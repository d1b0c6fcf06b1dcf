"""Page bodies cached per data version and audience (danvan/fragments.py): shared only by
accounts that may see the same thing, never stale, and with the asking user's CSRF token."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from models_registry.models import Model, Status
from tests.conftest import logged_in, make_user
from tests.factories import make_model, unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = pytest.mark.usefixtures("district_era")

ROOT = Path(__file__).resolve().parent.parent
BODY_TEMPLATES = [
    ROOT / "models_registry/templates/models_registry/list_body.html",
    ROOT / "models_registry/templates/models_registry/detail_body.html",
    ROOT / "stats/templates/stats/body.html",
]


def model_queries(queries):
    return [q["sql"] for q in queries if "models_registry_model" in q["sql"]]


def test_district_officer_never_gets_another_districts_cached_list(babe_client, chodon_client):
    make_model(unit("01894"), title="Mô hình của Ba Bể")
    make_model(unit("02071"), title="Mô hình của Chợ Đồn")
    babe_page = babe_client.get("/mo-hinh/?nam=").content.decode()
    chodon_page = chodon_client.get("/mo-hinh/?nam=").content.decode()
    assert "Mô hình của Ba Bể" in babe_page and "Mô hình của Chợ Đồn" not in babe_page
    assert "Mô hình của Chợ Đồn" in chodon_page and "Mô hình của Ba Bể" not in chodon_page


def test_reviewer_and_district_officer_of_one_unit_do_not_share_a_body(babe_client):
    make_model(unit("01894"), title="Mô hình của Ba Bể")
    babe_client.get("/mo-hinh/?nam=")
    reviewer_at_babe = logged_in(make_user("xem_babe", Role.PROVINCIAL_REVIEWER, "061"))
    page = reviewer_at_babe.get("/mo-hinh/?nam=").content.decode()
    assert "Mô hình của Ba Bể" in page
    assert "Thêm mô hình" not in page  # reviewers only read: no "add" button from the officer


def test_two_officers_of_one_district_share_the_list_body(babe_client):
    make_model(unit("01894"), title="Mô hình của Ba Bể")
    babe_client.get("/mo-hinh/?nam=")
    colleague = logged_in(make_user("babe2", Role.DISTRICT_STAFF, "061"))
    with CaptureQueriesContext(connection) as queries:
        page = colleague.get("/mo-hinh/?nam=").content.decode()
    assert "Mô hình của Ba Bể" in page
    assert model_queries(queries) == []  # the body came from the cache


def test_a_change_shows_at_once_on_the_cached_pages(babe_client):
    model = make_model(unit("01894"), title="Tên cũ")
    assert "Tên cũ" in babe_client.get("/mo-hinh/?nam=").content.decode()
    assert "Tên cũ" in babe_client.get(f"/mo-hinh/{model.pk}/").content.decode()
    Model.objects.filter(pk=model.pk).update(title="Tên mới")  # no signal: the trigger tells
    assert "Tên mới" in babe_client.get("/mo-hinh/?nam=").content.decode()
    assert "Tên mới" in babe_client.get(f"/mo-hinh/{model.pk}/").content.decode()


def test_a_cached_model_page_still_checks_the_territory(babe_client, chodon_client):
    model = make_model(unit("01894"))
    assert babe_client.get(f"/mo-hinh/{model.pk}/").status_code == 200  # now cached
    assert chodon_client.get(f"/mo-hinh/{model.pk}/").status_code == 404


def test_a_form_in_a_cached_body_carries_the_asking_users_csrf_token(babe_officer):
    draft = make_model(unit("01894"), status=Status.DRAFT)
    first = Client(enforce_csrf_checks=True)
    first.force_login(babe_officer)
    first.get(f"/mo-hinh/{draft.pk}/")  # renders and caches the body

    colleague = Client(enforce_csrf_checks=True)
    colleague.force_login(make_user("babe2", Role.DISTRICT_STAFF, "061"))
    with CaptureQueriesContext(connection) as queries:
        page = colleague.get(f"/mo-hinh/{draft.pk}/").content.decode()
    assert len(model_queries(queries)) == 1  # the scoped door only; the body is cached
    submit = re.search(
        rf'action="/mo-hinh/{draft.pk}/dang-ky/">'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">',
        page,
    )
    assert submit, "the submit form and its token are on the page"
    response = colleague.post(
        f"/mo-hinh/{draft.pk}/dang-ky/", {"csrfmiddlewaretoken": submit.group(1)}
    )
    assert response.status_code == 302  # accepted: not a 403 CSRF failure
    draft.refresh_from_db()
    assert draft.status == Status.REGISTERED


def test_statistics_body_is_cached_per_territory_and_period(chodon_client):
    make_model(unit("02071"), year=2023)
    first = chodon_client.get("/thong-ke/", {"nam": 2023}).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = chodon_client.get("/thong-ke/", {"nam": 2023}).content.decode()
    other_year = chodon_client.get("/thong-ke/", {"nam": 2022}).content.decode()
    assert 'data-testid="registered-total">1<' in first
    assert 'data-testid="registered-total">1<' in again
    assert model_queries(queries) == []
    assert 'data-testid="registered-total">0<' in other_year


def test_body_templates_cannot_reach_the_request_or_the_user():
    """They are rendered without the request; a reference to it would silently be empty."""
    for path in BODY_TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for name in ("request", "user", "perms", "messages"):
            assert not re.search(rf"{{[{{%][^}}]*\b{name}\b", text), f"{path.name} uses {name}"


def test_text_typed_by_a_user_is_never_swapped_for_the_csrf_token(babe_client):
    """Issue 14, item 26: the swap once replaced a literal anyone could type."""
    from danvan.fragments import CSRF_MARKER

    typed = f"csrf-token-of-this-request {CSRF_MARKER}0123456789abcdef"
    model = make_model(unit("01894"), title=f"Thử {typed}", status=Status.DRAFT)
    for url in ["/mo-hinh/?nam=", f"/mo-hinh/{model.pk}/"]:
        page = babe_client.get(url).content.decode()
        assert typed in page, url
    # The page's own forms still carry the real token.
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', page)
