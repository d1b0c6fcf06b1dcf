"""Pages behind the login and exports are never kept by a browser or a proxy (issue 14, item 23)."""

import pytest
from django.test import Client, override_settings

from .test_permission_matrix import TABLE, resolve_url, world  # noqa: F401 -- world: a fixture

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]


def assert_not_stored(response, url):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (url, response.status_code, directives)


@pytest.mark.parametrize("persona", ["same", "other", "admin"])
def test_every_page_and_export_of_a_signed_in_user_says_private_no_store(world, persona):  # noqa: F811
    personas, objects, pk_for = world
    client = Client()
    client.force_login(personas[persona])
    for name in sorted(TABLE):
        if name == "accounts:logout":
            continue
        url = resolve_url(name, objects, pk_for)
        assert_not_stored(client.get(url), url)
    for url in ["/quan-tri/", "/quan-tri/models_registry/dvkmodel/", "/khong-co-trang-nay/"]:
        assert_not_stored(client.get(url), url)


def test_the_login_page_is_not_stored_either(anonymous_client):
    assert_not_stored(anonymous_client.get("/dang-nhap/"), "/dang-nhap/")


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_public_static_files_keep_their_own_caching(babe_officer):
    client = Client()
    client.force_login(babe_officer)
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
