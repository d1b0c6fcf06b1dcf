"""Lists laid out as districts and communes really write them (issue 13): header blocks of two
and three rows with merged group cells, "Tập thể" / "Cá nhân" sub-columns, quantities under
"Kết quả", "Ngày đăng ký", totals and notes rows, periods in words."""

from datetime import date
from decimal import Decimal

import pytest

from danvan.numbers import NumberError, parse_vn_number
from importer.columns import classify_column, classify_header
from importer.plan import CREATE, ERROR
from importer.values import parse_period
from models_registry.models import DvkModel
from tests.conftest import unit
from tests.test_import import import_file, plan_of, xlsx_bytes

TITLE_ROWS = [
    ["HUYỆN ỦY BA BỂ", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["BAN DÂN VẬN"],
    ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023"],
    [],
]
GROUPED_HEADER = [
    [
        "STT",
        "Tên mô hình",
        "Chủ thể thực hiện",
        "",
        "Địa bàn thực hiện",
        "Thời gian",
        "",
        "Kết quả",
        "",
        "",
        "Ngày đăng ký",
        "Ghi chú",
    ],
    ["", "", "Tập thể", "Cá nhân", "", "Bắt đầu", "Kết thúc", "Số hộ", "Số tiền", "Ngày công"],
]
GROUPED_MERGES = ["A5:A6", "B5:B6", "C5:D5", "E5:E6", "F5:G5", "H5:J5", "K5:K6", "L5:L6"]


def grouped_list(rows, extra=()):
    return xlsx_bytes([*TITLE_ROWS, *GROUPED_HEADER, *rows, *extra], merges=GROUPED_MERGES)


ROWS = [
    [
        1,
        "Vận động nhân dân hiến đất làm đường",
        "Chi bộ thôn Khuổi Tẩu",
        "",
        "Xã Phúc Lộc",
        "3/2023",
        "12/2023",
        120,
        "120.000.000",
        "1.500",
        "15/3/2023",
        "",
    ],
    [
        2,
        "Vận động đồng bào giữ gìn bản sắc văn hóa",
        "",
        "Bà Hoàng Thị Lan",
        "Xã Bành Trạch",
        "Tháng 3/2023",
        "",
        "",
        "1,5 tỷ",
        "",
        date(2023, 4, 2),
        "Mô hình cá nhân",
    ],
]
TOTALS = [["", "Tổng cộng", "", "", "", "", "", 120, "1.620.000.000", "1.500"]]
NOTES = [
    [],
    ["Ghi chú: danh sách gồm các mô hình đăng ký mới trong năm."],
    ["", "", "", "", "", "", "", "", "TM. BAN THƯỜNG VỤ"],
]


def test_a_two_row_header_with_merged_groups_is_read_with_its_sub_columns(db):
    plan = plan_of(grouped_list(ROWS, TOTALS + NOTES))
    assert [(r.number, r.action) for r in plan.rows] == [(7, CREATE), (8, CREATE)], [
        r.errors for r in plan.rows
    ]
    layout = plan.layouts[0]
    assert (layout.header_first, layout.header_last) == (4, 5)
    labels = {c.label: c.key for c in layout.all_columns}
    assert labels["Thời gian › Bắt đầu"] == "period_start"
    assert labels["Thời gian › Kết thúc"] == "period_end"
    assert labels["Chủ thể thực hiện › Tập thể"] == "implementer_collective"
    assert labels["Chủ thể thực hiện › Cá nhân"] == "implementer_individual"
    assert labels["Kết quả › Số tiền"] == "money"
    assert labels["Ngày đăng ký"] == "registration_date"


def test_the_filled_sub_column_says_collective_or_individual(db):
    first, second = plan_of(grouped_list(ROWS)).rows
    assert (first.implementer_type, first.implementer_name) == ("tap_the", "Chi bộ thôn Khuổi Tẩu")
    assert (second.implementer_type, second.implementer_name) == ("ca_nhan", "Hoàng Thị Lan")
    assert second.implementer_gender == "nu"


def test_a_registration_date_is_not_a_decision_date(db):
    first, second = plan_of(grouped_list(ROWS)).rows
    assert first.backfill is None and second.backfill is None
    assert first.year == 2023


def test_a_registration_date_of_another_year_than_the_year_column_is_an_error(db):
    data = xlsx_bytes(
        [
            ["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Năm", "Ngày đăng ký"],
            ["Mô hình A", "Chi bộ 1", "Xã Phúc Lộc", 2023, "15/3/2022"],
        ]
    )
    (row,) = plan_of(data).rows
    assert row.action == ERROR
    assert "năm đăng ký 2023 khác năm của ngày đăng ký 15/03/2022" in row.error_text()


def test_quantities_under_results_go_to_the_quantified_outcomes(db):
    plan, _batch = import_file(grouped_list(ROWS, TOTALS + NOTES))
    road = DvkModel.objects.get(title="Vận động nhân dân hiến đất làm đường")
    assert road.households_mobilised == 120
    assert road.money_contributed == 120_000_000
    assert road.workdays_contributed == 1500
    assert (road.start_date, road.end_date) == (date(2023, 3, 1), date(2023, 12, 31))
    person = DvkModel.objects.get(title="Vận động đồng bào giữ gìn bản sắc văn hóa")
    assert person.money_contributed == 1_500_000_000
    assert person.start_date == date(2023, 3, 1)
    assert person.individual.full_name == "Hoàng Thị Lan"


def test_totals_notes_and_signature_rows_are_never_error_rows(db):
    plan = plan_of(grouped_list(ROWS, TOTALS + NOTES))
    assert plan.count(ERROR) == 0
    assert len(plan.rows) == 2
    assert plan.layouts[0].passed_over == [(9, "dòng tổng cộng"), (11, "dòng ghi chú dưới bảng")]


def test_a_money_column_in_millions_is_scaled(db):
    data = xlsx_bytes(
        [
            ["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Kinh phí (triệu đồng)"],
            ["Mô hình A", "Chi bộ 1", "Xã Phúc Lộc", "35,5"],
        ]
    )
    (row,) = plan_of(data, default_year=2023).rows
    assert row.values["money_contributed"] == 35_500_000


def test_a_period_in_words_is_a_warning_and_kept_in_the_note(db):
    data = xlsx_bytes(
        [
            ["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Thời gian thực hiện", "Ghi chú"],
            ["Mô hình A", "Chi bộ 1", "Xã Phúc Lộc", "Thường xuyên hằng năm", "Làm tốt"],
        ]
    )
    (row,) = plan_of(data, default_year=2023).rows
    assert row.action == CREATE
    assert "Thời gian thực hiện: Không hiểu ngày “Thường xuyên hằng năm”" in row.warnings[0]
    assert row.values["note"] == "Làm tốt\nThời gian thực hiện: Thường xuyên hằng năm"


def test_a_quantity_in_words_is_a_warning_and_kept_in_the_note(db):
    data = xlsx_bytes(
        [
            ["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Số hộ tham gia"],
            ["Mô hình A", "Chi bộ 1", "Xã Phúc Lộc", "hầu hết các hộ"],
        ]
    )
    (row,) = plan_of(data, default_year=2023).rows
    assert row.action == CREATE
    assert row.values["note"] == "Số hộ được vận động: hầu hết các hộ"
    assert "households_mobilised" not in row.values


def test_a_three_row_header_is_read(db):
    data = xlsx_bytes(
        [
            ["DANH SÁCH MÔ HÌNH NĂM 2023 - HUYỆN ỦY BA BỂ"],
            ["STT", "Tên mô hình", "Chủ thể thực hiện", "", "Kết quả đạt được", "", ""],
            ["", "", "", "", "Vận động", "", "Đóng góp"],
            ["", "", "Tập thể", "Cá nhân", "Số hộ", "Số người", "Ngày công"],
            [1, "Mô hình A", "Chi bộ 1", "", 12, 40, 300],
        ],
        merges=["A2:A4", "B2:B4", "C2:D3", "E2:G2", "E3:F3"],
    )
    (row,) = plan_of(data, default_district=unit("061")).rows
    assert row.errors == []
    assert (row.values["households_mobilised"], row.values["people_mobilised"]) == (12, 40)
    assert row.values["workdays_contributed"] == 300


@pytest.mark.parametrize(
    "parts, key",
    [
        (("Thời gian", "Bắt đầu"), "period_start"),
        (("Thời gian thực hiện", "Đến"), "period_end"),
        (("Chủ thể thực hiện", "Tập thể"), "implementer_collective"),
        (("Tập thể/cá nhân thực hiện", "Cá nhân"), "implementer_individual"),
        (("Kết quả", "Số hộ"), "households"),
        (("Kết quả", "Số tiền (đồng)"), "money"),
        (("Kết quả", "Ngày công"), "workdays"),
        (("Kết quả", "Đất hiến (m²)"), "land_m2"),
        (("Kết quả công nhận", "Cấp"), "recognition_level"),
        (("Kết quả công nhận", "Năm"), "recognition_year"),
        (("Ngày đăng ký",), "registration_date"),
        (("Ngày ký quyết định",), "decision_date"),
    ],
)
def test_sub_columns_are_read_in_the_light_of_their_group(parts, key):
    assert classify_column(parts) == key


def test_ngay_dang_ky_is_the_registration_date():
    assert classify_header("Ngày đăng ký") == "registration_date"
    assert classify_header("Ngày ĐK") == "registration_date"


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Tháng 3 - tháng 12/2026", (date(2026, 3, 1), date(2026, 12, 31))),
        ("Quý II/2026", (date(2026, 4, 1), date(2026, 6, 30))),
        ("Năm 2026", (None, None)),
        ("2026 - 2028", (date(2026, 1, 1), date(2028, 12, 31))),
        ("Từ tháng 3/2026", (date(2026, 3, 1), None)),
        ("15/3/2023", (date(2023, 3, 15), None)),
        ("3/2023", (date(2023, 3, 1), None)),
        (45000, (date(2023, 3, 15), None)),
        ("tháng 3 năm 2026", (date(2026, 3, 1), None)),
    ],
)
def test_periods_as_officers_write_them(written, expected):
    assert parse_period(written) == expected


