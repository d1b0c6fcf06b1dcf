"""The corpus (fixtures/import/corpus/, written by fixtures/import/make_corpus.py): seventeen
lists in the layouts districts and communes send, each with what it must give. Every list is
previewed and then imported; the rows come back as written."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from importer.plan import build_plan
from importer.reader import read_file
from importer.workflow import apply_plan
from models_registry.models import DvkModel, Status
from reviews.models import Decision, Entry
from territory.models import Unit
from tests.conftest import unit

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "import" / "corpus"


def by_title(title):
    return DvkModel.objects.get(title=title)


def check_grouped():
    road = by_title("Vận động nhân dân hiến đất làm đường bê tông")
    assert (road.households_mobilised, road.money_contributed, road.workdays_contributed) == (
        45,
        120_000_000,
        1500,
    )
    assert (road.start_date, road.end_date) == (date(2023, 3, 1), date(2023, 12, 31))
    fruit = by_title("Vận động bà con trồng cây ăn quả")
    assert fruit.individual.full_name == "Hoàng Văn Nam"
    assert fruit.money_contributed == 1_500_000_000
    assert (fruit.start_date, fruit.end_date) == (date(2023, 4, 1), None)  # under "Bắt đầu"


def check_sections():
    person = by_title("Vận động con em đến trường")
    assert person.individual.full_name == "Ma Thị Hoa" and person.commune == unit("02035")
    assert by_title("Vận động hội viên trồng dưa xen canh").field.code == "KT"
    assert by_title("Vận động giữ gìn bản sắc văn hóa Tày").field.code == "VHXH"


def check_commune():
    commune = unit("01864", current=True)
    assert set(DvkModel.objects.values_list("unit", flat=True)) == {commune.pk}
    assert Unit.objects.filter(name="Thôn Nà Pài").exists()
    digital = by_title("Vận động đoàn viên tham gia chuyển đổi số")
    assert digital.note == "Thời gian thực hiện: Thường xuyên"


def check_three_rows():
    forest = by_title("Vận động nhân dân bảo vệ rừng đầu nguồn")
    assert (forest.households_mobilised, forest.people_mobilised) == (30, 120)
    assert by_title("Vận động làm nhà văn hóa").workdays_contributed == 1200


def check_text_list():
    culture = by_title("Vận động xây dựng gia đình văn hóa")
    assert {p.name for p in culture.places.all()} == {"Thôn Nà Duồng", "Xã Bằng Lãng"}
    assert by_title("Vận động trồng quế, hồi").results == "Trồng mới 20 ha; thu nhập tăng"


def check_no_diacritics():
    assert by_title("Van dong nhan dan ve sinh moi truong").commune == unit("01894")
    assert by_title("Van dong trong rau sach").individual.full_name == "Be Van Duc"


def check_recognitions():
    melon = by_title("Vận động phát triển kinh tế xen canh Dưa-Lúa")
    assert melon.is_exemplary and melon.recognition_year == 2019
    assert Entry.objects.count() == 2
    assert Decision.objects.get().number == "215/QĐ-UBND"


def check_year_sheets():
    assert dict(DvkModel.objects.values_list("title", "year")) == {
        "Vận động làm chuồng trại xa nhà": 2021,
        "Vận động thu gom rác thải": 2022,
        "Vận động nuôi cá lồng": 2022,
    }


def check_merged_down():
    names = set(DvkModel.objects.values_list("collective__name", flat=True))
    assert names == {"Hội Liên hiệp Phụ nữ xã Bằng Phúc"}


def check_registration_dates():
    assert set(DvkModel.objects.values_list("year", flat=True)) == {2024}


def check_bare_communes():
    communes = dict(DvkModel.objects.values_list("title", "commune__code"))
    assert communes == {
        "Vận động trồng cây gỗ lớn": "02035",
        "Vận động xây dựng đường điện": "02035",
        "Vận động giữ gìn trật tự đô thị": "02020",
        "Vận động giữ nguồn nước": "02044",
    }


def check_province():
    owners = dict(DvkModel.objects.values_list("title", "unit__code"))
    assert owners == {
        "Vận động phát triển homestay": "061",
        "Vận động trồng cam": "064",
        "Vận động nuôi ong": "064",
    }


def check_millions():
    road = by_title("Vận động hiến đất mở rộng đường")
    assert road.money_contributed == 350_500_000
    assert road.land_donated_m2 == Decimal("2400.0")
    bridge = by_title("Vận động đóng góp xây cầu")
    assert bridge.money_contributed is None
    assert bridge.note == "Tiền đóng góp (đồng): khoảng 200"


# file: (created, errors, check after import, texts the preview notes must hold)
EXPECTED = {
    "01_babe_2023_nhom_cot.xlsx": (3, 0, check_grouped, ["dòng 9: dòng tổng cộng — không nhập"]),
    "02_chodon_2021_muc.xlsx": (4, 0, check_sections, []),
    "03_bangthanh_2026_xa.xlsx": (3, 0, check_commune, []),
    "04_babe_2022_ba_dong_tieu_de.xlsx": (2, 0, check_three_rows, []),
    "05_chodon_2023_cham_phay.csv": (2, 0, check_text_list, []),
    "06_chodon_2023_phay.csv": (2, 0, check_text_list, []),
    "07_chodon_2023_unicode_text.txt": (2, 0, check_text_list, []),
    "08_babe_2023_khong_dau.xlsx": (2, 0, check_no_diacritics, []),
    "09_chodon_2019_cong_nhan.xlsx": (2, 0, check_recognitions, []),
    "10_babe_2021_2022_hai_trang.xlsx": (3, 0, check_year_sheets, []),
    "11_chodon_2022_gop_dong.xlsx": (3, 0, check_merged_down, []),
    "12_babe_2023_so_cot.xlsx": (2, 0, None, []),
    "13_babe_2024_ngay_dang_ky.xlsx": (
        2,
        0,
        check_registration_dates,
        ["cột 6 “Ngày ký cam kết”: 1 ô không nhập"],
    ),
    "14_chodon_2020_ten_xa_tran.xlsx": (4, 0, check_bare_communes, []),
    "15_chodon_2023_co_loi.xlsx": (1, 4, None, []),
    "16_tinh_2024_nhieu_huyen.xlsx": (3, 0, check_province, []),
    "17_babe_2023_trieu_dong_m2.xlsx": (2, 0, check_millions, ["cột 7 “Xếp loại”: 2 ô không nhập"]),
}


def test_the_corpus_has_every_list_and_nothing_else():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_list_of_the_corpus(db, name):
    created, errors, check, notes = EXPECTED[name]
    data = (CORPUS / name).read_bytes()
    plan = build_plan(read_file(data, name), filename=name)
    assert plan.summary == {"created": created, "updated": 0, "skipped": 0, "errors": errors}, [
        (r.number, r.errors) for r in plan.error_rows
    ]
    for note in notes:
        assert any(note in line for line in plan.notes), plan.notes
    batch = apply_plan(plan, data=data, skip_errors=True)
    assert batch.created_count == created == DvkModel.objects.count()
    assert not DvkModel.objects.exclude(status__in=[Status.REGISTERED, Status.DRAFT]).exists()
    if check:
        check()


def test_the_generator_writes_the_same_bytes_again(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS.parent / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    for path in CORPUS.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
