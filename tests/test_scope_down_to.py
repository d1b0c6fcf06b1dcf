"""An account's scope down to the communes (`User.scope_unit_ids`, which every list filters by)
is read without walking the villages: the same units as the whole scope cut at the communes,
because succession links join units of one level."""

import pytest
from django.db.models import F

from territory.models import Level, Succession, Unit

pytestmark = pytest.mark.django_db


def test_succession_links_join_units_of_one_level():
    assert Succession.objects.exists()
    assert not Succession.objects.exclude(from_unit__level=F("to_unit__level")).exists()


@pytest.mark.parametrize("level", [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE])
def test_the_scope_down_to_the_communes_is_the_whole_scope_cut_at_the_communes(level):
    units = list(Unit.objects.filter(level=level))
    assert units
    for unit in units:
        whole = Unit.objects.in_scope_of(unit).filter(level__lte=Level.COMMUNE)
        cut = Unit.objects.in_scope_of(unit, down_to=Level.COMMUNE)
        assert set(cut.values_list("pk", flat=True)) == set(whole.values_list("pk", flat=True)), (
            unit
        )


def test_an_officers_scope_ids_are_its_units_down_to_the_communes(
    commune_officer, babe_officer, reviewer
):
    for user in (commune_officer, babe_officer, reviewer):
        expected = user.scope_units().filter(level__lte=Level.COMMUNE).values_list("pk", flat=True)
        assert sorted(user.scope_unit_ids()) == sorted(expected)
