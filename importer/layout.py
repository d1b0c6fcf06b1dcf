"""Finding the table inside a district's sheet: title rows, the header (one to three rows, with
group cells merged over their sub-columns: "Thời gian" over "Bắt đầu" / "Kết thúc"), section
rows, spacer rows, totals and notes rows and the signature block.

The output is a stream of `RawRow`: the Excel row number, the cells by column key, and the
context the rows above gave it (year, district, collective/individual, field). What each
column means is guessed by `importer.columns` and can be changed by the person importing
(`apply_mapping`). What the title and section rows say is read by `importer.titles`.
"""

import hashlib
import re
from dataclasses import dataclass, field

from danvan.text import clean

from .columns import (  # noqa: F401 - the keys are used as layout.X by the planner
    COLUMN_LABELS,
    DEC_DATE,
    DEC_NUMBER,
    EXEMPLARY,
    FIELD,
    FORM,
    HOUSEHOLDS,
    IMPL_COLLECTIVE,
    IMPL_INDIVIDUAL,
    IMPL_TYPE,
    IMPLEMENTER,
    ISSUER,
    LAND,
    LEVEL,
    MONEY,
    NOTE,
    OWNER,
    PEOPLE,
    PERIOD,
    PERIOD_END,
    PERIOD_START,
    PLACES,
    QUANTITY_FIELDS,
    REC_YEAR,
    REG_DATE,
    REG_TYPE,
    RESULTS,
    SKIPPED,
    STT,
    TITLE,
    WORKDAYS,
    YEAR,
    classify_column,
    classify_header,
    has,
    joined,
    norm,
)
from .titles import context_from_text, implementer_type_from_section

HEADER_SCAN_ROWS = 15
MAX_HEADER_ROWS = 3
SAMPLES = 3


@dataclass
class Column:
    """One column of the detected table, for the mapping step."""

    index: int  # zero-based; "Cột {index + 1}"
    label: str  # header texts joined: "Thời gian › Bắt đầu"
    guess: str | None  # the meaning the portal guessed (None: none)
    key: str | None  # the meaning used (the guess, or the person's choice; None: not imported)
    samples: list = field(default_factory=list)  # the first non-empty values below the header
    filled: int = 0  # non-empty cells below the header

    @property
    def number(self):
        return self.index + 1


@dataclass
class SheetLayout:
    sheet: str
    header_first: int  # zero-based index of the first header row
    header_last: int
    columns: dict  # key -> zero-based column index
    labels: dict  # key -> the header text as written in the file
    title_context: dict = field(default_factory=dict)
    all_columns: list = field(default_factory=list)  # Column of every non-empty header cell
    chosen: bool = False  # a mapping given by a person was applied
    remembered: bool = False  # ... the one remembered for the sending unit and this header
    # Rows below the header that are not data: (Excel row, why), e.g. a totals row.
    passed_over: list = field(default_factory=list)

    @property
    def signature(self):
        """The header layout, for remembering a mapping: its joined labels in order."""
        text = "\n".join(f"{c.index}:{norm(c.label)}" for c in self.all_columns)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    @property
    def unmapped(self):
        """Columns with cells that are not imported (no meaning, or a meaning taken already)."""
        return [c for c in self.all_columns if c.key is None and c.filled]


@dataclass
class RawRow:
    sheet: str
    number: int  # Excel row number
    cells: dict  # key -> value as read
    context: dict  # year / district / implementer_type / field from sheet, titles and sections


def _text(value):
    if value is None or value == "":
        return ""
    if type(value) is int:  # row numbers and years: their digits are clean text
        return str(value)
    return clean(value)


def _cell_text(value, cleaned):
    """_text, remembering clean texts in `cleaned` (one dictionary per sheet read)."""
    if type(value) is not str:
        return _text(value)
    found = cleaned.get(value)
    if found is None:
        found = cleaned[value] = clean(value)
    return found


