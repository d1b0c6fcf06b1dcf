"""Property-based: lists generated in many layouts (header one to three rows deep, merged group
cells, sub-columns, sections, any column order, header spellings with or without diacritics)
give back exactly what was written in them."""

import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from importer.plan import build_plan
from importer.reader import read_file
from tests.conftest import unit

pytestmark = pytest.mark.django_db

SPELLINGS = {
    "title": ["Tên mô hình", "TÊN MÔ HÌNH", "Ten mo hinh", "Tên mô hình Dân vận khéo"],
    "implementer": ["Tập thể/cá nhân thực hiện", "Chủ thể thực hiện", "Don vi thuc hien"],
    "places": ["Địa bàn thực hiện", "Địa bàn", "Dia diem thuc hien"],
    "households": ["Số hộ", "Số hộ tham gia", "So ho"],
    "period": ["Thời gian thực hiện", "Thời gian", "Thoi gian"],
}
COMMUNES = {
    "Xã Nghĩa Tá": "02071",
    "Xã Bằng Lãng": "02065",
    "Bản Thi": "02035",
    "X. Bằng Phúc": "02041",
}
TITLES = [
    "Vận động trồng quế",
    "Vận động giữ rừng đầu nguồn",
    "Vận động hiến đất làm đường",
    "Vận động thu gom rác thải",
    "Vận động nuôi ong lấy mật",
]
COLLECTIVES = ["Hội Nông dân xã Nghĩa Tá", "Chi bộ thôn Nà Duồng", "Chi đoàn thôn Bản Cuôn"]
PEOPLE = [("Ông Hoàng Văn Thắng", "Hoàng Văn Thắng"), ("Bà Ma Thị Hoa", "Ma Thị Hoa")]


@st.composite
def lists(draw):
    order = draw(st.permutations(list(SPELLINGS)))
    depth = draw(st.integers(1, 3))
    split_implementer = depth >= 2 and draw(st.booleans())
    split_period = depth >= 2 and draw(st.booleans())
    sections = draw(st.booleans())
    spelled = {key: draw(st.sampled_from(names)) for key, names in SPELLINGS.items()}
    count = draw(st.integers(1, 4))
    titles = draw(st.permutations(TITLES))[:count]
    models = []
    for title in titles:
        individual = draw(st.booleans())
        written, name = draw(st.sampled_from(PEOPLE)) if individual else (None, None)
        if not individual:
            written = name = draw(st.sampled_from(COLLECTIVES))
        models.append(
            {
                "title": title,
                "individual": individual,
                "written": written,
                "name": name,
                "place": draw(st.sampled_from(sorted(COMMUNES))),
                "households": draw(st.integers(0, 100_000)),
                "month": draw(st.integers(1, 12)),
            }
        )
    if sections:  # collectives first, then individuals, as the sections say
        models.sort(key=lambda m: m["individual"])
    return order, depth, split_implementer, split_period, sections, spelled, models


def build(order, depth, split_implementer, split_period, sections, spelled):
    """Header rows (depth of them), merges, and the columns: [(key, sub)]."""
    columns = []
    for key in order:
        if key == "implementer" and split_implementer:
            columns += [("implementer", "collective"), ("implementer", "individual")]
        elif key == "period" and split_period:
            columns += [("period", "start"), ("period", "end")]
        else:
            columns.append((key, None))
    sub_names = {
        "collective": "Tập thể",
        "individual": "Cá nhân",
        "start": "Bắt đầu",
        "end": "Kết thúc",
    }
    header = [[""] * len(columns) for _ in range(depth)]
    merges = []
    index = 0
    while index < len(columns):
        key, sub = columns[index]
        letter = get_column_letter(index + 1)
        if sub:  # a group over two sub-columns, the sub-columns on the last row
            header[0][index] = spelled[key]
            header[depth - 1][index] = sub_names[sub]
            header[depth - 1][index + 1] = sub_names[columns[index + 1][1]]
            merges.append(f"{letter}1:{get_column_letter(index + 2)}{depth - 1}")
            index += 2
            continue
        if key == "households" and depth >= 2:
            header[0][index] = "Kết quả"
            header[depth - 1][index] = spelled[key]
            if depth == 3:
                header[1][index] = "Vận động"
        else:
            header[0][index] = spelled[key]
            if depth > 1:
                merges.append(f"{letter}1:{letter}{depth}")
        index += 1
    return header, merges, columns


def shifted(ref, rows=2):
    """ "A1" -> "A3": a cell reference moved down `rows` rows."""
    letters = "".join(c for c in ref if c.isalpha())
    return f"{letters}{int(ref[len(letters) :]) + rows}"


def cell_of(model, key, sub):
    if key == "title":
        return model["title"]
    if key == "implementer":
        if sub is None:
            return model["written"]
        return model["written"] if (sub == "individual") == model["individual"] else ""
    if key == "places":
        return model["place"]
    if key == "households":
        return f"{model['households']:,}".replace(",", ".")
    if key == "period":
        return f"{model['month']}/2023" if sub != "end" else ""
    raise AssertionError(key)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=lists())
def test_what_is_written_in_any_layout_comes_back(generated):
    order, depth, split_implementer, split_period, sections, spelled, models = generated
    header, merges, columns = build(
        order, depth, split_implementer, split_period, sections, spelled
    )
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023"])
    ws.append([])
    for row in header:
        ws.append(row)
    for merge in merges:  # shifted below the two title rows
        first, last = merge.split(":")
        ws.merge_cells(f"{shifted(first)}:{shifted(last)}")
    kind = None
    for model in models:
        if sections and kind != model["individual"]:
            kind = model["individual"]
            ws.append(["II. CÁ NHÂN" if kind else "I. TẬP THỂ"])
        ws.append([cell_of(model, key, sub) for key, sub in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    plan = build_plan(
        read_file(buffer.getvalue(), "sinh.xlsx"),
        filename="sinh.xlsx",
        default_district=unit("064"),
    )
    assert [(r.errors, r.title) for r in plan.rows] == [([], m["title"]) for m in models]
    for row, model in zip(plan.rows, models, strict=True):
        assert row.implementer_name == model["name"]
        assert row.implementer_type == ("ca_nhan" if model["individual"] else "tap_the")
        assert row.place_ids == [unit(COMMUNES[model["place"]]).pk]
        assert row.values["households_mobilised"] == model["households"]
        assert row.values["start_date"] == date(2023, model["month"], 1)
        assert row.year == 2023