@pytest.mark.parametrize(
    "written, expected",
    [
        ("120.000.000", Decimal(120_000_000)),
        ("1.500,5", Decimal("1500.5")),
        ("1,5 tỷ", Decimal(1_500_000_000)),
        ("35 triệu đồng", Decimal(35_000_000)),
        ("120 000 000", Decimal(120_000_000)),
        ("2.000 m²", Decimal(2000)),
        ("120 hộ", Decimal(120)),
        ("1,000,000", Decimal(1_000_000)),
        (1500, Decimal(1500)),
        ("", None),
    ],
)
def test_vietnamese_numbers(written, expected):
    assert parse_vn_number(written) == expected


def test_a_word_is_not_a_number():
    with pytest.raises(NumberError) as caught:
        parse_vn_number("nhiều")
    assert str(caught.value) == "“nhiều” không phải là một số (ví dụ: 120.000.000 hoặc 1,5 tỷ)."


def test_an_update_of_land_in_m2_is_kept_in_the_before_image_and_undone(db):
    from importer.undo import undo_batch

    header = ["Tên mô hình", "Tập thể thực hiện", "Địa bàn", "Đất hiến (m²)"]
    first = xlsx_bytes([header, ["Mô hình A", "Chi bộ 1", "Xã Phúc Lộc", "1.200,5"]])
    import_file(first, default_year=2023)
    model = DvkModel.objects.get()
    assert model.land_donated_m2 == Decimal("1200.5")
    second = xlsx_bytes([header, ["Mô hình A", "Chi bộ 1", "Xã Phúc Lộc", "2.000"]])
    _plan, batch = import_file(second, "lan-2.xlsx", default_year=2023, overwrite=True)
    model.refresh_from_db()
    assert model.land_donated_m2 == Decimal("2000.0")
    undo_batch(batch)
    model.refresh_from_db()
    assert model.land_donated_m2 == Decimal("1200.5")