def _merged_fill_right(sheet, row_index, values, width):
    """Header cells merged across columns: give every covered column the group's text."""
    filled = list(values) + [""] * (width - len(values))
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= row_index <= r1 and c1 > c0 and c0 < len(filled):
            for c in range(c0 + 1, min(c1 + 1, len(filled))):
                if not filled[c]:
                    filled[c] = filled[c0]
    return filled


def _header_like(values, texts):
    """A row under a header's first row that belongs to the header: no numbers or dates, and
    every text a header word (alone or as a sub-column)."""
    cells = [(v, t) for v, t in zip(values, texts, strict=False) if t]
    if not cells:
        return False
    for value, text in cells:
        if not isinstance(value, str) or text.startswith("("):
            return False
    known = sum(1 for _v, t in cells if classify_header(t) or _SUB_WORD.match(norm(t)))
    return known * 2 >= len(cells)


def _header_block(sheet, first, depth):
    """Rows first+1 … first+depth-1 continue the header: nothing under the title's header,
    short texts only, and the last one header words ("Bắt đầu", "Số hộ"); a middle row may
    hold group words of its own ("Vận động", "Đóng góp")."""
    if first + depth > len(sheet.rows):
        return False
    top = [_text(v) for v in sheet.rows[first]]
    title_columns = [c for c, t in enumerate(top) if t and classify_header(t) == TITLE]
    for r in range(first + 1, first + depth):
        values = sheet.rows[r]
        texts = [_text(v) for v in values]
        # "Tên mô hình" spans the header's rows (merged down): a row with a text under it is
        # the first data row, however much its values look like header words.
        if any(c < len(texts) and texts[c] for c in title_columns):
            return False
        if r == first + depth - 1:
            if not _header_like(values, texts):
                return False
        elif not any(texts) or any(
            t and (not isinstance(v, str) or len(t) > 40 or t.startswith("("))
            for v, t in zip(values, texts, strict=False)
        ):
            return False
    return True


_SUB_WORD = re.compile(
    r"^(?:bat dau|ket thuc|tu|den|tu ngay|den ngay|tap the|ca nhan|so ho|so tien|ngay cong|"
    r"dat|m2|m²|dien tich|nguoi|so nguoi|ho|tien|cap|nam|so|ngay|co quan|hinh thuc|"
    r"trieu dong|dong|luot)\b"
)


def _candidate(sheet, first, depth, width):
    """{column: (header texts top to bottom)} of rows first..first+depth-1."""
    rows = []
    for r in range(first, first + depth):
        texts = [_text(v) for v in sheet.rows[r]]
        rows.append(_merged_fill_right(sheet, r, texts, width) if r < first + depth - 1 else texts)
    parts = {}
    for c in range(width):
        column = tuple(row[c] if c < len(row) else "" for row in rows)
        if any(column):
            parts[c] = column
    return parts


def _layout_of(sheet, first, depth, parts):
    all_columns = []
    for c, column in parts.items():
        guess = classify_column(column)
        all_columns.append(Column(index=c, label=joined(column), guess=guess, key=guess))
    layout = SheetLayout(sheet.name, first, first + depth - 1, {}, {}, all_columns=all_columns)
    _assign(layout)
    return layout


def _assign(layout):
    """columns / labels from each Column's key; a key taken by an earlier column leaves the
    later one not imported."""
    layout.columns, layout.labels = {}, {}
    for column in layout.all_columns:
        if column.key and column.key not in layout.columns:
            layout.columns[column.key] = column.index
            layout.labels[column.key] = column.label
        elif column.key:
            column.key = None


