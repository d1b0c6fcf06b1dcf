"""Coverage targets of the statistics (issue 12): a model carried out in several communes
counts for each of them, also for the New Rural Development target through its NTM criteria;
the communes counted are those that existed in the year, the criteria those of that year's set."""

from datetime import date

import pytest
from django.db.models import Q

from accounts.models import Role
from models_registry.facts import refresh_facts
from models_registry.models import Criterion, CriterionSet, YearlyProgress
from stats.models import TargetKey
from territory.models import Level, Unit
from tests.conftest import logged_in, make_user
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db


def coverage(client, key, **params):
    response = client.get("/thong-ke/", {**params, "format": "json"})
    assert response.status_code == 200, response.content[:500]
    return next(c for c in response.json()["coverage"] if c["key"] == key)


def criterion(set_name, number):
    return Criterion.objects.get(criterion_set__name=set_name, number=number)


def test_a_model_of_two_communes_linked_to_a_criterion_covers_both_for_ntm(admin_client):
    nghia_ta, bang_phuc = unit("02071"), unit("02041")
    make_model(
        nghia_ta,
        year=2019,
        field_code="VHXH",
        places=[nghia_ta, bang_phuc],
        criteria=[criterion("2016-2020", 17)],
    )
    ntm = coverage(admin_client, TargetKey.COMMUNES_NTM, don_vi="064", nam=2019)
    assert ntm["achieved"] == 2
    assert "Xã Nghĩa Tá" not in ntm["missing"] and "Xã Bằng Phúc" not in ntm["missing"]


def test_ntm_coverage_counts_only_criteria_of_the_years_set(admin_client):
    nghia_ta = unit("02071")
    old_set = make_model(
        nghia_ta,
        year=2026,
        field_code="VHXH",
        title="Tiêu chí của bộ cũ",
        criteria=[criterion("2021-2025", 17)],
    )
    ntm = coverage(admin_client, TargetKey.COMMUNES_NTM, don_vi="064", nam=2026)
    assert ntm["achieved"] == 0
    assert CriterionSet.objects.for_year(2026).name == "2026-2030"
    old_set.criteria.add(criterion("2026-2030", 1))
    refresh_facts([old_set.pk])  # what the edit form's save does
    ntm = coverage(admin_client, TargetKey.COMMUNES_NTM, don_vi="064", nam=2026)
    assert ntm["achieved"] == 1


def test_coverage_counts_the_communes_of_the_year_2019_against_2026(db):
    """Today's Thái Nguyên (the account `tinh`) in 2019 counts the communes of that year, the
    old communes of both provinces it was formed from; in 2026 today's 92. A 2019 model of old
    Giáo Hiệu covers one of each; the criteria are those of each year's set."""
    tinh = logged_in(make_user("tinh", Role.PROVINCIAL_REVIEWER, "19", current=True))
    make_model(unit("01870"), year=2019, field_code="VHXH", criteria=[criterion("2016-2020", 17)])
    make_model(
        unit("01864", current=True),
        year=2026,
        field_code="VHXH",
        criteria=[criterion("2026-2030", 1)],
    )
    end_of_2019 = date(2019, 12, 31)
    old_day_communes = (
        Unit.objects.rolled_up_into(unit("19", current=True))
        .filter(level=Level.COMMUNE)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end_of_2019))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end_of_2019))
    )
    y2019 = coverage(tinh, TargetKey.COMMUNES_NTM, nam=2019)
    y2026 = coverage(tinh, TargetKey.COMMUNES_NTM, nam=2026)
    assert y2019["total"] == old_day_communes.count() > 92
    assert y2019["achieved"] == 1
    assert "Xã Giáo Hiệu" not in y2019["missing"] and "Xã Bằng Thành" in y2019["missing"]
    assert (y2026["total"], y2026["achieved"]) == (92, 1)
    assert "Xã Bằng Thành" not in y2026["missing"] and "Xã Giáo Hiệu" not in y2026["missing"]


def _today_models(count):
    """`count` 2026 models of today's Bằng Thành, each in two communes, linked to a criterion of
    the 2026 set, and as many 2025 models maintained in 2026 (yearly progress)."""
    bang_thanh, other = unit("01864", current=True), unit("01879", current=True)
    for _ in range(count):
        make_model(
            bang_thanh,
            year=2026,
            field_code="VHXH",
            places=[bang_thanh, other],
            criteria=[criterion("2026-2030", 1)],
        )
        earlier = make_model(bang_thanh, year=2025)
        YearlyProgress.objects.create(model=earlier, year=2026, activities="Duy trì")


# The commune officer's page (what each query is: tests/test_stats.py,
# PAGE_QUERIES); the same for 1 and 3 rows of every kind the page groups: models of several
# communes, criteria links, continuing models' progress.
COMMUNE_PAGE_QUERIES = 21


def test_the_commune_officers_page_runs_the_same_queries_for_1_and_3_rows(
    commune_client, django_assert_num_queries
):
    _today_models(1)
    with django_assert_num_queries(COMMUNE_PAGE_QUERIES):
        page = commune_client.get("/thong-ke/", {"nam": 2026}).content.decode()
    assert 'data-testid="registered-total">2<' in page
    _today_models(2)
    with django_assert_num_queries(COMMUNE_PAGE_QUERIES):
        page = commune_client.get("/thong-ke/", {"nam": 2026}).content.decode()
    assert 'data-testid="registered-total">6<' in page


@pytest.mark.parametrize("year", [2019, 2026])
def test_collectives_in_the_territory_are_those_of_the_rolled_up_units(db, year):
    """`stats.scope.place_q` (the tree's id lists, villages through their commune) places
    agencies and commended implementers exactly where `Unit.objects.rolled_up_into` does."""
    from models_registry.models import Collective
    from stats.scope import place_q
    from stats.territory import Period, TerritoryTree
    from tests.factories import make_collective

    one_village_each = {}
    for village in Unit.objects.filter(level=Level.VILLAGE).order_by("pk"):
        one_village_each.setdefault(village.parent_id, village)
    for place in [*one_village_each.values(), *Unit.objects.filter(level__lte=Level.COMMUNE)]:
        make_collective(place)
    admin = make_user("quantri_placeq", Role.ADMINISTRATOR)
    period = Period(year, year)
    for territory in Unit.objects.filter(level__lte=Level.COMMUNE).order_by("pk"):
        tree = TerritoryTree(territory, period)
        rolled = Collective.objects.filter(unit__in=Unit.objects.rolled_up_into(territory))
        listed = Collective.objects.filter(place_q(admin, territory, tree.unit_ids, "unit"))
        assert set(listed.values_list("pk", flat=True)) == set(
            rolled.values_list("pk", flat=True)
        ), territory


def test_the_commune_targets_name_the_kinds_of_commune_of_their_day(admin_client):
    # There are no thị trấn since 1/7/2025: today's targets count xã and phường.
    names = {
        key: coverage(admin_client, key, nam=2026)["name"]
        for key in (TargetKey.COMMUNES, TargetKey.COMMUNES_NTM)
    }
    assert names == {
        TargetKey.COMMUNES: "Xã, phường có mô hình “Dân vận khéo”",
        TargetKey.COMMUNES_NTM: "Xã, phường có mô hình trong xây dựng nông thôn mới",
    }
    then = coverage(admin_client, TargetKey.COMMUNES, don_vi="064", nam=2020)
    assert then["name"] == TargetKey.COMMUNES.label
    assert TargetKey.COMMUNES.label.startswith("Xã, phường, thị trấn")
