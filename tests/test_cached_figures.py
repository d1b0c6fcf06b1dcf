"""Cached list totals and statistics are never older than the data, and the last page of a
long list is read backwards with the same rows as a forward read."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.forms import modelform_factory
from django.test.utils import CaptureQueriesContext

from danvan.paging import LargeListPaginator
from models_registry.models import Model, Status
from stats.cache import TERRITORY, current_version, watched_tables
from territory.models import Level, Unit
from tests.factories import make_model, unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]

COUNT_SQL = re.compile(r"SELECT COUNT\(\*\)", re.IGNORECASE)


def total_on_list(client, **params):
    page = client.get("/mo-hinh/", {"nam": "", **params}).content.decode()
    return int(re.search(r'data-testid="result-count">Tìm thấy ([\d.,]+) mô hình', page)[1])


def test_list_total_is_counted_once_while_nothing_changes(babe_client):
    make_model(unit("01894"))
    with CaptureQueriesContext(connection) as first:
        babe_client.get("/mo-hinh/?nam=")
    with CaptureQueriesContext(connection) as second:
        babe_client.get("/mo-hinh/?nam=")
    assert any(COUNT_SQL.search(q["sql"]) for q in first.captured_queries)
    assert not any(COUNT_SQL.search(q["sql"]) for q in second.captured_queries)
    # Neither the count, the recursive scope query nor the rows run again: the second visit
    # reads the session, the user (with their unit) and the data version, and the page body
    # from the cache.
    assert not any("RECURSIVE" in q["sql"] for q in second.captured_queries)
    assert len(second) == 3


def test_a_new_model_shows_in_the_total_at_once(babe_client):
    make_model(unit("01894"))
    assert total_on_list(babe_client) == 1
    make_model(unit("01891"))
    assert total_on_list(babe_client) == 2


def test_a_bulk_queryset_update_refreshes_the_cached_total(babe_client):
    """No signal is sent by QuerySet.update(): the database trigger changes the version."""
    kept, withdrawn = make_model(unit("01894")), make_model(unit("01891"))
    assert total_on_list(babe_client) == 2
    Model.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    assert total_on_list(babe_client) == 1
    assert kept.title in babe_client.get("/mo-hinh/?nam=").content.decode()


def test_raw_sql_writes_change_the_data_version():
    model = make_model(unit("01894"))
    before = current_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE models_registry_model SET year = 2024 WHERE id = %s", [model.pk])
    assert current_version() != before


def test_a_rolled_back_write_keeps_the_data_version():
    before = current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_model(unit("01894"))
        assert current_version() != before
        raise RuntimeError("hủy")
    assert current_version() == before


def test_a_territory_change_gives_new_data_and_territory_versions():
    data, territory = current_version(), current_version(row=TERRITORY)
    Unit.objects.filter(code="02071").update(name="Xã Nghĩa Tá mới")
    assert current_version() != data
    assert current_version(row=TERRITORY) != territory


def test_a_registration_keeps_the_territory_version_and_the_scope_ids(babe_client):
    babe_client.get("/mo-hinh/?nam=")
    territory = current_version(row=TERRITORY)
    make_model(unit("01894"))
    assert current_version(row=TERRITORY) == territory
    with CaptureQueriesContext(connection) as queries:
        assert total_on_list(babe_client) == 1
    assert not any("RECURSIVE" in q["sql"] for q in queries.captured_queries)


def test_a_new_commune_in_scope_shows_its_models_at_once(babe_client):
    """Scope ids are cached per territory version: a unit added under Ba Bể is in scope."""
    assert total_on_list(babe_client) == 0
    ba_be = unit("061")
    new_commune = Unit.objects.create(
        code="99999", name="Xã Thử Nghiệm", kind="xa", parent=ba_be, level=Level.COMMUNE
    )
    model = make_model(new_commune)
    Model.objects.filter(pk=model.pk).update(unit=new_commune)  # owned by the commune itself
    assert total_on_list(babe_client) == 1


def test_every_registry_review_and_territory_table_is_watched():
    tables = set(watched_tables())
    assert {
        "models_registry_model",
        "models_registry_model_places",
        "models_registry_model_criteria",
        "models_registry_collective",
        "reviews_entry",
        "reviews_recipient",
        "reviews_decision",
        "territory_unit",
        "territory_unit_successors",
        "stats_coveragetarget",
    } <= tables
    assert not any(
        t.startswith(("stats_dataversion", "models_registry_historical")) for t in tables
    )


def test_statistics_are_computed_once_per_data_version(reviewer_client):
    make_model(unit("02071"), year=2023)
    params = {"don_vi": "064", "nam": 2023, "format": "json"}
    with CaptureQueriesContext(connection) as first:
        assert reviewer_client.get("/thong-ke/", params).json()["registered"]["total"] == 1
    with CaptureQueriesContext(connection) as second:
        assert reviewer_client.get("/thong-ke/", params).json()["registered"]["total"] == 1
    assert len(second) < len(first) - 10
    assert not any("GROUP BY" in q["sql"] for q in second.captured_queries)
    make_model(unit("02065"), year=2023)
    assert reviewer_client.get("/thong-ke/", params).json()["registered"]["total"] == 2


def test_district_officer_never_gets_figures_cached_for_another_scope(
    chodon_client, reviewer_client
):
    make_model(unit("02071"), year=2023)  # Chợ Đồn
    make_model(unit("01894"), year=2023)  # Ba Bể
    province = reviewer_client.get("/thong-ke/", {"don_vi": "06", "nam": 2023, "format": "json"})
    assert province.json()["registered"]["total"] == 2
    assert chodon_client.get("/thong-ke/", {"don_vi": "06", "nam": 2023}).status_code == 404
    own = chodon_client.get("/thong-ke/", {"nam": 2023, "format": "json"}).json()
    assert (own["territory"], own["registered"]["total"]) == ("064", 1)


@pytest.mark.parametrize("sort", [("-year", "-id"), ("title_key", "id"), ("field__order", "id")])
def test_pages_in_the_second_half_are_read_backwards_with_the_same_rows(sort):
    for year in (2021, 2022, 2022, 2023, 2023, 2023, 2024):
        make_model(unit("01894"), year=year)
    queryset = Model.objects.order_by(*sort)
    forward, large = Paginator(queryset, 3), LargeListPaginator(queryset, 3)
    assert large.count == forward.count == 7
    order_by = {}
    for number in forward.page_range:
        expected = [m.pk for m in forward.page(number)]
        with CaptureQueriesContext(connection) as ctx:
            got = [m.pk for m in large.page(number)]
        assert got == expected
        sql = ctx.captured_queries[-1]["sql"].upper()
        order_by[number] = sql.split("ORDER BY")[1].split("LIMIT")[0]
    # The last page was read with the reversed ordering, the first with the list's own.
    assert order_by[large.num_pages] != order_by[1]


def test_last_page_of_the_list_shows_the_oldest_models(reviewer_client):
    for year in range(2011, 2011 + 27):
        make_model(unit("01894"), year=year)
    page = reviewer_client.get("/mo-hinh/", {"nam": "", "trang": 2}).content.decode()
    assert page.count('data-testid="model-row"') == 2
    assert "2011" in page and "2012" in page and "2036" not in page


def test_a_model_cannot_be_owned_by_a_village():
    """Scope lists leave villages out (User.scope_unit_ids): forms, the admin's included,
    offer no village as the owner unit."""
    field = modelform_factory(Model, fields=["unit"])().fields["unit"]
    assert not field.queryset.filter(level=Level.VILLAGE).exists()
    assert field.queryset.filter(level=Level.COMMUNE).exists()