def find_header(sheet, districts):
    """The best header (one to three rows read together) in the first rows, or None, with
    guessed meanings (`apply_mapping` changes them). `districts`: see importer.titles."""
    best = None
    limit = min(HEADER_SCAN_ROWS, len(sheet.rows))
    for r in range(limit):
        top = [_text(v) for v in sheet.rows[r]]
        if sum(1 for v in top if v) < 2:
            continue
        for depth in range(1, MAX_HEADER_ROWS + 1):
            if depth > 1 and not _header_block(sheet, r, depth):
                continue
            width = max(len(sheet.rows[i]) for i in range(r, r + depth))
            layout = _layout_of(sheet, r, depth, _candidate(sheet, r, depth, width))
            if TITLE not in layout.columns:
                continue
            # More meanings win; with as many, the deeper header (its lower rows were header
            # words, and a sub-column row left out would be read as a data row).
            score = (len(layout.columns), depth)
            if best is None or score > best[0]:
                best = (score, layout)
    if best is None or best[0][0] < 2:
        return None
    layout = best[1]
    _sample(sheet, layout)
    layout.title_context = context_from_text(
        " ".join(_text(v) for row in sheet.rows[: layout.header_first] for v in row if v),
        districts,
    )
    sheet_context = context_from_text(sheet.name, districts, bare=True)
    for key, value in sheet_context.items():
        layout.title_context.setdefault(key, value)
    return layout


def apply_mapping(layout, chosen):
    """Use a person's meanings ({column index: key, "" for not imported}); a key they gave a
    column is taken from the column it was guessed for."""
    chosen = {int(c): k for c, k in chosen.items()}
    given = {k for k in chosen.values() if k}
    for column in layout.all_columns:
        if column.index in chosen:
            column.key = chosen[column.index] or None
        elif column.guess in given:
            column.key = None
        else:
            column.key = column.guess
    layout.chosen = True
    _assign(layout)


def _sample(sheet, layout):
    """Three sample values and the count of filled cells of each column below the header."""
    by_index = {c.index: c for c in layout.all_columns}
    for row in sheet.rows[layout.header_last + 1 :]:
        for index, column in by_index.items():
            if index < len(row) and row[index] not in ("", None):
                column.filled += 1
                if len(column.samples) < SAMPLES:
                    column.samples.append(_display(row[index]))


def _display(value):
    from .values import display

    return display(value)[:80]


# ---------------------------------------------------------------- rows

_SIGNATURE_MARKS = (
    "nguoi lap bieu",
    "tm ban thuong vu",
    "t m ban thuong vu",
    "tm ban chap hanh",
    "ky ghi ro ho ten",
    "ky ten dong dau",
    "noi nhan",
)
# Only when they stand alone on the row (a title may well mention a "trưởng ban").
_WEAK_SIGNATURE_MARKS = ("nguoi lap", "truong ban", "pho truong ban", "xac nhan cua")
_TOTAL = re.compile(r"^(?:[ivx]+ )?(?:tong cong|tong so)(?: |$)|^(?:tong|cong|cong chung)$")
_NOTE = re.compile(r"^(?:ghi chu|luu y|chu y|chu thich|nb|ghi nhan)(?: |$)")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_SECTION_STT = re.compile(r"^(?:[IVXLC]+|[A-Da-d])\.?$")


def _is_number(text):
    return text.rstrip(".").isdigit()


def _is_section_stt(value):
    text = _text(value)
    return not text or bool(_SECTION_STT.match(text))


