from datetime import date

import pytest

from models_registry.models import Criterion, CriterionSet, Field
from models_registry.reference import load_criteria, load_fields
from territory.loading import load_provinces
from territory.models import Kind, Level, Succession, Unit
from territory.reference import load_territory
from territory.workflow import carry_villages_forward

from .factories import unit, village

pytestmark = pytest.mark.django_db

BEFORE = date(2024, 6, 1)
AFTER = date(2025, 9, 1)


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def test_reference_tree_holds_backan_and_the_2025_communes():
    backan = unit("06")
    assert backan.name == "Tỉnh Bắc Kạn" and backan.valid_until == date(2025, 6, 30)
    assert Unit.objects.under(backan).districts().count() == 8
    assert Unit.objects.under(backan).communes().count() == 108
    thai_nguyen = unit("19", current=True)
    assert Unit.objects.under(thai_nguyen).communes().count() == 92
    assert unit("058").kind == Kind.CITY
    assert unit("01888").kind == Kind.TOWNSHIP


def test_seed_villages_sit_under_their_communes():
    na_hin = village("Thôn Nà Hin")
    assert na_hin.level == Level.VILLAGE
    assert na_hin.parent == unit("01870")  # Xã Giáo Hiệu, Huyện Pác Nặm
    assert na_hin in Unit.objects.under(unit("060"))
    assert village("Tổ dân phố 11A").parent.name == "Phường Sông Cầu"


def test_code_at_a_date_picks_the_unit_that_bore_it():
    assert Unit.objects.with_code("01864", at=BEFORE).get().name == "Xã Bộc Bố"
    assert Unit.objects.with_code("01864", at=AFTER).get().name == "Xã Bằng Thành"
    assert not Unit.objects.with_code("064", at=AFTER).exists()  # districts abolished


def test_units_under_a_district_at_a_date():
    cho_don = unit("064")
    assert Unit.objects.under(cho_don).valid_at(BEFORE).communes().count() == 20
    assert Unit.objects.under(cho_don).valid_at(AFTER).communes().count() == 0


def test_retired_giao_hieu_rolls_up_into_the_new_bang_thanh():
    giao_hieu = unit("01870")
    assert names(Unit.objects.current_successors_of(giao_hieu)) == ["Xã Bằng Thành"]
    bang_thanh = unit("01864", current=True)
    rolled = Unit.objects.rolled_up_into(bang_thanh)
    assert giao_hieu in rolled
    assert village("Thôn Nà Hin") in rolled  # villages of former communes too
    assert village("Thôn Nà Hin", current=True) in rolled  # and the village as it carries on
    assert names(Unit.objects.predecessors_of(bang_thanh)) == sorted(
        ["Xã Bộc Bố", "Xã Nhạn Môn", "Xã Giáo Hiệu", "Xã Bằng Thành"]
    )
    assert unit("01891") not in rolled  # Bành Trạch went elsewhere


def test_new_phong_quang_takes_communes_from_two_old_districts():
    phong_quang = unit("01849", current=True)
    former = Unit.objects.predecessors_of(phong_quang).select_related("parent")
    assert {u.parent.name for u in former} == {"Thành phố Bắc Kạn", "Huyện Bạch Thông"}


def test_tree_queries_take_one_query_each(django_assert_num_queries):
    bang_thanh, cho_don, giao_hieu = unit("01864", current=True), unit("064"), unit("01870")
    with django_assert_num_queries(1):
        list(Unit.objects.rolled_up_into(bang_thanh))
    with django_assert_num_queries(1):
        list(Unit.objects.in_scope_of(cho_don))
    with django_assert_num_queries(1):
        list(Unit.objects.current_successors_of(giao_hieu))


def test_administrator_can_add_a_historical_commune_with_its_successor():
    quan_ha = unit("02005")
    quan_binh = Unit.objects.create(
        name="Xã Quân Bình", kind=Kind.COMMUNE, parent=unit("063"), valid_until=date(2020, 1, 31)
    )
    quan_binh.successors.add(quan_ha)
    assert quan_binh.path.startswith(unit("063").path)
    assert names(Unit.objects.current_successors_of(quan_binh)) == ["Xã Cẩm Giàng"]
    assert quan_binh in Unit.objects.rolled_up_into(unit("02008", current=True))


def test_reference_data_loads_twice_without_duplicates():
    counts = (Unit.objects.count(), Field.objects.count(), Criterion.objects.count())
    load_territory(Unit)
    load_provinces(Unit, Succession, ["19"])
    carry_villages_forward(Unit, Succession)
    load_fields(Field)
    load_criteria(CriterionSet, Criterion)
    assert (Unit.objects.count(), Field.objects.count(), Criterion.objects.count()) == counts
    # Bắc Kạn and old Thái Nguyên (2 + 17 + 280), Thái Nguyên of today (1 + 92), 9 villages
    # under their old communes and the same 9 carried on under the new ones.
    assert counts == (2 + 17 + 280 + 1 + 92 + 9 + 9, 8, 48)


def test_criterion_set_of_a_registering_year():
    assert CriterionSet.objects.for_year(2021).name == "2021-2025"
    assert CriterionSet.objects.for_year(2018).name == "2016-2020"
    crit = Criterion.objects.get(criterion_set__name="2021-2025", number=17)
    assert crit.name == "Môi trường và an toàn thực phẩm"
