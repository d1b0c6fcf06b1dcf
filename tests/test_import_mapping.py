"""The mapping step of the preview: each column with its joined header, three samples and the
guessed meaning; the person changes meanings and previews again in one click; the choice is
remembered for the sending unit and the header layout and used first next time."""

import re

from importer.models import ColumnMapping
from models_registry.models import DvkModel
from tests.conftest import unit
from tests.test_import import xlsx_bytes
from tests.test_import_views import upload

ROWS = [
    ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023"],
    ["STT", "Tên mô hình", "Người/đơn vị", "Thời gian", "", "Xếp loại"],
    ["", "", "", "Bắt đầu", "Kết thúc", ""],
    [1, "Vận động trồng quế", "Chi bộ thôn Nà Duồng", "3/2023", "12/2023", "Tốt"],
    [2, "Vận động giữ rừng", "Hội Nông dân xã Bằng Lãng", "4/2023", "", "Khá"],
    [3, "Vận động làm đường", "Đoàn Thanh niên xã Bằng Lãng", "5/2023", "", "Tốt"],
    [4, "Vận động hiến đất", "Chi bộ thôn Nà Duồng", "6/2023", "", "Tốt"],
]
MERGES = ["A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"]


def data():
    return xlsx_bytes(ROWS, merges=MERGES)


def select_of(html, number):
    """The <select> of column `number` and the option selected in it."""
    match = re.search(
        rf'<select[^>]*name="(nghia-[0-9a-f]+-{number - 1})"[^>]*>(.*?)</select>', html, re.S
    )
    selected = re.search(r'<option value="([^"]*)" selected>([^<]*)<', match.group(2))
    return match.group(1), selected.group(1), selected.group(2)


def test_the_preview_shows_each_column_with_its_joined_header_samples_and_guess(admin_client):
    url = upload(admin_client, data(), district=unit("064").pk)
    html = admin_client.get(url).content.decode()
    assert "Ghép cột" in html
    assert "Thời gian › Bắt đầu" in html and "Thời gian › Kết thúc" in html
    assert "<div>3/2023</div><div>4/2023</div><div>5/2023</div>" in html
    assert select_of(html, 4)[1:] == ("period_start", "Thời gian bắt đầu (đoán)")
    assert select_of(html, 3)[1:] == ("", "— không nhập —")
    assert "cột 3 “Người/đơn vị”: 4 ô không nhập" in html
    assert "cột 6 “Xếp loại”: 4 ô không nhập" in html


def test_changing_a_meaning_previews_again_and_is_remembered_for_next_time(admin_client):
    url = upload(admin_client, data(), district=unit("064").pk)
    html = admin_client.get(url).content.decode()
    name, _value, _label = select_of(html, 3)
    assert "Lỗi</dt><dd" in html
    response = admin_client.post(url, {"buoc": "ghep-cot", name: "implementer"}, follow=True)
    html = response.content.decode()
    assert "Đã xem trước lại với cách ghép cột vừa chọn" in html
    assert select_of(html, 3)[1:] == ("implementer", "Tập thể/cá nhân thực hiện")
    assert '<dd class="col-auto" data-testid="created">4</dd>' in html
    assert DvkModel.objects.count() == 0  # a preview saves nothing
    remembered = ColumnMapping.objects.get()
    assert remembered.unit == unit("064")
    assert remembered.meanings["2"] == "implementer"

    # The same unit sends a list with the same header: the remembered mapping comes first.
    again = upload(admin_client, data(), name="lan-sau.xlsx", district=unit("064").pk)
    html = admin_client.get(again).content.decode()
    assert "dùng cách ghép đã lưu lần trước" in html
    assert select_of(html, 3)[1] == "implementer"
    assert '<dd class="col-auto" data-testid="created">4</dd>' in html


def test_a_column_marked_not_imported_is_listed_and_its_cells_not_read(admin_client):
    url = upload(admin_client, data(), district=unit("064").pk)
    html = admin_client.get(url).content.decode()
    implementer, _v, _l = select_of(html, 3)
    start, _v, _l = select_of(html, 4)
    response = admin_client.post(
        url, {"buoc": "ghep-cot", implementer: "implementer", start: ""}, follow=True
    )
    html = response.content.decode()
    assert select_of(html, 4)[1] == ""
    assert "cột 4 “Thời gian › Bắt đầu”: 4 ô không nhập" in html


def test_a_mapping_is_remembered_for_the_sender_the_title_names(admin_client):
    titled = [["BAN DÂN VẬN HUYỆN ỦY CHỢ ĐỒN"], *ROWS]
    merges = ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4"]
    url = upload(admin_client, xlsx_bytes(titled, merges=merges))
    name, _value, _label = select_of(admin_client.get(url).content.decode(), 3)
    admin_client.post(url, {"buoc": "ghep-cot", name: "implementer"})
    assert ColumnMapping.objects.get().unit == unit("064")