def iter_rows(sheet, layout, districts):
    """Data rows below the header with their context; stops at the signature block.
    `districts`: see importer.titles."""
    context = dict(layout.title_context)
    # Rows share one copy of the context until a section row changes it (read-only below).
    shared_context = dict(context)
    columns = layout.columns
    cleaned = {}  # a sheet repeats its texts: each distinct one is cleaned once
    _fill_vertical_merges(sheet, layout.header_last + 1)
    for index in range(layout.header_last + 1, len(sheet.rows)):
        row = sheet.rows[index]
        texts = [_cell_text(v, cleaned) for v in row]
        filled = [t for t in texts if t]
        if not filled:
            continue
        cells = {key: row[col] if col < len(row) else "" for key, col in columns.items()}
        cell_texts = {key: texts[col] if col < len(texts) else "" for key, col in columns.items()}
        title = cell_texts.get(TITLE, "")
        if len(filled) >= 3 and all(_COLUMN_NUMBER.match(t) for t in filled):
            continue  # the (1) (2) (3) … row under a header
        others = [t for key, t in cell_texts.items() if t and key not in (STT, TITLE)]
        if len(title) < 60 and len(others) <= 1:
            joined = norm(" ".join(filled))
            if any(has(joined, mark) for mark in _SIGNATURE_MARKS) or (
                not others
                and len(joined) < 40
                and any(has(joined, m) for m in _WEAK_SIGNATURE_MARKS)
            ):
                break  # the signature block: nothing below it is data
        first_text = norm(filled[0])
        if _TOTAL.match(first_text) and not _is_number(cell_texts.get(STT, "")):
            # "Tổng cộng" with the sums of the quantity columns: never a model.
            layout.passed_over.append((index + 1, "dòng tổng cộng"))
            continue
        if (_NOTE.match(first_text) or filled[0].startswith("*")) and len(others) <= 1:
            layout.passed_over.append((index + 1, "dòng ghi chú dưới bảng"))
            continue
        if len(filled) == 1 and not title and _looks_like_section(filled[0], districts):
            # "I. TẬP THỂ" alone on its row, in whichever column it was typed.
            _apply_section(context, filled[0], districts)
            continue
        if not others:
            stt_text = cell_texts.get(STT, "")
            if title and _is_section_stt(stt_text) and _looks_like_section(title, districts):
                _apply_section(context, title, districts)
                continue
            if not title:
                outside = [t for c, t in enumerate(texts) if t and c not in columns.values()]
                text = " ".join([stt_text, *outside]).strip()
                if text and _looks_like_section(text, districts):
                    _apply_section(context, text, districts)
                continue
        if shared_context != context:
            shared_context = dict(context)
        yield RawRow(sheet.name, index + 1, cells, shared_context)


def _fill_vertical_merges(sheet, first_row):
    """A cell merged down over several rows (one collective, several models) repeats its value."""
    for (r0, c0), (r1, _c1) in sheet.merged:
        if r1 <= r0 or r0 < first_row or r0 >= len(sheet.rows):
            continue
        top = sheet.rows[r0]
        value = top[c0] if c0 < len(top) else ""
        for r in range(r0 + 1, min(r1 + 1, len(sheet.rows))):
            row = sheet.rows[r]
            if c0 < len(row) and row[c0] in ("", None):
                row[c0] = value


_NUMBERING = re.compile(r"^(?:[IVXLC]+|[A-Da-d]|\d{1,2})[.)/]\s*")


def _looks_like_section(text, districts):
    """ "I. MÔ HÌNH TẬP THỂ", "HUYỆN CHỢ ĐỒN", "Năm 2019", "1. Lĩnh vực kinh tế"."""
    text = clean(text)
    if _NUMBERING.match(text) or (text.upper() == text and any(ch.isalpha() for ch in text)):
        return True
    return bool(
        implementer_type_from_section(text) or context_from_text(text, districts, bare=True)
    )


def _apply_section(context, text, districts):
    kind = implementer_type_from_section(text)
    found = context_from_text(text, districts, bare=True)
    if "district" in found:
        # A new district starts over: its own collectives/individuals and fields follow.
        context["district"] = found["district"]
        context.pop("implementer_type", None)
        context.pop("field", None)
    if "year" in found:
        context["year"] = found["year"]
    if kind:
        context["implementer_type"] = kind
        context.pop("field", None)
    if not kind and not found:
        # "1. Lĩnh vực kinh tế": a field section; matched (or ignored) by the planner.
        context["field"] = _NUMBERING.sub("", clean(text)).strip()
