"""Who imports (issue 13): administrators for any unit; district officers their district's
lists of years before 1/7/2025; commune officers their commune's; rows outside the importer's
territory are errors; the sender is read from the title block or chosen on upload."""

import pytest

from importer.models import ImportBatch
from models_registry.models import DvkModel
from tests.conftest import unit
from tests.test_import import import_file, xlsx_bytes
from tests.test_import_views import upload

HEADER = ["STT", "Tên mô hình", "Tập thể thực hiện", "Địa bàn thực hiện"]


def commune_list(rows):
    return xlsx_bytes(
        [
            ["ĐẢNG ỦY XÃ BẰNG THÀNH", "", "ĐẢNG CỘNG SẢN VIỆT NAM"],
            ["BAN XÂY DỰNG ĐẢNG"],
            ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2026"],
            HEADER,
            *rows,
        ]
    )


COMMUNE_ROWS = [
    [1, "Vận động nhân dân giữ gìn vệ sinh môi trường", "Chi bộ thôn Nà Hin", "Xã Bằng Thành"],
    [2, "Vận động trồng rừng", "Hội Nông dân xã Phong Quang", "Xã Phong Quang"],
]


def preview_html(client, url):
    return client.get(url).content.decode()


def test_the_sender_commune_is_read_from_the_title_block(db):
    plan, batch = import_file(commune_list(COMMUNE_ROWS[:1]))
    assert plan.sender_id == unit("01864", current=True).pk
    assert batch.default_district == unit("01864", current=True)
    model = DvkModel.objects.get()
    assert model.unit == unit("01864", current=True) and model.year == 2026


def test_a_commune_officer_imports_their_commune_and_rows_elsewhere_are_errors(commune_client):
    page = commune_client.get("/nhap-du-lieu/").content.decode()
    assert 'name="district"' not in page  # the officer sends for their own commune
    assert "Bạn nhập danh sách của Xã Bằng Thành; dòng ngoài địa bàn này là dòng lỗi." in page
    url = upload(commune_client, commune_list(COMMUNE_ROWS), name="bang-thanh-2026.xlsx")
    html = preview_html(commune_client, url)
    assert '<dd class="col-auto" data-testid="created">1</dd>' in html
    assert "“Xã Phong Quang, Tỉnh Thái Nguyên” ngoài địa bàn của Xã Bằng Thành" in html
    response = commune_client.post(url + "xac-nhan/", {"skip_errors": "on"})
    assert response.status_code == 302
    model = DvkModel.objects.get()
    assert model.title == COMMUNE_ROWS[0][1]
    batch = ImportBatch.objects.get()
    assert batch.default_district == unit("01864", current=True)
    assert batch.created_by.username == "bangthanh"


@pytest.mark.usefixtures("district_era")
def test_a_district_officer_imports_lists_before_the_reform_in_their_district(babe_client):
    rows = [
        ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO - BAN DÂN VẬN HUYỆN ỦY BA BỂ"],
        [*HEADER, "Năm"],
        [1, "Vận động làm đường", "Chi bộ thôn Khuổi Tẩu", "Xã Phúc Lộc", 2023],
        [2, "Vận động trồng dưa", "Hội Nông dân xã Nghĩa Tá", "Xã Nghĩa Tá, Huyện Chợ Đồn", 2023],
        [3, "Vận động giữ rừng", "Chi bộ thôn Nà Hin", "Xã Bằng Thành", 2026],
    ]
    url = upload(babe_client, xlsx_bytes(rows), name="babe.xlsx")
    html = preview_html(babe_client, url)
    assert '<dd class="col-auto" data-testid="created">1</dd>' in html
    assert "ngoài địa bàn của Huyện Ba Bể" in html
    assert "năm 2026: từ 01/07/2025 không còn cấp huyện" in html


@pytest.mark.usefixtures("district_era")
def test_batches_of_another_territory_are_not_found(babe_client, chodon_client):
    rows = [["HUYỆN ỦY CHỢ ĐỒN"], [*HEADER, "Năm"], [1, "Mô hình", "Chi bộ 1", "Xã Nghĩa Tá", 2023]]
    _plan, batch = import_file(xlsx_bytes(rows))
    assert batch.default_district == unit("064")
    assert "Mô hình" in chodon_client.get(f"/nhap-du-lieu/lan-nhap/{batch.pk}/").content.decode()
    assert babe_client.get(f"/nhap-du-lieu/lan-nhap/{batch.pk}/").status_code == 404
    listed = babe_client.get("/nhap-du-lieu/lan-nhap/").content.decode()
    assert f"/nhap-du-lieu/lan-nhap/{batch.pk}/" not in listed
    assert (
        f"/nhap-du-lieu/lan-nhap/{batch.pk}/"
        in chodon_client.get("/nhap-du-lieu/lan-nhap/").content.decode()
    )
