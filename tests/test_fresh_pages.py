"""Pages are made for the request that asks (no page body is cached): what one account sees is
never shown to another, a change shows at once, and a form carries the asking user's CSRF
token."""

import re

import pytest
from django.test import Client

from accounts.models import Role
from models_registry.models import DvkModel, Status
from tests.conftest import logged_in, make_user
from tests.factories import make_model, unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = pytest.mark.usefixtures("district_era")


def test_district_officer_never_sees_another_districts_list(babe_client, chodon_client):
    make_model(unit("01894"), title="Mô hình của Ba Bể")
    make_model(unit("02071"), title="Mô hình của Chợ Đồn")
    babe_page = babe_client.get("/mo-hinh/?nam=").content.decode()
    chodon_page = chodon_client.get("/mo-hinh/?nam=").content.decode()
    assert "Mô hình của Ba Bể" in babe_page and "Mô hình của Chợ Đồn" not in babe_page
    assert "Mô hình của Chợ Đồn" in chodon_page and "Mô hình của Ba Bể" not in chodon_page


def test_reviewer_and_district_officer_of_one_unit_see_their_own_buttons(babe_client):
    make_model(unit("01894"), title="Mô hình của Ba Bể")
    babe_client.get("/mo-hinh/?nam=")
    reviewer_at_babe = logged_in(make_user("xem_babe", Role.PROVINCIAL_REVIEWER, "061"))
    page = reviewer_at_babe.get("/mo-hinh/?nam=").content.decode()
    assert "Mô hình của Ba Bể" in page
    assert "Thêm mô hình" not in page  # reviewers only read: no "add" button from the officer


def test_a_change_shows_at_once(babe_client):
    model = make_model(unit("01894"), title="Tên cũ")
    assert "Tên cũ" in babe_client.get("/mo-hinh/?nam=").content.decode()
    assert "Tên cũ" in babe_client.get(f"/mo-hinh/{model.pk}/").content.decode()
    DvkModel.objects.filter(pk=model.pk).update(title="Tên mới")  # no signal, nothing to clear
    assert "Tên mới" in babe_client.get("/mo-hinh/?nam=").content.decode()
    assert "Tên mới" in babe_client.get(f"/mo-hinh/{model.pk}/").content.decode()


def test_a_model_page_checks_the_territory_every_time(babe_client, chodon_client):
    model = make_model(unit("01894"))
    assert babe_client.get(f"/mo-hinh/{model.pk}/").status_code == 200
    assert chodon_client.get(f"/mo-hinh/{model.pk}/").status_code == 404


def test_a_form_carries_the_asking_users_csrf_token(babe_officer):
    draft = make_model(unit("01894"), status=Status.DRAFT)
    first = Client(enforce_csrf_checks=True)
    first.force_login(babe_officer)
    first.get(f"/mo-hinh/{draft.pk}/")  # a colleague opened it first

    colleague = Client(enforce_csrf_checks=True)
    colleague.force_login(make_user("babe2", Role.DISTRICT_STAFF, "061"))
    page = colleague.get(f"/mo-hinh/{draft.pk}/").content.decode()
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


def test_statistics_follow_the_period_asked(chodon_client):
    make_model(unit("02071"), year=2023)
    first = chodon_client.get("/thong-ke/", {"nam": 2023}).content.decode()
    again = chodon_client.get("/thong-ke/", {"nam": 2023}).content.decode()
    other_year = chodon_client.get("/thong-ke/", {"nam": 2022}).content.decode()
    assert 'data-testid="registered-total">1<' in first
    assert 'data-testid="registered-total">1<' in again
    assert 'data-testid="registered-total">0<' in other_year


def test_text_typed_by_a_user_is_shown_as_typed(babe_client):
    """Issue 14, item 26: a token swap once replaced a literal anyone could type."""
    typed = "csrf-token-of-this-request csrf-placeholder-0123456789abcdef"
    model = make_model(unit("01894"), title=f"Thử {typed}", status=Status.DRAFT)
    for url in ["/mo-hinh/?nam=", f"/mo-hinh/{model.pk}/"]:
        page = babe_client.get(url).content.decode()
        assert typed in page, url
    # The page's own forms still carry the real token.
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', page)
