"""List filters (plain GET parameters) and the diacritic-free search, parsed and applied as the
list and the export do."""

import unicodedata

import pytest
from django.db.models import Q
from django.http import QueryDict

from models_registry import workflow
from models_registry.filters import apply_filters, parse_filters
from models_registry.models import (
    Criterion,
    DvkModel,
    RecognitionLevel,
    RegistrationType,
    Status,
)
from territory.models import Level, Succession, Unit
from tests.factories import make_collective, make_individual, make_model, unit

pytestmark = pytest.mark.django_db


def filter_models(queryset, params, user):
    """What the list shows `user` for these GET parameters (its scope always applied)."""
    return apply_filters(queryset.visible_to(user), parse_filters(params))


def titles(user, query):
    return sorted(
        m.title for m in filter_models(DvkModel.objects.for_list(), QueryDict(query), user)
    )


@pytest.fixture
def nahin_model():
    model = make_model(
        Unit.objects.get(name="Thôn Nà Hin", valid_from=None),
        title="Vận động nhân dân thực hiện tiêu chí số 17 – Môi trường",
        implementer=make_collective(unit("060"), name="Chi bộ Văn phòng Huyện ủy Pác Nặm"),
        year=2017,
    )
    # The factory sets places after saving; the workflow keeps the search column up to date.
    workflow.refresh_search_text(DvkModel.objects.filter(pk=model.pk))
    return DvkModel.objects.get(pk=model.pk)


@pytest.mark.parametrize(
    "typed",
    ["na hin", "Nà Hin", "NÀ HIN", unicodedata.normalize("NFD", "Nà Hin"), "  nà   hin "],
)
def test_search_ignores_case_diacritics_and_decomposed_input(administrator, nahin_model, typed):
    make_model(unit("01894"), title="Vận động nhân dân làm đường")
    assert titles(administrator, f"q={typed}") == [nahin_model.title]


def test_search_finds_implementer_and_commune_words_together(administrator, nahin_model):
    assert titles(administrator, "q=van phong pac nam giao hieu") == [nahin_model.title]
    assert titles(administrator, "q=giao hieu ba be") == []


def test_year_and_year_range(administrator):
    for year in (2021, 2022, 2023):
        make_model(unit("01894"), title=f"Mô hình năm {year}", year=year)
    assert titles(administrator, "nam=2022") == ["Mô hình năm 2022"]
    assert titles(administrator, "tu_nam=2022&den_nam=2023") == [
        "Mô hình năm 2022",
        "Mô hình năm 2023",
    ]
    assert len(titles(administrator, "nam=abc")) == 3  # nonsense is ignored, not an error


def test_unit_code_filters_a_district_or_a_commune(administrator, nahin_model):
    babe = make_model(unit("01894"), title="Ở Phúc Lộc")
    make_model(unit("02071"), title="Ở Nghĩa Tá")
    assert titles(administrator, "don_vi=061") == [babe.title]
    assert titles(administrator, "don_vi=01894&nam=2023") == [babe.title]
    assert titles(administrator, "don_vi=060") == [nahin_model.title]
    assert titles(administrator, "don_vi=99999") == []


def test_district_then_commune_select_the_narrowest_unit(administrator):
    make_model(unit("01894"), title="Ở Phúc Lộc")
    make_model(unit("01891"), title="Ở Bành Trạch")
    # Both selects are called don_vi; an empty commune leaves the district.
    assert titles(administrator, "don_vi=061&don_vi=01891") == ["Ở Bành Trạch"]
    assert titles(administrator, "don_vi=061&don_vi=") == ["Ở Bành Trạch", "Ở Phúc Lộc"]


def test_a_2026_commune_code_includes_the_old_communes_it_was_formed_from(administrator):
    make_model(unit("01891"), title="Bành Trạch 2023")
    make_model(unit("01894", current=True), title="Phúc Lộc mới 2026", year=2026)
    assert titles(administrator, "don_vi=01894&nam=2026") == ["Phúc Lộc mới 2026"]
    assert titles(administrator, "don_vi=01894&den_nam=2026") == [
        "Bành Trạch 2023",
        "Phúc Lộc mới 2026",
    ]


def test_a_model_is_found_from_each_district_it_is_carried_out_in_with_or_without_a_year(
    administrator,
):
    chodon_village = Unit.objects.filter(
        level=Level.VILLAGE, parent__parent__code="064", valid_from=None
    ).first()
    both = make_model(
        unit("01894"), title="Ba Bể và Chợ Đồn", places=[unit("01894"), chodon_village]
    )
    make_model(unit("01894"), title="Chỉ ở Ba Bể")
    assert titles(administrator, "don_vi=064") == [both.title]
    assert titles(administrator, "don_vi=064&nam=2023") == [both.title]
    assert titles(administrator, "don_vi=064&tu_nam=2020&den_nam=2024") == [both.title]
    assert titles(administrator, "don_vi=064&nam=2022") == []


def test_a_rolled_up_commune_brings_all_its_villages():
    """What the list's district and commune filter relies on when it reads the year's place
    rows (`carried_out_in`): a commune rolled up into a district or today's commune stands for
    its villages, because they are rolled up with it."""
    for parent in [*Unit.objects.districts(), *Unit.objects.communes().current()]:
        rolled = set(Unit.objects.rolled_up_into(parent).values_list("pk", flat=True))
        communes = Unit.objects.filter(pk__in=rolled, level=Level.COMMUNE)
        villages = set(
            Unit.objects.filter(parent__in=communes, level=Level.VILLAGE).values_list(
                "pk", flat=True
            )
        )
        assert villages <= rolled, parent


