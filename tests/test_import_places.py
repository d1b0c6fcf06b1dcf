"""Places as officers write them (issue 13): a bare commune name whose first word is a village
word, ambiguous names listing their candidates, villages the portal does not know yet."""

import pytest

from importer.plan import CREATE, ERROR
from importer.undo import undo_batch
from models_registry.models import DvkModel
from territory.models import Kind, Level, Unit
from tests.conftest import unit
from tests.test_import import import_file, plan_of, xlsx_bytes


def one_row(place, implementer="Chi bộ 1"):
    return xlsx_bytes(
        [["Tên mô hình", "Tập thể thực hiện", "Địa bàn"], ["Mô hình A", implementer, place]]
    )


@pytest.mark.parametrize(
    "written, district, code",
    [
        ("Bản Thi", "064", "02035"),
        ("bản thi", "064", "02035"),
        ("Xã Bản Thi", "064", "02035"),
        ("X. Bản Thi", "064", "02035"),
        ("Nà Phặc", "062", "01936"),
        ("TT. Nà Phặc", "062", "01936"),
    ],
)
def test_a_bare_commune_name_that_starts_like_a_village_is_the_commune(db, written, district, code):
    (row,) = plan_of(one_row(written), default_year=2023, default_district=unit(district)).rows
    assert row.errors == [], row.errors
    assert row.place_ids == [unit(code).pk]


def test_an_ambiguous_village_name_is_an_error_listing_the_candidates(db):
    for commune in ("02065", "02071"):  # Bằng Lãng, Nghĩa Tá (Chợ Đồn)
        Unit.objects.create(name="Thôn Nà Tàu", kind=Kind.VILLAGE, parent=unit(commune))
    (row,) = plan_of(one_row("Thôn Nà Tàu"), default_year=2023, default_district=unit("064")).rows
    assert row.action == ERROR
    assert "“Thôn Nà Tàu” có ở nhiều xã" in row.error_text()
    assert "Xã Bằng Lãng" in row.error_text() and "Xã Nghĩa Tá" in row.error_text()


def test_an_unknown_village_in_a_known_commune_is_a_new_village(db):
    place = "Thôn Nà Pài, Xã Bằng Lãng"
    (row,) = plan_of(one_row(place), default_year=2023, default_district=unit("064")).rows
    assert row.action == CREATE
    assert "thôn mới “Thôn Nà Pài” của Xã Bằng Lãng — sẽ được thêm khi nhập" in row.warnings
    assert row.place_label == "Thôn Nà Pài (thôn mới), Xã Bằng Lãng"
    assert not Unit.objects.filter(name="Thôn Nà Pài").exists()


def test_a_new_village_is_created_on_confirm_listed_in_the_batch_and_removed_by_undo(db):
    rows = [
        ["Tên mô hình", "Tập thể thực hiện", "Địa bàn"],
        ["Mô hình A", "Chi bộ 1", "Thôn Nà Pài, Xã Bằng Lãng"],
        ["Mô hình B", "Chi bộ 2", "thôn Nà Pài - xã Bằng Lãng"],
    ]
    _plan, batch = import_file(xlsx_bytes(rows), default_year=2023, default_district=unit("064"))
    village = Unit.objects.get(name="Thôn Nà Pài")
    assert village.parent == unit("02065") and village.level == Level.VILLAGE
    assert batch.created_objects["village"] == [village.pk]
    for model in DvkModel.objects.all():
        assert list(model.places.all()) == [village]
        assert model.commune == unit("02065")
    undo_batch(batch)
    assert not Unit.objects.filter(name="Thôn Nà Pài").exists()
    assert DvkModel.objects.count() == 0


def test_the_batch_page_lists_the_new_villages(admin_client):
    rows = [
        ["Tên mô hình", "Tập thể thực hiện", "Địa bàn"],
        ["Mô hình A", "Chi bộ 1", "Thôn Nà Pài, Xã Bằng Lãng"],
    ]
    _plan, batch = import_file(xlsx_bytes(rows), default_year=2023, default_district=unit("064"))
    html = admin_client.get(f"/nhap-du-lieu/lan-nhap/{batch.pk}/").content.decode()
    assert "Thôn mới do lần nhập này thêm" in html
    assert "<li>Thôn Nà Pài, Xã Bằng Lãng</li>" in html
