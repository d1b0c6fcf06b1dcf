"""Villages live on: from 1/7/2025 a thôn, bản or tổ dân phố belongs to the successor commune,
the old row kept for old records; commune officers add the villages of their commune."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from territory.models import Kind, Succession, Unit
from territory.workflow import add_village, carry_villages_forward

from .conftest import logged_in, make_user
from .factories import unit, village

pytestmark = pytest.mark.django_db

URL = reverse("territory:villages")


def test_a_village_of_an_old_commune_carries_on_under_its_successor():
    old, new = village("Thôn Nà Hin"), village("Thôn Nà Hin", current=True)
    # The 2019 record's village is exactly as it was: Xã Giáo Hiệu, Huyện Pác Nặm.
    assert old.label() == "Thôn Nà Hin, Xã Giáo Hiệu" and old.parent.parent.name == "Huyện Pác Nặm"
    assert old.valid_until == date(2025, 6, 30)
    assert new.label() == "Thôn Nà Hin, Xã Bằng Thành"
    assert new.valid_from == date(2025, 7, 1) and new.valid_until is None
    assert list(Unit.objects.successors_of(old)) == [new]
    bang_thanh = unit("01864", current=True)
    assert new in Unit.objects.under(bang_thanh).villages().current()
    assert old not in Unit.objects.valid_at(date(2026, 1, 1))
    assert old in Unit.objects.under(unit("060")).valid_at(date(2019, 6, 1))


def test_villages_of_a_split_commune_follow_its_default_successor():
    gia_sang = unit("05461")  # split; rolls up into Phường Phan Đình Phùng
    to_dan_pho = Unit.objects.create(
        name="Tổ dân phố 5", kind=Kind.RESIDENTIAL_GROUP, parent=gia_sang
    )
    assert carry_villages_forward(Unit, Succession) == 1
    carried = Unit.objects.successors_of(to_dan_pho).get()
    assert carried.parent == unit("05443", current=True)


def test_carrying_villages_forward_twice_changes_nothing():
    before = Unit.objects.count()
    assert carry_villages_forward(Unit, Succession) == 0
    assert Unit.objects.count() == before


def test_a_2026_model_of_bang_thanh_can_pick_the_villages_of_its_former_communes(admin_client):
    bang_thanh = unit("01864", current=True)
    page = admin_client.get(
        reverse("models_registry:form_places"), {"year": 2026, "communes": bang_thanh.pk}
    ).content.decode()
    assert "Thôn Nà Hin, Xã Bằng Thành" in page
    assert f'value="{village("Thôn Nà Hin", current=True).pk}"' in page
    assert f'value="{village("Thôn Nà Hin").pk}"' not in page


def test_the_commune_officer_sees_the_villages_of_the_commune_and_where_they_came_from(
    commune_client,
):
    page = commune_client.get(URL).content.decode()
    assert "Thôn, bản, tổ dân phố của Xã Bằng Thành" in page
    assert "<td>Thôn Nà Hin</td><td>Xã Giáo Hiệu</td>" in page
    assert "Thôn Khuổi Tẩu" not in page  # Phúc Lộc's


def test_the_commune_officer_adds_a_village(commune_client, commune_officer):
    response = commune_client.post(URL, {"name": "  Nà  Pục ", "kind": Kind.HAMLET}, follow=True)
    added = Unit.objects.get(name="Bản Nà Pục")
    assert added.parent == commune_officer.unit and added.kind == Kind.HAMLET
    assert added.search_name == "na puc" and added.is_current
    page = response.content.decode()
    assert "Đã thêm Bản Nà Pục vào Xã Bằng Thành." in page
    assert "<td>Bản Nà Pục</td><td>—</td>" in page


@pytest.mark.parametrize("typed", ["thon na hin", "Bản NÀ HIN", "Thôn Nà Hin"])
def test_a_village_the_commune_already_has_is_refused_by_its_folded_name(commune_client, typed):
    before = Unit.objects.count()
    page = commune_client.post(URL, {"name": typed, "kind": Kind.VILLAGE}).content.decode()
    assert "Thôn Nà Hin đã có trong Xã Bằng Thành." in page
    assert Unit.objects.count() == before


def test_the_same_name_in_another_commune_is_not_a_duplicate(administrator):
    phuc_loc = unit("01894", current=True)
    added = add_village(phuc_loc, name="Nà Hin", kind=Kind.VILLAGE, user=administrator)
    assert added.label() == "Thôn Nà Hin, Xã Phúc Lộc"


def test_district_officers_and_reviewers_cannot_add_villages(babe_client, reviewer_client):
    for client in (babe_client, reviewer_client):
        response = client.post(URL, {"name": "Nà Mới", "kind": Kind.VILLAGE})
        assert response.status_code == 403
        assert "Chỉ cán bộ cấp xã và quản trị viên thêm được thôn" in response.content.decode()
    assert not Unit.objects.filter(name="Thôn Nà Mới").exists()


def test_an_officer_of_an_abolished_commune_cannot_add_villages():
    officer = make_user("giaohieu", Role.COMMUNE_STAFF, "01870")
    response = logged_in(officer).post(URL, {"name": "Nà Mới", "kind": Kind.VILLAGE})
    assert response.status_code == 403
    assert not Unit.objects.filter(name="Thôn Nà Mới").exists()


def test_the_administrator_picks_a_commune_then_adds_to_it(admin_client):
    page = admin_client.get(URL).content.decode()
    assert "Chọn một xã, phường" in page and "Xã Bằng Thành, Tỉnh Thái Nguyên" in page
    phuc_loc = unit("01894", current=True)
    page = admin_client.get(URL, {"xa": phuc_loc.pk}).content.decode()
    assert "<td>Thôn Khuổi Tẩu</td><td>Xã Phúc Lộc</td>" in page
    assert "<td>Thôn Pác Châm</td><td>Xã Bành Trạch</td>" in page
    admin_client.post(URL, {"xa": phuc_loc.pk, "name": "Khuổi Luông", "kind": Kind.VILLAGE})
    assert Unit.objects.get(name="Thôn Khuổi Luông", valid_from=None).parent == phuc_loc


def test_the_administrator_cannot_pick_an_abolished_commune(admin_client):
    page = admin_client.post(
        URL, {"xa": unit("01870").pk, "name": "Nà Mới", "kind": Kind.VILLAGE}
    ).content.decode()
    assert "Chọn xã, phường trước khi thêm thôn." in page
    assert not Unit.objects.filter(name="Thôn Nà Mới").exists()


@pytest.mark.parametrize("rows", [1, 3])
def test_the_village_list_takes_the_same_queries_for_1_and_3_rows(
    commune_client, commune_officer, django_assert_num_queries, rows
):
    for number in range(rows - 1):
        add_village(
            commune_officer.unit, name=f"Số {number}", kind=Kind.VILLAGE, user=commune_officer
        )
    with django_assert_num_queries(3):
        page = commune_client.get(URL).content.decode()
    assert f"{rows} thôn, bản, tổ dân phố đang có hiệu lực" in page


def test_the_menu_leads_commune_officers_to_the_villages(commune_client, babe_client):
    page = commune_client.get(URL).content.decode()
    assert (
        f'<a class="nav-link active" href="{URL}" aria-current="page">Thôn, tổ dân phố</a>' in page
    )
    assert f'href="{URL}"' not in babe_client.get(reverse("home")).content.decode()
