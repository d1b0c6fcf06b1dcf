"""Issuing bodies of communes loaded after `migrate` (issue 12): `load_territory` adds a
province, `ensure_commune_bodies` (a reviews command: the territory app does not know the
reviews app) gives each of its communes its People's Committee and Party committee."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from reviews.bodies import ensure_commune_bodies
from reviews.models import IssuingBody
from territory.models import Level, Unit
from tests.factories import unit

pytestmark = pytest.mark.django_db


def test_the_communes_of_a_province_loaded_later_get_their_bodies():
    call_command("load_territory", province=["04"], stdout=StringIO())
    communes = Unit.objects.current().filter(level=Level.COMMUNE, parent__code="04")
    assert communes.exists()
    assert not IssuingBody.objects.filter(unit__in=communes).exists()
    out = StringIO()
    call_command("ensure_commune_bodies", stdout=out)
    assert IssuingBody.objects.filter(unit__in=communes).count() == 2 * communes.count()
    commune = communes.order_by("code").first()
    names = set(commune.issuing_bodies.values_list("name", flat=True))
    assert len(names) == 2 and any(n.startswith("UBND ") for n in names)
    assert f"Thêm {2 * communes.count()} cơ quan" in out.getvalue()
    call_command("ensure_commune_bodies", stdout=out)
    assert "Thêm 0 cơ quan" in out.getvalue()


def test_the_load_territory_help_says_to_run_it():
    from territory.management.commands.load_territory import Command

    assert "ensure_commune_bodies" in Command.help


def test_a_commune_named_like_one_of_another_province_gets_bodies_of_its_own():
    bang_thanh = unit("01864", current=True)
    province = Unit.objects.create(
        code="98", name="Tỉnh Thử Nghiệm", level=Level.PROVINCE, valid_from=date(2025, 7, 1)
    )
    namesake = Unit.objects.create(
        code="99998",
        name="Xã Bằng Thành",
        level=Level.COMMUNE,
        kind=bang_thanh.kind,
        parent=province,
        valid_from=date(2025, 7, 1),
    )
    ensure_commune_bodies(IssuingBody, Unit)
    ours = set(bang_thanh.issuing_bodies.values_list("name", flat=True))
    theirs = set(namesake.issuing_bodies.values_list("name", flat=True))
    assert ours == {"UBND xã Bằng Thành", "Đảng ủy xã Bằng Thành"}
    assert theirs == {
        "UBND xã Bằng Thành, Tỉnh Thử Nghiệm",
        "Đảng ủy xã Bằng Thành, Tỉnh Thử Nghiệm",
    }
