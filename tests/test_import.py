"""The district-list importer: layouts, value variants, matching, re-import, undo, export.

Files are built here with openpyxl (or as text for .csv); .xls/.ods fixtures live in
fixtures/import/. Helpers at the top are shared by the other test_import_* modules.
"""

import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from danvan.xlsx import build_workbook
from importer.exports import error_rows_workbook, template_workbook
from importer.models import BatchStatus, ImportBatch, RecordAction
from importer.plan import CREATE, ERROR, SKIP, build_plan
from importer.reader import read_file
from importer.undo import UndoRefused, undo_batch, undo_blockers
from importer.values import parse_period
from importer.workflow import ImportRefused, apply_plan
from models_registry.models import Collective, DvkModel, Field, Individual, RecognitionLevel, Status
from reviews.models import (
    Decision,
    Entry,
    EntryEvent,
    EntryState,
    IssuingBody,
    Recipient,
    ReviewRound,
)
from tests.conftest import unit
from tests.factories import make_collective, make_individual, make_model

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
HEADER = [
    "STT",
    "Tên mô hình",
    "Tập thể, cá nhân thực hiện",
    "Lĩnh vực",
    "Địa bàn thực hiện",
    "Thời gian thực hiện",
    "Kết quả",
    "Ghi chú",
]


