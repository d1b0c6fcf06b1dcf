"""List totals are counted from the data on every request (capped, never cached), and the last
page of a long list is read backwards with the same rows as a forward read."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.forms import modelform_factory
from django.test.utils import CaptureQueriesContext

from danvan.paging import LargeListPaginator
from models_registry.models import DvkModel, Status
from models_registry.views import listing as registry_views
from territory.models import Level, Unit
from tests.factories import make_model, unit

# District officers at work: before 1/7/2025 (tests/conftest.py `district_era`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("district_era")]

COUNT_SQL = re.compile(r"SELECT COUNT\(\*\)", re.IGNORECASE)


def total_on_list(client, **params):
    page = client.get("/mo-hinh/", {"nam": "", **params}).content.decode()
    return re.search(r'data-testid="result-count">Tìm thấy ([^<]+) mô hình', page)[1]


def test_list_total_is_counted_on_every_visit_with_the_same_queries(babe_client):
    make_model(unit("01894"))
    with CaptureQueriesContext(connection) as first:
        babe_client.get("/mo-hinh/?nam=")
    with CaptureQueriesContext(connection) as second:
        babe_client.get("/mo-hinh/?nam=")
    assert any(COUNT_SQL.search(q["sql"]) for q in second.captured_queries)
    assert len(first) == len(second)


def test_a_new_model_shows_in_the_total_at_once(babe_client):
    make_model(unit("01894"))
    assert total_on_list(babe_client) == "1"
    make_model(unit("01891"))
    assert total_on_list(babe_client) == "2"


def test_a_bulk_queryset_update_shows_in_the_total_at_once(babe_client):
    kept, withdrawn = make_model(unit("01894")), make_model(unit("01891"))
    assert total_on_list(babe_client) == "2"
    DvkModel.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    assert total_on_list(babe_client) == "1"
    assert kept.title in babe_client.get("/mo-hinh/?nam=").content.decode()


def test_past_the_cap_the_list_says_more_than_and_offers_the_capped_pages(babe_client, monkeypatch):
    """An exact total of a million is not what anyone reads: past COUNT_CAP the list says
    "hơn …" in Vietnamese and pages stop at the cap."""
    monkeypatch.setattr(registry_views, "COUNT_CAP", 3)
    monkeypatch.setattr(registry_views, "PAGE_SIZE", 2)
    for year in (2020, 2021, 2022, 2023, 2024):
        make_model(unit("01894"), year=year)
    page = babe_client.get("/mo-hinh/?nam=").content.decode()
    assert 'data-testid="result-count">Tìm thấy hơn 3 mô hình<' in page
    assert "Danh sách chỉ đếm và hiển thị 3 mô hình đầu tiên" in page
    last = babe_client.get("/mo-hinh/", {"nam": "", "trang": 99}).content.decode()
    assert last.count('data-testid="model-row"') == 1  # the third of the first three
    # Under the cap the total is exact and says so.
    assert total_on_list(babe_client, nam=2024) == "1"


def test_a_capped_count_counts_no_more_rows_than_the_cap():
    for year in (2020, 2021, 2022, 2023):
        make_model(unit("01894"), year=year)
    capped = LargeListPaginator(DvkModel.objects.order_by("-year", "-id"), 2, cap=2)
    with CaptureQueriesContext(connection) as ctx:
        assert (capped.count, capped.capped, capped.num_pages) == (2, True, 1)
    assert "LIMIT 3" in ctx.captured_queries[0]["sql"].upper()
    exact = LargeListPaginator(DvkModel.objects.order_by("-year", "-id"), 2, cap=10)
    assert (exact.count, exact.capped) == (4, False)


def test_a_new_commune_in_scope_shows_its_models_at_once(babe_client):
    """Scope ids are read per request: a unit added under Ba Bể is in scope at once."""
    assert total_on_list(babe_client) == "0"
    ba_be = unit("061")
    new_commune = Unit.objects.create(
        code="99999", name="Xã Thử Nghiệm", kind="xa", parent=ba_be, level=Level.COMMUNE
    )
    model = make_model(new_commune)
    DvkModel.objects.filter(pk=model.pk).update(unit=new_commune)  # owned by the commune itself
    assert total_on_list(babe_client) == "1"


def test_statistics_are_computed_from_the_data_on_every_request(reviewer_client):
    make_model(unit("02071"), year=2023)
    params = {"don_vi": "064", "nam": 2023, "format": "json"}
    with CaptureQueriesContext(connection) as first:
        assert reviewer_client.get("/thong-ke/", params).json()["registered"]["total"] == 1
    with CaptureQueriesContext(connection) as second:
        assert reviewer_client.get("/thong-ke/", params).json()["registered"]["total"] == 1
    assert len(second) == len(first)
    make_model(unit("02065"), year=2023)
    assert reviewer_client.get("/thong-ke/", params).json()["registered"]["total"] == 2


def test_district_officer_never_gets_figures_of_another_scope(chodon_client, reviewer_client):
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
    queryset = DvkModel.objects.order_by(*sort)
    forward, large = Paginator(queryset, 3), LargeListPaginator(queryset, 3)  # exact: no cap
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


@pytest.mark.parametrize("sort", [("-year", "-id"), ("title_key", "id"), ("field__order", "id")])
def test_deep_pages_of_a_capped_list_read_ids_first_with_the_same_rows_and_queries(
    sort, monkeypatch
):
    from danvan import paging

    monkeypatch.setattr(paging, "DEFERRED_FROM", 3)
    for year in (2021, 2022, 2022, 2023, 2023, 2023, 2024, 2025):
        make_model(unit("01894"), year=year)
    queryset = DvkModel.objects.for_list().order_by(*sort)
    forward, capped = Paginator(queryset, 3), LargeListPaginator(queryset, 3, cap=7)
    assert (capped.count, capped.capped, capped.num_pages) == (7, True, 3)
    queries = []
    for number in (1, 2, 3):
        expected = [m.pk for m in forward.page(number)][: 7 - (number - 1) * 3]
        with CaptureQueriesContext(connection) as ctx:
            got = [m.pk for m in capped.page(number)]
        assert got == expected
        page_sql = ctx.captured_queries[0]["sql"]
        reads_ids_first = '"id" IN (SELECT' in page_sql and "OFFSET" in page_sql
        assert reads_ids_first == (number > 1)
        queries.append(len(ctx))
    assert queries[0] == queries[1] == queries[2]


def test_last_page_of_the_list_shows_the_oldest_models(reviewer_client):
    for year in range(2011, 2011 + 27):
        make_model(unit("01894"), year=year)
    page = reviewer_client.get("/mo-hinh/", {"nam": "", "trang": 2}).content.decode()
    assert page.count('data-testid="model-row"') == 2
    assert "2011" in page and "2012" in page and "2036" not in page


def test_a_model_cannot_be_owned_by_a_village():
    """Scope lists leave villages out (User.scope_unit_ids): forms, the admin's included,
    offer no village as the owner unit."""
    field = modelform_factory(DvkModel, fields=["unit"])().fields["unit"]
    assert not field.queryset.filter(level=Level.VILLAGE).exists()
    assert field.queryset.filter(level=Level.COMMUNE).exists()


def test_the_list_query_joins_only_what_a_row_shows(babe_client):
    """A row names the model's implementer, field and places, not its owner unit or commune:
    joining those two as well made PostgreSQL take three times as long to plan the page's
    query (bench/README.md). The Excel export still names the owner unit."""
    make_model(unit("01894"), title="Mô hình của Thôn Nà Hin")
    with CaptureQueriesContext(connection) as queries:
        page = babe_client.get("/mo-hinh/?nam=")
    assert "Mô hình của Thôn Nà Hin" in page.content.decode()
    [rows] = [
        q["sql"] for q in queries.captured_queries if '"models_registry_model"."title"' in q["sql"]
    ]
    assert 'JOIN "territory_unit"' not in rows
    assert 'JOIN "models_registry_field"' in rows


def test_an_id_array_filter_on_primary_keys_finds_the_same_units_as_in():
    ids = list(Unit.objects.filter(level=Level.DISTRICT).values_list("pk", flat=True)[:5])
    assert ids
    assert set(Unit.objects.filter(pk__id_in=ids)) == set(Unit.objects.filter(pk__in=ids))
    assert not Unit.objects.filter(pk__id_in=[]).exists()
