"""The split is shown where it matters (issue 12): a model page names a former commune with the
commune (or the parts of a split commune) it belongs to today."""

import pytest

from territory.models import Unit
from territory.place_lines import place_lines
from tests.factories import make_model, unit

pytestmark = pytest.mark.django_db


def places_html(client, model):
    page = client.get(f"/mo-hinh/{model.pk}/").content.decode()
    start = page.index('data-testid="places"')
    return page[start : page.index("</dd>", start)]


def test_a_former_commune_says_which_commune_it_belongs_to_today(admin_client):
    model = make_model(unit("01864"), year=2024, title="Mô hình Bộc Bố 2024")
    html = places_html(admin_client, model)
    assert "Xã Bộc Bố, Huyện Pác Nặm (cũ; nay thuộc Xã Bằng Thành)" in html


def test_a_split_commune_names_its_main_part_first(admin_client):
    cam_gia = Unit.objects.get(code="05467", valid_from__isnull=True)
    model = make_model(cam_gia, year=2024, title="Mô hình Cam Giá 2024")
    html = places_html(admin_client, model)
    assert (
        "Phường Cam Giá, Thành phố Thái Nguyên (cũ; nay chia cho Phường Gia Sàng (phần chính) "
        "và Phường Tích Lương)"
    ) in html


def test_a_commune_of_today_and_a_village_carried_on_are_shown_plainly(admin_client):
    bang_thanh = unit("01864", current=True)
    model = make_model(bang_thanh, year=2026, title="Mô hình Bằng Thành 2026")
    html = places_html(admin_client, model)
    assert "Xã Bằng Thành, Tỉnh Thái Nguyên" in html and "cũ;" not in html


def test_place_lines_read_the_successions_of_all_places_at_once(django_assert_num_queries):
    places = [
        unit("01864"),
        unit("01891"),
        Unit.objects.select_related("parent").get(name="Thôn Pác Châm", valid_from=None),
    ]
    for place in places:
        place.parent  # noqa: B018 - labels read the parent, loaded here
    with django_assert_num_queries(1):
        lines = place_lines(places)
    assert [line.note for line in lines][:2] == [
        "cũ; nay thuộc Xã Bằng Thành",
        "cũ; nay thuộc Xã Phúc Lộc",
    ]
    assert lines[2].note.startswith("cũ; nay là Thôn Pác Châm, Xã")