def xlsx_bytes(rows, *, sheets=None, merges=()):
    """An .xlsx with `rows` on one sheet, or `sheets` = {name: rows}."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, sheet_rows in (sheets or {"Danh sách": rows}).items():
        ws = wb.create_sheet(name)
        for row in sheet_rows:
            ws.append(list(row))
        for merge in merges:
            ws.merge_cells(merge)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def district_list(rows, *, title="DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023", district="CHỢ ĐỒN"):
    """A yearly list as a district sends it: title rows, header, the rows, a signature block."""
    return xlsx_bytes(
        [
            [f"BAN DÂN VẬN HUYỆN ỦY {district}"],
            [title],
            ["(Kèm theo Báo cáo số 123-BC/BDVHU ngày 15 tháng 3 năm 2024)"],
            [],
            HEADER,
            *rows,
            [],
            ["", "Người lập biểu", "", "", "TM. BAN THƯỜNG VỤ"],
            ["", "", "", "", "PHÓ TRƯỞNG BAN"],
        ]
    )


def plan_of(data, name="danh-sach.xlsx", **defaults):
    return build_plan(read_file(data, name), filename=name, **defaults)


def import_file(data, name="danh-sach.xlsx", user=None, skip_errors=False, **defaults):
    plan = plan_of(data, name, **defaults)
    return plan, apply_plan(plan, data=data, user=user, skip_errors=skip_errors)


CHODON_ROWS = [
    ["I", "MÔ HÌNH TẬP THỂ"],
    [
        1,
        "Vận động cán bộ, hội viên phát triển kinh tế xen canh Dưa-Lúa",
        "Hội Nông dân xã Nghĩa Tá",
        "Kinh tế",
        "Xã Nghĩa Tá",
        "15/3/2023",
        "Thu nhập tăng 20%",
        "",
    ],
    [
        2,
        "Vận động nhân dân hiến đất làm đường",
        "Chi bộ thôn Nà Duồng",
        "Xây dựng nông thôn mới",
        "Thôn Nà Duồng, Xã Bằng Lãng",
        "2021-2025",
        "",
        "",
    ],
    ["II", "MÔ HÌNH CÁ NHÂN"],
    [1, "Vận động đồng bào giữ gìn bản sắc văn hóa", "Quan Thị Giang", "KT", "Nghia Ta", "3/2023"],
]


# ---------------------------------------------------------------- layouts


def test_a_district_list_with_title_rows_sections_and_signature_block_is_read(db):
    plan, batch = import_file(district_list(CHODON_ROWS))
    assert plan.summary == {"created": 3, "updated": 0, "skipped": 0, "errors": 0}
    assert [r.number for r in plan.rows] == [7, 8, 10]
    models = {m.title: m for m in DvkModel.objects.all()}
    dua = models["Vận động cán bộ, hội viên phát triển kinh tế xen canh Dưa-Lúa"]
    chodon, nghia_ta = unit("064"), unit("02071")
    assert (dua.year, dua.unit, dua.commune, list(dua.places.all())) == (
        2023,
        chodon,
        nghia_ta,
        [nghia_ta],
    )
    assert dua.status == Status.REGISTERED
    assert dua.field.code == "KT"
    assert dua.start_date == date(2023, 3, 15) and dua.end_date is None
    assert dua.results == "Thu nhập tăng 20%"
    assert dua.collective.name == "Hội Nông dân xã Nghĩa Tá"
    assert dua.collective.unit == nghia_ta
    assert dua.title_key == "van dong can bo, hoi vien phat trien kinh te xen canh dua-lua"
    assert "hoi nong dan xa nghia ta" in dua.search_text and "xa nghia ta" in dua.search_text
    road = models["Vận động nhân dân hiến đất làm đường"]
    assert road.field.code == "BK-NTM"
    assert [p.name for p in road.places.all()] == ["Thôn Nà Duồng"]
    assert road.commune == unit("02065")
    assert (road.start_date, road.end_date) == (date(2021, 1, 1), date(2025, 12, 31))
    person = models["Vận động đồng bào giữ gìn bản sắc văn hóa"]
    assert person.individual.full_name == "Quan Thị Giang" and person.collective is None
    assert person.start_date == date(2023, 3, 1)
    reason = f"Nhập từ tệp danh-sach.xlsx ngày {timezone.localdate():%d/%m/%Y}"
    assert dua.history.first().history_change_reason == reason
    assert batch.created_count == 3


def test_a_header_over_two_merged_rows_in_any_order_with_spacer_rows_and_columns(db):
    data = xlsx_bytes(
        [
            ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2022"],
            [],
            ["TT", "Địa bàn", "", "Tên mô hình Dân vận khéo", "Chủ thể", "Kết quả công nhận", ""],
            ["", "", "", "", "", "Cấp", "Năm"],
            ["(1)", "(2)", "", "(3)", "(4)", "(5)", "(6)"],
            [],
            [
                1,
                "Xã Bằng Lãng, Huyện Chợ Đồn",
                "",
                "Vận động trồng quế",
                "Đoàn Thanh niên xã Bằng Lãng",
                "Cấp huyện",
                2022,
            ],
            [],
            [
                2,
                "Xã Phúc Lộc, Huyện Ba Bể",
                "",
                "Vận động giữ rừng",
                "Chi đoàn thôn Khuổi Tẩu",
                "",
                "",
            ],
        ],
        merges=["A3:A4", "B3:B4", "D3:D4", "E3:E4", "F3:G3"],
    )
    plan = plan_of(data)
    assert [(r.number, r.action) for r in plan.rows] == [(7, CREATE), (9, CREATE)]
    first, second = plan.rows
    assert first.year == 2022 and first.owner_id == unit("064").pk
    assert first.backfill["level"] == RecognitionLevel.DISTRICT and first.backfill["year"] == 2022
    assert second.owner_id == unit("061").pk and second.backfill is None


def test_header_synonyms_are_recognised_without_diacritics():
    from importer.layout import classify_header

    assert classify_header("Ten mo hinh") == "title"
    assert classify_header("TÊN MÔ HÌNH DÂN VẬN KHÉO") == "title"
    assert classify_header("Tập thể/cá nhân thực hiện") == "implementer"
    assert classify_header("Don vi thuc hien") == "implementer"
    assert classify_header("Chủ thể") == "implementer"
    assert classify_header("Dia ban") == "places"
    assert classify_header("Năm") == "year"
    assert classify_header("Nam dang ky") == "year"
    assert classify_header("Thời gian") == "period"
    assert classify_header("Ghi chú") == "note"
    assert classify_header("Số quyết định") == "decision_number"
    assert classify_header("Ngày quyết định") == "decision_date"
    assert classify_header("Cơ quan khen thưởng") == "issuer"
    assert classify_header("Hình thức khen thưởng") == "commendation_form"


def test_several_sheets_take_the_year_from_the_sheet_name_and_district_from_a_section(db):
    header = ["STT", "Tên mô hình", "Đơn vị thực hiện", "Địa bàn"]
    data = xlsx_bytes(
        None,
        sheets={
            "Năm 2019": [
                header,
                ["", "HUYỆN BA BỂ"],
                [1, "Mô hình A", "Chi bộ thôn Khuổi Tẩu", "Phúc Lộc"],
                ["", "HUYỆN CHỢ ĐỒN"],
                [1, "Mô hình B", "Hội Nông dân xã Nghĩa Tá", "Nghĩa Tá"],
            ],
            "Năm 2020": [header, [1, "Mô hình C", "Chi bộ thôn Nà Duồng", "Bằng Lãng"]],
        },
    )
    plan = plan_of(data, default_district=unit("064"))
    got = [(r.sheet, r.year, r.title, r.owner_id) for r in plan.rows]
    assert got == [
        ("Năm 2019", 2019, "Mô hình A", unit("061").pk),
        ("Năm 2019", 2019, "Mô hình B", unit("064").pk),
        ("Năm 2020", 2020, "Mô hình C", unit("064").pk),
    ]


def test_year_and_district_are_asked_only_when_the_file_does_not_say_them(db):
    data = xlsx_bytes([["Tên mô hình", "Tập thể thực hiện"], ["Mô hình A", "Chi bộ 1"]])
    plan = plan_of(data)
    assert plan.rows[0].action == ERROR
    assert "không xác định được năm đăng ký" in plan.rows[0].error_text()
    assert "không xác định được huyện" in plan.rows[0].error_text()
    plan = plan_of(data, default_year=2021, default_district=unit("061"))
    assert plan.rows[0].action == CREATE
    assert (plan.rows[0].year, plan.rows[0].owner_id) == (2021, unit("061").pk)


def test_the_committed_old_excel_file_with_two_sheets_and_a_merged_header_is_read(db):
    data = (FIXTURES / "chodon_2019_2020.xls").read_bytes()
    plan, _batch = import_file(data, "chodon_2019_2020.xls")
    assert plan.summary["created"] == 4 and plan.summary["errors"] == 0
    rows = {r.title: r for r in plan.rows}
    dua = DvkModel.objects.get(title__startswith="Vận động cán bộ, hội viên")
    assert (dua.year, dua.unit, dua.recognition_level) == (2019, unit("064"), "huyen")
    person = DvkModel.objects.get(year=2019, individual__isnull=False)
    assert person.individual.full_name == "Hoàng Văn Thắng"
    assert person.individual.gender == "nam"
    assert person.field.code == "VHXH"
    women = DvkModel.objects.get(year=2020)
    assert women.commune == unit("02041")
    assert women.recognition_level == "tinh"
    assert rows[women.title].sheet == "Năm 2020"


def test_the_committed_opendocument_file_with_headers_without_diacritics_is_read(db):
    data = (FIXTURES / "babe_2023.ods").read_bytes()
    plan, _batch = import_file(data, "babe_2023.ods")
    assert plan.summary == {"created": 2, "updated": 0, "skipped": 0, "errors": 0}
    forest = DvkModel.objects.get(title__startswith="Vận động nhân dân trồng rừng")
    assert forest.individual.full_name == "Hoàng Thị Hoa"
    assert forest.individual.gender == "nu"
    assert forest.unit == unit("061") and forest.commune == unit("01891")
    assert forest.note == "Mô hình cá nhân"
    green = DvkModel.objects.get(title__startswith="Vận động nhân dân xây dựng")
    assert [p.name for p in green.places.all()] == ["Thôn Khuổi Tẩu"]


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    "written",
    [
        "xã Nghĩa Tá",
        "Nghĩa Tá",
        "Nghia Ta",
        "NGHĨA TÁ",
        "X. Nghĩa Tá - H. Chợ Đồn",
        "Xã Nghĩa Tá, Huyện Chợ Đồn",
        "02071",
        unicodedata.normalize("NFD", "Xã Nghĩa Tá"),
        "  Xã\nNghĩa   Tá ",
        "Xã Nghiã Tá",  # the old tone placement is the same name
    ],
)
def test_a_place_written_in_any_usual_way_matches_the_commune(db, written):
    data = district_list([[1, "Mô hình", "Chi bộ 1", "", written]])
    row = plan_of(data).rows[0]
    assert row.errors == []
    assert row.place_ids == [unit("02071").pk]


def test_a_misspelt_commune_is_an_error_naming_the_row_with_a_suggestion(db):
    rows = [[index, f"Mô hình {index}", "Chi bộ 1", "", "Nghĩa Tá"] for index in range(1, 52)]
    rows.append([52, "Mô hình sai", "Chi bộ 2", "", "Nghĩa Tà"])
    plan = plan_of(district_list(rows))
    bad = plan.error_rows[0]
    assert bad.number == 57
    assert (
        f"Dòng {bad.number}: {bad.error_text()}"
        == "Dòng 57: không tìm thấy xã “Nghĩa Tà” ở huyện Chợ Đồn — có phải “Nghĩa Tá”?"
    )


def test_a_commune_of_another_district_is_not_matched(db):
    plan = plan_of(district_list([[1, "Mô hình", "Chi bộ 1", "", "Phúc Lộc"]]))
    assert plan.rows[0].action == ERROR
    assert "không tìm thấy xã “Phúc Lộc” ở huyện Chợ Đồn" in plan.rows[0].error_text()


def test_a_retired_commune_name_is_resolved_through_the_dated_tree(db):
    data = district_list(
        [[1, "Mô hình 2026", "Chi bộ thôn Nà Duồng", "", "Xã Bằng Lãng"]],
        title="DANH SÁCH MÔ HÌNH NĂM 2026",
    )
    plan, _ = import_file(data)
    row = plan.rows[0]
    assert row.errors == []
    assert "tên cũ “Xã Bằng Lãng”, nay là “Xã Chợ Đồn”" in row.warnings
    model = DvkModel.objects.get()
    new_commune = unit("02020", current=True)
    assert (model.unit, model.commune) == (new_commune, new_commune)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("15/3/2023", (date(2023, 3, 15), None)),
        ("3/2023", (date(2023, 3, 1), None)),
        ("2021-2025", (date(2021, 1, 1), date(2025, 12, 31))),
        ("2021 – 2025", (date(2021, 1, 1), date(2025, 12, 31))),
        ("01/03/2023 - 31/12/2025", (date(2023, 3, 1), date(2025, 12, 31))),
        ("Từ 15/03/2023", (date(2023, 3, 15), None)),
        ("Đến 06/2024", (None, date(2024, 6, 30))),
        ("2023-03-15", (date(2023, 3, 15), None)),
        ("2023", (None, None)),
        (date(2023, 3, 15), (date(2023, 3, 15), None)),
        (45000, (date(2023, 3, 15), None)),  # an Excel date serial number
    ],
)
def test_periods_are_read_from_dates_and_text(written, expected):
    assert parse_period(written) == expected


def test_an_unreadable_period_is_a_warning_not_a_row_error(db):
    plan = plan_of(district_list([[1, "Mô hình", "Chi bộ 1", "", "Nghĩa Tá", "mùa xuân"]]))
    (row,) = plan.rows
    assert row.action == CREATE
    assert "Không hiểu ngày “mùa xuân”" in row.warnings[0]
    assert row.values["note"] == "Thời gian thực hiện: mùa xuân"


def test_an_excel_date_cell_is_read_as_a_date(db):
    plan = plan_of(district_list([[1, "Mô hình", "Chi bộ 1", "", "Nghĩa Tá", date(2023, 4, 2)]]))
    assert plan.rows[0].values["start_date"] == date(2023, 4, 2)


@pytest.mark.parametrize(
    "implementer, section, kind_column, expected",
    [
        ("Ông Hoàng Văn Thắng", None, None, ("ca_nhan", "Hoàng Văn Thắng", "nam")),
        ("Bà Quan Thị Giang", None, None, ("ca_nhan", "Quan Thị Giang", "nu")),
        ("Đ/c Lý Văn Minh", None, None, ("ca_nhan", "Lý Văn Minh", "")),
        ("Quan Thị Giang", "II. MÔ HÌNH CÁ NHÂN", None, ("ca_nhan", "Quan Thị Giang", "")),
        ("Quan Thị Giang", None, "Cá nhân", ("ca_nhan", "Quan Thị Giang", "")),
        (
            "Hội Nông dân xã Nghĩa Tá",
            "I. Tập thể",
            None,
            ("tap_the", "Hội Nông dân xã Nghĩa Tá", ""),
        ),
        ("Hội Nông dân xã Nghĩa Tá", None, None, ("tap_the", "Hội Nông dân xã Nghĩa Tá", "")),
    ],
)
def test_collective_or_individual_comes_from_a_section_a_column_or_the_name(
    db, implementer, section, kind_column, expected
):
    header = ["STT", "Tên mô hình", "Tập thể/cá nhân thực hiện", "Loại", "Địa bàn"]
    rows = [header]
    if section:
        rows.append(["", section])
    rows.append([1, "Mô hình", implementer, kind_column or "", "Nghĩa Tá"])
    plan = plan_of(xlsx_bytes(rows), default_year=2023, default_district=unit("064"))
    row = plan.rows[0]
    assert (row.implementer_type, row.implementer_name, row.implementer_gender) == expected


def test_an_existing_collective_is_matched_by_folded_name_within_the_district(db):
    nghia_ta = unit("02071")
    existing = make_collective(nghia_ta, name="Hội Nông dân xã Nghĩa Tá")
    make_collective(unit("01894"), name="Chi bộ thôn 1")  # Ba Bể: same name must not match
    data = district_list(
        [
            [1, "Mô hình A", "HOI NONG DAN XA NGHIA TA", "", "Nghĩa Tá"],
            [2, "Mô hình B", "Chi bộ thôn 1", "", "Nghĩa Tá"],
        ]
    )
    import_file(data)
    assert DvkModel.objects.get(title="Mô hình A").collective == existing
    assert Collective.objects.filter(search_name="chi bo thon 1").count() == 2
    assert DvkModel.objects.get(title="Mô hình B").collective.unit == nghia_ta


@pytest.mark.parametrize(
    "written, code",
    [
        ("Kinh tế", "KT"),
        ("kinh te", "KT"),
        ("KT", "KT"),
        ("Lĩnh vực văn hóa - xã hội", "VHXH"),
        ("Văn hóa xã hội", "VHXH"),
        ("Xây dựng nông thôn mới", "BK-NTM"),
        ("Quốc phòng - an ninh", "QPAN"),
    ],
)
def test_a_field_is_matched_by_code_or_name(db, written, code):
    row = plan_of(district_list([[1, "Mô hình", "Chi bộ 1", written, "Nghĩa Tá"]])).rows[0]
    assert row.values["field_id"] == Field.objects.get(code=code).pk


def test_an_unknown_field_is_a_warning_and_the_model_a_draft(db):
    row = plan_of(district_list([[1, "Mô hình", "Chi bộ 1", "Thể thao", "Nghĩa Tá"]])).rows[0]
    assert row.action == CREATE and row.errors == []
    assert row.warnings[0] == "không có lĩnh vực “Thể thao” — giữ nguyên chữ trong ghi chú"
    assert "lưu là bản nháp" in row.warnings[1]
    assert row.values["note"] == "Lĩnh vực: Thể thao"
    assert "field_id" not in row.values


def test_an_unreadable_recognition_level_is_a_warning_kept_in_the_note(db):
    rows = [["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Cấp công nhận"]]
    rows.append(["Mô hình", "Chi bộ 1", "Xã Nghĩa Tá", "loại A"])
    (row,) = plan_of(xlsx_bytes(rows), default_year=2023).rows
    assert row.action == CREATE and row.backfill is None
    assert row.values["note"] == "Cấp công nhận: loại A"


# ---------------------------------------------------------------- all or nothing, re-import


def test_a_file_with_an_error_saves_nothing(db):
    rows = [*CHODON_ROWS, [3, "Mô hình lỗi", "", "", "Nghĩa Tá"]]
    plan = plan_of(district_list(rows))
    assert plan.summary["errors"] == 1
    assert plan.error_rows[0].number == 11
    assert plan.error_rows[0].error_text() == "thiếu tập thể/cá nhân thực hiện"
    with pytest.raises(ImportRefused):
        apply_plan(plan, data=b"x")
    assert DvkModel.objects.count() == 0
    assert Collective.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_skipping_errors_imports_only_the_good_rows(db):
    rows = [*CHODON_ROWS, [3, "Mô hình lỗi", "", "", "Nghĩa Tá"]]
    _plan, batch = import_file(district_list(rows), skip_errors=True)
    assert DvkModel.objects.count() == 3
    assert (batch.created_count, batch.error_count) == (3, 1)


def test_importing_the_same_file_twice_creates_nothing_new(db):
    data = district_list(CHODON_ROWS)
    import_file(data)
    counts = (DvkModel.objects.count(), Collective.objects.count(), Individual.objects.count())
    history = DvkModel.history.count()
    plan, batch = import_file(data)
    assert plan.summary == {"created": 0, "updated": 0, "skipped": 3, "errors": 0}
    assert (
        DvkModel.objects.count(),
        Collective.objects.count(),
        Individual.objects.count(),
    ) == counts
    assert DvkModel.history.count() == history
    assert batch.records.count() == 0


def test_the_same_model_twice_in_one_file_is_skipped_as_duplicate(db):
    row = [1, "Mô hình A", "Chi bộ 1", "", "Nghĩa Tá"]
    plan = plan_of(district_list([row, [2, "MÔ HÌNH A", "chi bo 1", "", "Nghia Ta"]]))
    assert [r.action for r in plan.rows] == [CREATE, SKIP]
    assert plan.rows[1].duplicate_of == 6


def test_a_corrected_file_updates_the_existing_model_and_keeps_history(db):
    import_file(district_list(CHODON_ROWS))
    model = DvkModel.objects.get(title__startswith="Vận động cán bộ")
    corrected = [list(r) for r in CHODON_ROWS]
    corrected[1][6] = "Thu nhập tăng 35%"
    corrected[1][4] = "Xã Nghĩa Tá; Xã Bằng Lãng"
    plan, batch = import_file(district_list(corrected), "sua.xlsx", overwrite=True)
    assert plan.summary == {"created": 0, "updated": 1, "skipped": 2, "errors": 0}
    assert plan.rows[0].changes == ["kết quả", "địa bàn thực hiện"]
    model.refresh_from_db()
    assert model.results == "Thu nhập tăng 35%"
    assert {p.code for p in model.places.all()} == {"02071", "02065"}
    assert model.version == 2
    assert model.history.first().history_change_reason.startswith("Nhập từ tệp sua.xlsx ngày")
    record = batch.records.get()
    assert record.action == RecordAction.UPDATED
    assert record.before["results"] == "Thu nhập tăng 20%"


# ---------------------------------------------------------------- historical results


RESULT_HEADER = [
    "STT",
    "Tên mô hình",
    "Tập thể/cá nhân thực hiện",
    "Địa bàn",
    "Năm",
    "Cấp công nhận",
    "Năm công nhận",
    "Điển hình",
    "Hình thức khen thưởng",
    "Cơ quan khen thưởng",
    "Số quyết định",
    "Ngày quyết định",
]


def results_file():
    return xlsx_bytes(
        [
            ["HUYỆN ỦY CHỢ ĐỒN"],
            RESULT_HEADER,
            [
                1,
                "Vận động phát triển kinh tế xen canh Dưa-Lúa",
                "Hội Nông dân xã Nghĩa Tá",
                "Nghĩa Tá",
                2018,
                "Cấp Trung ương",
                2020,
                "",
                "Bằng khen",
                "Ban Dân vận Trung ương",
                "15-QĐ/BDVTW",
                "10/12/2020",
            ],
            [
                2,
                "Vận động hội viên làm đường",
                "Hội Nông dân xã Bằng Phúc",
                "Bằng Phúc",
                2019,
                "Cấp huyện",
                2019,
                "x",
                "Giấy khen",
                "UBND huyện Chợ Đồn",
                "350/QĐ-UBND",
                date(2019, 12, 20),
            ],
            [
                3,
                "Vận động giữ gìn bản sắc",
                "Ông Hoàng Văn Thắng",
                "Bằng Phúc",
                2019,
                "Cấp huyện",
                2019,
                "",
                "Giấy khen",
                "UBND huyện Chợ Đồn",
                "350/QĐ-UBND",
                "20/12/2019",
            ],
        ]
    )


def test_result_columns_backfill_closed_rounds_entries_and_decisions(db):
    bodies_before = IssuingBody.objects.count()
    plan, batch = import_file(results_file(), "ket-qua.xlsx")
    assert plan.summary["created"] == 3 and plan.summary["errors"] == 0
    dua = DvkModel.objects.get(title__contains="Dưa-Lúa")
    assert (dua.recognition_level, dua.recognition_year, dua.is_exemplary) == (
        "trung_uong",
        2020,
        False,
    )
    entry = Entry.objects.get(model=dua)
    assert entry.round.level == "tinh" and entry.round.organiser == unit("06")
    assert entry.round.is_closed and entry.round.year == 2020
    assert entry.state == EntryState.PROPOSED_HIGHER
    road = DvkModel.objects.get(title="Vận động hội viên làm đường")
    assert (road.recognition_level, road.is_exemplary) == ("huyen", True)
    road_entry = Entry.objects.get(model=road)
    assert road_entry.state == EntryState.EXEMPLARY
    assert road_entry.round.organiser == unit("064") and road_entry.round.level == "huyen"
    assert EntryEvent.objects.filter(model=road, action="nhap_tu_tep").count() == 1
    central = Decision.objects.get(number="15-QĐ/BDVTW")
    assert central.issuer.name == "Ban Dân vận Trung ương"
    assert (central.form, central.date) == ("bang_khen", date(2020, 12, 10))
    district = Decision.objects.get(number="350/QĐ-UBND")
    assert district.recipients.count() == 2
    assert Recipient.objects.get(model=dua).collective == dua.collective
    # Both bodies were in the reference list: none created.
    assert IssuingBody.objects.count() == bodies_before
    assert not batch.created_objects.get("issuer")
    # Importing it again adds nothing.
    plan, _ = import_file(results_file(), "ket-qua.xlsx")
    assert plan.summary["skipped"] == 3
    assert Entry.objects.count() == 3 and Recipient.objects.count() == 3


def test_an_unknown_issuing_body_is_created_and_undo_removes_it(db):
    data = xlsx_bytes(
        [
            ["HUYỆN ỦY CHỢ ĐỒN"],
            RESULT_HEADER,
            [
                1,
                "Mô hình",
                "Chi bộ 1",
                "Nghĩa Tá",
                2019,
                "",
                "",
                "",
                "Giấy khen",
                "Đảng ủy xã Nghĩa Tá",
                "5-QĐ/ĐU",
                "1/12/2019",
            ],
        ]
    )
    _plan, batch = import_file(data)
    # The Đảng ủy of today's Xã Nghĩa Tá (from 1/7/2025) is another body: a 2019 decision
    # gets one of its own.
    body = IssuingBody.objects.get(name="Đảng ủy xã Nghĩa Tá", valid_from=None)
    assert body.level == "xa"
    assert Decision.objects.get().issuer == body
    undo_batch(batch)
    assert not IssuingBody.objects.filter(pk=body.pk).exists()
    assert IssuingBody.objects.filter(name="Đảng ủy xã Nghĩa Tá").count() == 1
    assert Decision.objects.count() == 0 and DvkModel.objects.count() == 0


def test_a_commendation_without_its_decision_number_is_an_error(db):
    data = xlsx_bytes(
        [
            ["HUYỆN ỦY CHỢ ĐỒN"],
            RESULT_HEADER,
            [
                1,
                "Mô hình",
                "Chi bộ 1",
                "Nghĩa Tá",
                2019,
                "",
                "",
                "",
                "Giấy khen",
                "UBND huyện Chợ Đồn",
                "",
                "",
            ],
        ]
    )
    row = plan_of(data).rows[0]
    assert row.error_text() == "khen thưởng thiếu số quyết định, ngày quyết định"


# ---------------------------------------------------------------- undo


def test_undo_removes_what_the_batch_created_and_restores_what_it_updated(db, administrator):
    _plan, first = import_file(results_file(), user=administrator)
    road = DvkModel.objects.get(title="Vận động hội viên làm đường")
    changed = xlsx_bytes(
        [
            ["HUYỆN ỦY CHỢ ĐỒN"],
            ["STT", "Tên mô hình", "Tập thể/cá nhân thực hiện", "Địa bàn", "Năm", "Kết quả"],
            [
                1,
                "Vận động hội viên làm đường",
                "Hội Nông dân xã Bằng Phúc",
                "Bằng Phúc",
                2019,
                "5 km đường",
            ],
            [2, "Mô hình mới", "Chi bộ mới", "Nghĩa Tá", 2019, ""],
        ]
    )
    _plan, second = import_file(changed, user=administrator)
    assert undo_blockers(first)  # the second batch changed one of its models
    road.refresh_from_db()
    assert road.results == "5 km đường"
    undo_batch(second, user=administrator)
    road.refresh_from_db()
    assert road.results == "" and road.recognition_level == "huyen"
    assert road.history.first().history_change_reason.startswith("Hoàn tác lần nhập tệp")
    assert not DvkModel.objects.filter(title="Mô hình mới").exists()
    assert not Collective.objects.filter(name="Chi bộ mới").exists()
    second.refresh_from_db()
    assert second.status == BatchStatus.UNDONE and second.undone_by == administrator
    # The row is back exactly as the first batch left it, so that batch can be undone in turn.
    assert undo_blockers(first) == []
    undo_batch(first, user=administrator)
    assert DvkModel.objects.count() == 0


def test_undo_of_a_batch_removes_its_models_rounds_entries_and_decisions(db):
    _plan, batch = import_file(results_file())
    undo_batch(batch)
    assert DvkModel.objects.count() == 0
    assert Collective.objects.count() == 0 and Individual.objects.count() == 0
    assert ReviewRound.objects.count() == 0 and Entry.objects.count() == 0
    assert EntryEvent.objects.count() == 0 and Decision.objects.count() == 0
    assert Recipient.objects.count() == 0
    assert IssuingBody.objects.filter(name="Ban Dân vận Trung ương").exists()


def test_undo_is_refused_when_a_model_was_edited_after_the_import(db):
    _plan, batch = import_file(district_list(CHODON_ROWS))
    model = DvkModel.objects.get(title__startswith="Vận động cán bộ")
    model.results = "Sửa tay sau khi nhập"
    model.save()
    blockers = undo_blockers(batch)
    assert len(blockers) == 1
    assert blockers[0].startswith(f"Mô hình “{model.title}” (dòng 7) đã được sửa sau khi nhập")
    with pytest.raises(UndoRefused):
        undo_batch(batch)
    assert DvkModel.objects.count() == 3


def test_undo_is_refused_when_a_model_was_proposed_for_review_after_the_import(db):
    _plan, batch = import_file(district_list(CHODON_ROWS))
    model = DvkModel.objects.get(title__startswith="Vận động cán bộ")
    review = ReviewRound.objects.create(
        name="Bình xét năm 2023 — Huyện Chợ Đồn",
        year=2023,
        level="huyen",
        organiser=unit("064"),
        deadline=date(2023, 12, 31),
    )
    Entry.objects.create(round=review, model=model)
    blockers = undo_blockers(batch)
    assert blockers == [
        f"Mô hình “{model.title}” đã có hồ sơ bình xét trong “Bình xét năm 2023 — Huyện Chợ Đồn”."
    ]


def test_an_undone_batch_cannot_be_undone_again(db):
    _plan, batch = import_file(district_list(CHODON_ROWS))
    undo_batch(batch)
    assert undo_blockers(batch) == ["Lần nhập này đã được hoàn tác."]


# ---------------------------------------------------------------- export round trip


def registry_export(models):
    """The registry's list export (models_registry.export) for these models."""
    from models_registry import export

    queryset = (
        DvkModel.objects.filter(pk__in=[m.pk for m in models])
        .select_related("collective", "individual", "field", "unit")
        .prefetch_related("places__parent")
    )
    wb = build_workbook(
        title="DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO",
        subtitle_lines=["Bắc Kạn, ngày 01 tháng 02 năm 2026"],
        headers=export.MODEL_EXPORT_HEADERS,
        rows=export.rows_for_export(queryset),
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_the_registry_export_imports_back_unchanged(db):
    nahin, giao_hieu, bang_lang = unit("01870"), unit("01870"), unit("02065")
    nahin = giao_hieu.children.get(name="Thôn Nà Hin")
    m1 = make_model(
        nahin,
        title="Vận động nhân dân thực hiện tiêu chí số 17 – Môi trường",
        places=[nahin, bang_lang],
        start_date=date(2023, 3, 1),
        end_date=date(2025, 12, 31),
        results="=100% hộ dân thu gom rác",
        note="+ ghi chú",
        recognition_level="tinh",
        recognition_year=2024,
        is_exemplary=True,
        registration_type="duy_tri",
    )
    m2 = make_model(
        unit("01873"),
        title="Nuôi ngựa bạch tạo việc làm",
        implementer=make_individual(unit("01873"), name="Quan Thị Giang"),
        field_code="BK-NTM",
        year=2021,
        start_date=date(2021, 5, 1),
    )
    m3 = make_model(unit("02071", current=True), title="Mô hình sau sáp nhập", year=2026)
    history = DvkModel.history.count()
    before = list(DvkModel.objects.order_by("pk").values())
    data = registry_export([m1, m2, m3])
    plan, batch = import_file(data, "xuat.xlsx")
    assert plan.summary == {"created": 0, "updated": 0, "skipped": 3, "errors": 0}, [
        (r.number, r.errors, r.changes) for r in plan.rows
    ]
    assert list(DvkModel.objects.order_by("pk").values()) == before
    assert DvkModel.history.count() == history and batch.records.count() == 0


# ---------------------------------------------------------------- exports


def test_the_template_has_the_headers_and_an_example_row_that_imports(db):
    wb = template_workbook()
    buffer = io.BytesIO()
    wb.save(buffer)
    ws = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [c.value for c in ws[4]][:4] == [
        "STT",
        "Tên mô hình",
        "Tập thể/cá nhân thực hiện",
        "Loại",
    ]
    assert ws["B5"].value == "Vận động nhân dân thực hiện tiêu chí số 17 – Môi trường"
    plan = plan_of(buffer.getvalue(), "mau.xlsx")
    assert plan.summary["created"] == 1 and plan.summary["errors"] == 0, plan.rows[0].errors
    assert plan.rows[0].place_ids == [unit("01870").children.get(name="Thôn Nà Hin").pk]


def test_the_error_rows_file_has_the_row_numbers_and_no_formulas(db):
    # A district file whose title cell is text that looks like a formula.
    source = build_workbook(
        title="DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023",
        subtitle_lines=["HUYỆN ỦY CHỢ ĐỒN"],
        headers=HEADER[1:5],
        rows=[
            ['=HYPERLINK("http://x")', "Chi bộ 1", "", "Nghĩa Tà"],
            ["Mô hình đúng", "Chi bộ 1", "", "Nghĩa Tá"],
        ],
    )
    buffer = io.BytesIO()
    source.save(buffer)
    plan = plan_of(buffer.getvalue())
    wb = error_rows_workbook(plan)
    buffer = io.BytesIO()
    wb.save(buffer)
    ws = load_workbook(io.BytesIO(buffer.getvalue())).active
    header = [c.value for c in ws[4]]
    values = dict(zip(header, ws[5], strict=False))
    assert values["Tên mô hình"].value == '=HYPERLINK("http://x")'
    assert values["Tên mô hình"].data_type == "s"
    assert values["Dòng trong tệp gốc"].value == 5
    assert values["Năm đăng ký"].value == 2023
    assert values["Đơn vị quản lý"].value == "Huyện Chợ Đồn"
    assert "có phải “Nghĩa Tá”?" in values["Lỗi"].value
    assert ws.max_row == 5
    # Corrected, the file imports on its own.
    ws["B5"] = "Mô hình đã sửa"
    ws["E5"] = "Nghĩa Tá"
    buffer = io.BytesIO()
    ws.parent.save(buffer)
    fixed = plan_of(buffer.getvalue(), "dong-loi.xlsx")
    assert fixed.summary["created"] == 1 and fixed.summary["errors"] == 0


def test_batch_records_created_models_with_their_rows(db):
    _plan, batch = import_file(district_list(CHODON_ROWS))
    records = list(batch.records.order_by("row_number").values_list("row_number", "action"))
    assert records == [(7, "tao_moi"), (8, "tao_moi"), (10, "tao_moi")]
    assert len(batch.sha256) == 64 and batch.file.name.endswith(".xlsx")
    assert ImportBatch.objects.get().status == BatchStatus.APPLIED


@pytest.mark.parametrize(
    "value",
    [
        "Nà Hin",
        "NÀ HIN",
        "Na\u0300 Hin",
        "Đồng Thắng",
        "  Xã\nNghĩa  Tá ",
        "Café – “x”",
        "𝐀bc",
        2023,
        "",
        # Letters and marks of U+0300–U+036F only: folded by dropping what is not ASCII.
        "Tuyên truyền, vận động nhân dân giữ gìn bản sắc văn hóa dân tộc Tày (mô hình 49)",
        "Hội Liên hiệp Phụ nữ Phường Đức Xuân",
        # Anything else takes the regular-expression way: a grapheme joiner, ß, a mark of
        # another block, a mark alone between spaces.
        "Na\u034f Hin",
        "Straße Nà",
        "Nà\u20d0 Hin",
        "Nà \u0301 Hin",
    ],
)
def test_the_fast_fold_gives_what_folding_means(value):
    from danvan.text import _fold_slowly, fold

    assert fold(value) == _fold_slowly(value)
