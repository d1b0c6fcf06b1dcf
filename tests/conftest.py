"""Personas used by every view test: district officers of Ba Bể and Chợ Đồn, the commune officer
of Xã Bằng Thành, the provincial reviewer, the administrator and an anonymous visitor. Reference data (territory, fields, NTM
criteria) is in every test database through the data migrations."""

import json
from datetime import date

import pytest
from django.test import Client

from accounts.models import Role, User
from tests.factories import unit

RECREATED_BY_FLUSH = {"contenttypes.contenttype", "auth.permission"}
# The reference snapshot, once taken (for the teardown hook below, which cannot ask for it).
_SNAPSHOT = {}


@pytest.fixture(scope="session", autouse=True)
def reference_snapshot(django_db_setup, django_db_blocker):
    """What the migrations loaded, captured once before any test can flush it (live-server
    tests use it to put the reference data back)."""
    from django.db import connection

    with django_db_blocker.unblock():
        rows = json.loads(connection.creation.serialize_db_to_string())
    # A flush re-creates content types and permissions itself (post_migrate).
    _SNAPSHOT["rows"] = json.dumps([r for r in rows if r["model"] not in RECREATED_BY_FLUSH])
    return _SNAPSHOT["rows"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, threads) ends with a flush that empties every table,
    reference data included. Once all of its fixtures are torn down (the flush among them), put
    the reference data back, so the tests that run next in this worker, in whatever order,
    find the territory, fields and bodies the migrations loaded."""
    yield
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in item.fixturenames for name in ("transactional_db", "live_server")
    )
    # After the last test the test database is gone (the connection points at the real one):
    # nothing to put back.
    if not transactional or nextitem is None or "rows" not in _SNAPSHOT:
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    from territory.models import Unit

    with item.config.stash[blocking_manager_key].unblock():
        if not Unit.objects.exists():
            connection.creation.deserialize_db_from_string(_SNAPSHOT["rows"])


@pytest.fixture
def reference_data(transactional_db, reference_snapshot):
    """Transactional tests flush the database afterwards; put back what the migrations loaded
    (territory, fields, criteria, rubric, issuing bodies…) if an earlier test flushed it."""
    from django.db import connection

    from territory.models import Unit

    if not Unit.objects.exists():
        connection.creation.deserialize_db_from_string(reference_snapshot)


# A day of the district era, before the district level was abolished on 1/7/2025.
DISTRICT_ERA_DAY = date(2025, 6, 16)


@pytest.fixture
def district_era(monkeypatch):
    """Today is 16/6/2025 for the dated rules (`accounts.dated.today`): Huyện Ba Bể still
    exists and its officer registers, edits, proposes, runs its rounds and imports. Tests of
    the district officers' work ask for it (often module-wide, `pytestmark`); without it today
    is the real date, when a district account only reads its old records (`User.reads_only`)."""
    from accounts import dated

    monkeypatch.setattr(dated, "today", lambda: DISTRICT_ERA_DAY)
    return DISTRICT_ERA_DAY


def make_user(username, role, unit_code=None, current=False):
    return User.objects.create_user(
        username=username,
        password="Mat-khau-thu-2026",
        full_name=username.title(),
        role=role,
        unit=unit(unit_code, current) if unit_code else None,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def babe_officer(db):
    return make_user("babe", Role.DISTRICT_STAFF, "061")


@pytest.fixture
def chodon_officer(db):
    return make_user("chodon", Role.DISTRICT_STAFF, "064")


@pytest.fixture
def commune_officer(db):
    """An officer of today's Xã Bằng Thành (code 01864, which was Xã Bộc Bố until 30/6/2025)."""
    return make_user("bangthanh", Role.COMMUNE_STAFF, "01864", current=True)


@pytest.fixture
def reviewer(db):
    return make_user("tinh", Role.PROVINCIAL_REVIEWER, "06")


@pytest.fixture
def administrator(db):
    return make_user("quantri", Role.ADMINISTRATOR)


@pytest.fixture
def babe_client(babe_officer):
    return logged_in(babe_officer)


@pytest.fixture
def chodon_client(chodon_officer):
    return logged_in(chodon_officer)


@pytest.fixture
def commune_client(commune_officer):
    return logged_in(commune_officer)


@pytest.fixture
def reviewer_client(reviewer):
    return logged_in(reviewer)


@pytest.fixture
def admin_client(administrator):
    return logged_in(administrator)


@pytest.fixture
def anonymous_client():
    return Client()
