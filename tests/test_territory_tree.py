"""The country's tree from vietnamadminunits: checked against the official lists, loaded by
province, codes reused at two dates, split communes rolled up once."""

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from territory import library
from territory.loading import REFORM_DAY, load_provinces
from territory.models import Kind, Level, Succession, Unit, resolve_code

from .factories import unit

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def official_rows(name):
    with open(FIXTURES / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_library_holds_both_trees_of_the_whole_country():
    country = library.country()
    assert sum(r.level == Level.PROVINCE for r in country.current) == 34
    assert sum(r.level == Level.COMMUNE for r in country.current) == 3321
    assert sum(r.level == Level.PROVINCE for r in country.legacy) == 63
    assert sum(r.level == Level.DISTRICT for r in country.legacy) == 696
    assert sum(r.level == Level.COMMUNE for r in country.legacy) == 10035
    assert country.old_provinces_of["19"] == ("06", "19")


def test_every_old_commune_rolls_up_into_exactly_one_default_successor():
    defaults = {}
    for link in library.country().links:
        if link.level == Level.COMMUNE and link.is_default:
            defaults[link.old_code] = defaults.get(link.old_code, 0) + 1
    assert len(defaults) == 10035 and set(defaults.values()) == {1}


def test_the_library_agrees_with_the_official_backan_lists():
    """The 37 communes covering Bắc Kạn from 1/7/2025 (Công văn 1027/CTK-CSCL) and what they
    were formed from; the 116 districts and communes of Bắc Kạn by code."""
    country = library.country()
    current = {r.code: r.name for r in country.current if r.parent_code == "19"}
    formed_from = {}
    for link in country.links:
        if link.level == Level.COMMUNE and link.new_code in current:
            formed_from.setdefault(link.new_code, set()).add(link.old_code)
    for row in official_rows("thainguyen_communes_2025_from_backan.csv"):
        assert current[row["code"]] == row["name"]
        assert formed_from[row["code"]] == {c.strip() for c in row["formed_from_codes"].split(";")}
    legacy = {(r.level, r.code) for r in country.legacy}
    for row in official_rows("backan_units_2024.csv"):
        level = {"province": 1, "district": 2, "commune": 3}[row["level"]]
        assert (level, row["code"]) in legacy


def test_migrate_loads_thai_nguyen_of_today_with_both_provinces_it_was_formed_from():
    thai_nguyen = unit("19", current=True)
    assert thai_nguyen.valid_from == REFORM_DAY and thai_nguyen.valid_until is None
    communes = Unit.objects.under(thai_nguyen).communes()
    assert communes.filter(kind=Kind.COMMUNE).count() == 77
    assert communes.filter(kind=Kind.WARD).count() == 15
    old_thai_nguyen = unit("19")
    assert old_thai_nguyen.valid_until == date(2025, 6, 30)
    assert Unit.objects.under(old_thai_nguyen).districts().count() == 9
    assert Unit.objects.under(old_thai_nguyen).communes().count() == 172
    assert unit("164").name == "Thành phố Thái Nguyên" and unit("164").kind == Kind.CITY
    assert names(Unit.objects.predecessors_of(thai_nguyen)) == [
        "Tỉnh Bắc Kạn",
        "Tỉnh Thái Nguyên",
    ]
    assert names(Unit.objects.current_successors_of(old_thai_nguyen)) == ["Tỉnh Thái Nguyên"]


def test_existing_backan_units_keep_their_ids_names_and_links():
    # Loaded first from fixtures/ (official spellings "Xã Sĩ Bình", "Thành phố Bắc Kạn").
    assert unit("01978").name == "Xã Sĩ Bình"
    assert unit("058").name == "Thành phố Bắc Kạn"
    assert unit("06").pk == 1
    assert names(Unit.objects.current_successors_of(unit("01870"))) == ["Xã Bằng Thành"]


def test_the_same_code_is_two_units_at_two_dates():
    bo_bo, bang_thanh = unit("01864"), unit("01864", current=True)
    assert bo_bo.pk != bang_thanh.pk
    assert (bo_bo.name, bo_bo.valid_until, bo_bo.parent.name) == (
        "Xã Bộc Bố",
        date(2025, 6, 30),
        "Huyện Pác Nặm",
    )
    assert (bang_thanh.name, bang_thanh.valid_from, bang_thanh.parent.name) == (
        "Xã Bằng Thành",
        date(2025, 7, 1),
        "Tỉnh Thái Nguyên",
    )
    assert resolve_code("01864", date(2019, 12, 31)) == bo_bo
    assert resolve_code("01864", date(2026, 12, 31)) == bang_thanh
    assert Unit.objects.with_code("19", at=date(2019, 1, 1)).get() == unit("19")
    assert Unit.objects.with_code("19", at=date(2026, 1, 1)).get() == unit("19", current=True)


def test_a_split_commune_lists_every_part_and_rolls_up_into_its_default_one():
    # Old Phường Gia Sàng (05461) was split between today's Phường Phan Đình Phùng, where the
    # mapping rolls it up, and today's Phường Gia Sàng (05467, old Phường Cam Giá's code).
    split = unit("05461")
    default = unit("05443", current=True)
    other = unit("05467", current=True)
    assert names(Unit.objects.successors_of(split)) == sorted([default.name, other.name])
    assert list(Unit.objects.default_successors_of(split)) == [default]
    assert Succession.objects.get(from_unit=split, to_unit=other).is_default is False
    assert split in Unit.objects.rolled_up_into(default)
    assert split not in Unit.objects.rolled_up_into(other)
    assert split in Unit.objects.predecessors_of(other)


def test_every_old_commune_is_rolled_up_into_todays_communes_once():
    today = list(Unit.objects.under(unit("19", current=True)).communes())
    counted = {}
    for commune in today:
        for old in Unit.objects.rolled_up_into(commune).communes().filter(valid_from=None):
            counted[old.pk] = counted.get(old.pk, 0) + 1
    assert len(counted) == 108 + 172 and set(counted.values()) == {1}


def test_load_territory_adds_a_province_and_is_safe_to_run_twice():
    out = StringIO()
    call_command("load_territory", "--province", "04", stdout=out)  # Cao Bằng
    assert "Hiện có 2 tỉnh" in out.getvalue()
    cao_bang = unit("04", current=True)
    counts = (Unit.objects.count(), Succession.objects.count())
    assert Unit.objects.under(cao_bang).communes().count() == 56
    assert Unit.objects.under(unit("04")).communes().count() == 161
    call_command("load_territory", "--province", "4", stdout=StringIO())
    assert (Unit.objects.count(), Succession.objects.count()) == counts
    assert "Thêm 0 đơn vị, 0 liên kết" in _run("load_territory", "--province", "19")


def test_load_territory_names_the_codes_it_knows_for_an_unknown_province():
    with pytest.raises(CommandError, match="Không có tỉnh mã 99"):
        call_command("load_territory", "--province", "99", stdout=StringIO())


def test_the_loader_adds_only_what_is_missing(django_assert_max_num_queries):
    before = Unit.objects.count()
    with django_assert_max_num_queries(4):
        assert load_provinces(Unit, Succession, ["19"]) == (0, 0)
    assert Unit.objects.count() == before


def _run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_statistics_place_a_split_communes_records_in_its_default_successor():
    from stats.territory import Period, TerritoryTree

    # A split recorded with its other part first: the default one still wins.
    split = Unit.objects.create(
        name="Xã Thử Nghiệm", kind=Kind.COMMUNE, parent=unit("164"), valid_until=date(2025, 6, 30)
    )
    Succession.objects.create(
        from_unit=split, to_unit=unit("05443", current=True), is_default=False
    )
    Succession.objects.create(from_unit=split, to_unit=unit("05467", current=True))
    tree = TerritoryTree(unit("19", current=True), Period(2026, 2026))
    assert tree.subunit_of(split.pk) == unit("05467", current=True).pk
    assert tree.subunit_of(unit("05461").pk) == unit("05443", current=True).pk
    assert tree.subunit_of(unit("05467").pk) == unit("05467", current=True).pk


def test_load_territory_without_a_province_loads_the_portal_provinces(settings):
    settings.PORTAL_PROVINCES = ["04"]
    assert "Hiện có 2 tỉnh" in _run("load_territory")
    assert unit("04", current=True).name == "Tỉnh Cao Bằng"


def test_the_administrator_edits_successor_links_with_their_default_flag(admin_client):
    from django.urls import reverse

    page = admin_client.get(
        reverse("admin:territory_unit_change", args=[unit("05461").pk])
    ).content.decode()
    assert "Được sáp nhập vào (đơn vị kế thừa)" in page
    assert "Phường Phan Đình Phùng" in page and "Phường Gia Sàng" in page
    assert "Đơn vị kế thừa chính" in page


def test_an_old_unit_has_one_default_successor_at_most():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    giao_hieu = unit("01870")
    second = Succession(from_unit=giao_hieu, to_unit=unit("01894", current=True))
    with pytest.raises(ValidationError, match="chỉ có một đơn vị kế thừa chính"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    giao_hieu.successors.add(unit("01894", current=True), through_defaults={"is_default": False})
    assert list(Unit.objects.default_successors_of(giao_hieu)) == [unit("01864", current=True)]


def test_the_loader_gives_the_default_back_to_the_mappings_successor():
    giao_hieu, bang_thanh, phuc_loc = (
        unit("01870"),
        unit("01864", current=True),
        unit("01894", current=True),
    )
    Succession.objects.filter(from_unit=giao_hieu).delete()
    giao_hieu.successors.add(phuc_loc)  # an administrator's link, the only one: the default
    assert load_provinces(Unit, Succession, ["19"]) == (0, 1)
    assert Succession.objects.get(from_unit=giao_hieu, to_unit=bang_thanh).is_default
    assert not Succession.objects.get(from_unit=giao_hieu, to_unit=phuc_loc).is_default