def _villages_apart(parent):
    """The villages `rolled_up_into(parent)` brings without their commune, read both ways."""
    whole = list(Unit.objects.rolled_up_into(parent).values_list("pk", "level", "parent_id"))
    upper = set(Unit.objects.rolled_up_into(parent, down_to=Level.COMMUNE).values_list("pk"))
    upper = {pk for (pk,) in upper}
    assert upper == {pk for pk, level, _parent in whole if level <= Level.COMMUNE}, parent
    expected = {pk for pk, level, up in whole if level == Level.VILLAGE and up not in upper}
    found = {
        pk for pk, up in Unit.objects.former_villages_rolled_up_into(parent) if up not in upper
    }
    return expected, found


def test_the_villages_rolled_up_apart_from_their_commune_are_those_of_the_whole_roll_up():
    """The list's unit filter with a year reads the roll-up down to the communes and the
    villages reached through succession (`carried_out_in`): the same units as the whole
    roll-up, for the real territory and for a village carried on into another commune."""
    for parent in [*Unit.objects.districts(), *Unit.objects.communes().current()]:
        expected, found = _villages_apart(parent)
        assert found == expected, parent
    bang_thanh = unit("01864", current=True)
    stray = Unit.objects.filter(level=Level.VILLAGE, parent=unit("01894")).first()
    target = Unit.objects.filter(level=Level.VILLAGE, parent=bang_thanh).first()
    Succession.objects.filter(from_unit=stray).delete()
    stray.successors.add(target)  # now carried on in Bằng Thành, its commune not
    expected, found = _villages_apart(bang_thanh)
    assert found == expected == {stray.pk}
    model = make_model(stray, title="Ở thôn đã chuyển sang Bằng Thành", year=2023)
    years = Q(year=2023)
    assert list(DvkModel.objects.carried_out_in(bang_thanh, years=years)) == [model]
    assert list(DvkModel.objects.carried_out_in(bang_thanh)) == [model]


def test_a_unit_outside_the_officers_territory_finds_nothing(chodon_officer):
    make_model(unit("01894"), title="Ở Ba Bể")
    make_model(unit("02071"), title="Ở Chợ Đồn")
    assert titles(chodon_officer, "don_vi=061") == []
    assert titles(chodon_officer, "") == ["Ở Chợ Đồn"]


def test_field_type_registration_and_criterion(administrator):
    place = unit("01894")
    ntm = make_model(
        place, title="NTM", field_code="BK-NTM", registration_type=RegistrationType.CARRIED_OVER
    )
    ntm.criteria.add(Criterion.objects.get(criterion_set__name="2021-2025", number=17))
    make_model(place, title="Cá nhân", implementer=make_individual(place))
    assert titles(administrator, "linh_vuc=BK-NTM") == ["NTM"]
    assert titles(administrator, "linh_vuc=KT") == ["Cá nhân"]
    assert titles(administrator, "loai=ca_nhan") == ["Cá nhân"]
    assert titles(administrator, "loai=tap_the") == ["NTM"]
    assert titles(administrator, "dang_ky=duy_tri") == ["NTM"]
    criterion = Criterion.objects.get(criterion_set__name="2021-2025", number=17)
    assert titles(administrator, f"tieu_chi={criterion.pk}") == ["NTM"]


def test_status_recognition_and_exemplary(administrator):
    place = unit("01894")
    make_model(place, title="Nháp", status=Status.DRAFT)
    make_model(place, title="Đã rút", status=Status.WITHDRAWN)
    make_model(
        place,
        title="Công nhận huyện",
        status=Status.RECOGNISED,
        recognition_level=RecognitionLevel.DISTRICT,
        is_exemplary=True,
    )
    make_model(place, title="Đăng ký")
    # Without a status, withdrawn models are kept out of the list (but never lost).
    assert titles(administrator, "") == ["Công nhận huyện", "Nháp", "Đăng ký"]
    assert titles(administrator, "trang_thai=rut") == ["Đã rút"]
    assert titles(administrator, "trang_thai=hieu_luc") == ["Công nhận huyện", "Đăng ký"]
    assert titles(administrator, "cong_nhan=huyen") == ["Công nhận huyện"]
    assert titles(administrator, "dien_hinh=1") == ["Công nhận huyện"]


def test_sort_orders(administrator):
    place = unit("01894")
    make_model(place, title="Bắc", year=2020)
    make_model(place, title="An", year=2022)
    ordered = [
        m.title
        for m in filter_models(DvkModel.objects.all(), QueryDict("sap_xep=ten"), administrator)
    ]
    assert ordered == ["An", "Bắc"]
    ordered = [
        m.title
        for m in filter_models(DvkModel.objects.all(), QueryDict("sap_xep=nam"), administrator)
    ]
    assert ordered == ["Bắc", "An"]
    ordered = [
        m.title
        for m in filter_models(DvkModel.objects.all(), QueryDict("sap_xep=xyz"), administrator)
    ]
    assert ordered == ["An", "Bắc"]  # unknown sort: newest year first
