"""Property-based tests: whatever bytes or text arrive, the importer answers with a result or
a clear Vietnamese error — never an exception escaping to the user."""

import io
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from danvan.text import fold
from importer.matching import Lookups, PlaceError, split_places
from importer.plan import NoTable, build_plan
from importer.reader import Sheet, UnreadableFile, read_file

pytestmark = pytest.mark.django_db

SUFFIXES = [".xlsx", ".xls", ".ods", ".csv"]
HEADER = ["STT", "Tên mô hình", "Tập thể/cá nhân thực hiện", "Lĩnh vực", "Địa bàn thực hiện", "Năm"]

# Composed and decomposed Vietnamese, other scripts, control characters, very long cells.
vietnamese = st.sampled_from(
    ["Nghĩa Tá", "Bành Trạch", "Nà Hin", "Đức Xuân", "Hội Nông dân", "Ông Quan Thị Giang"]
)
any_text = st.one_of(
    st.text(max_size=60),
    vietnamese,
    vietnamese.map(lambda s: unicodedata.normalize("NFD", s)),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Lo", "Mn"]), max_size=40),
    st.builds(
        lambda s, n: (s or "x") * n, st.text(min_size=1, max_size=3), st.integers(2000, 10_000)
    ),
)
cell = st.one_of(
    st.none(), any_text, st.integers(-(10**12), 10**12), st.floats(allow_nan=True), st.dates()
)
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_are_read_or_refused_with_a_message(data, suffix):
    try:
        sheets = read_file(data, "danh-sach" + suffix)
    except UnreadableFile as exc:
        assert str(exc).strip()
        return
    assert all(isinstance(sheet, Sheet) for sheet in sheets)


@PROPERTY_SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=6, max_size=6), min_size=1, max_size=6))
def test_any_cell_values_give_a_plan_or_a_clear_error(rows):
    wb = Workbook()
    wb.active.append(["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023 — HUYỆN BA BỂ"])
    wb.active.append(HEADER)
    for values in rows:
        wb.active.append([_storable(v) for v in values])
    buffer = io.BytesIO()
    wb.save(buffer)
    try:
        plan = build_plan(
            read_file(buffer.getvalue(), "babe.xlsx"), filename="babe.xlsx", default_year=2023
        )
    except (UnreadableFile, NoTable) as exc:
        assert str(exc).strip()
        return
    for row in plan.rows:
        for message in getattr(row, "errors", []):
            assert str(message).strip()


@PROPERTY_SETTINGS
@given(name=any_text)
def test_any_place_name_matches_or_explains(name):
    lookups = Lookups()
    try:
        found = lookups.match_commune(name, None, date(2023, 6, 1))
    except PlaceError as exc:
        assert str(exc.message if hasattr(exc, "message") else exc).strip() or name.strip() == ""
        return
    assert found is not None


@PROPERTY_SETTINGS
@given(raw=any_text)
def test_any_place_list_splits_without_crashing(raw):
    parts = split_places(raw)
    assert isinstance(parts, list | tuple)


@given(text=any_text)
@settings(max_examples=200, deadline=None)
def test_folding_is_idempotent_and_ignores_composition(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


def _storable(value):
    """openpyxl refuses control characters in cells; offices' files cannot hold them either."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")
    if isinstance(value, float) and value != value:
        return None
    return value


# Spaces of every kind, controls, marks alone or stacked, đ, letters beyond the BMP.
tricky_text = st.one_of(
    any_text,
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000\u034f\u0323đĐ𝐀")),
            st.characters(min_codepoint=0x300, max_codepoint=0x36F),
            st.characters(categories=["Ll", "Lu", "Mn", "Cc", "Zs"]),
        ),
        max_size=30,
    ),
)


@given(text=tricky_text)
@settings(max_examples=300, deadline=None)
def test_the_fast_clean_and_fold_give_what_they_mean(text):
    from danvan.text import _clean_slowly, _fold_slowly, clean, fold

    assert clean(text) == _clean_slowly(text)
    assert fold(text) == _fold_slowly(text)
    assert fold(unicodedata.normalize("NFD", text)) == _fold_slowly(
        unicodedata.normalize("NFD", text)
    )
