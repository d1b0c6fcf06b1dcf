"""Finding the table inside a district's sheet: title rows, the header (one or two rows, any
order, synonyms with or without diacritics), section rows, spacer rows and the signature block.

The output is a stream of `RawRow`: the Excel row number, the cells by column key, and the
context the rows above gave it (year, district, collective/individual, field).
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .text import cached_clean, fold
from .text import quick_clean as clean

HEADER_SCAN_ROWS = 15

STT = "stt"
TITLE = "title"
IMPLEMENTER = "implementer"
IMPL_TYPE = "implementer_type"
FIELD = "field"
PLACES = "places"
OWNER = "owner"
YEAR = "year"
REG_TYPE = "registration_type"
PERIOD = "period"
RESULTS = "results"
STATUS = "status"
LEVEL = "recognition_level"
REC_YEAR = "recognition_year"
EXEMPLARY = "exemplary"
FORM = "commendation_form"
ISSUER = "issuer"
DEC_NUMBER = "decision_number"
DEC_DATE = "decision_date"
NOTE = "note"

# Vietnamese names of the columns, for messages and the error-rows file.
COLUMN_LABELS = {
    TITLE: "Tên mô hình",
    IMPLEMENTER: "Tập thể/cá nhân thực hiện",
    IMPL_TYPE: "Loại",
    FIELD: "Lĩnh vực",
    PLACES: "Địa bàn thực hiện",
    OWNER: "Đơn vị quản lý",
    YEAR: "Năm đăng ký",
    REG_TYPE: "Hình thức đăng ký",
    PERIOD: "Thời gian thực hiện",
    RESULTS: "Kết quả",
    STATUS: "Trạng thái",
    LEVEL: "Cấp công nhận",
    REC_YEAR: "Năm công nhận",
    EXEMPLARY: "Điển hình",
    FORM: "Hình thức khen thưởng",
    ISSUER: "Cơ quan khen thưởng",
    DEC_NUMBER: "Số quyết định",
    DEC_DATE: "Ngày quyết định",
    NOTE: "Ghi chú",
}


def _norm(text):
    """Folded, punctuation as spaces: "Tập thể/cá nhân thực hiện" -> "tap the ca nhan thuc hien"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def _has(s, *words):
    padded = f" {s} "
    return all(f" {w} " in padded for w in words)


@lru_cache(maxsize=4096)
def classify_header(label):
    """The column key a header label names, or None. Order matters: specific before general."""
    s = _norm(label)
    if not s:
        return None
    if s in {"stt", "tt", "so tt", "so thu tu", "thu tu"}:
        return STT
    if _has(s, "cong nhan") and _has(s, "nam"):
        return REC_YEAR
    if _has(s, "dien hinh") or _has(s, "tieu bieu"):
        return EXEMPLARY
    if _has(s, "cong nhan") or s in {"cap cn", "muc cong nhan"}:
        return LEVEL
    if _has(s, "khen") and _has(s, "hinh thuc"):
        return FORM
    names_body = _has(s, "co quan") or _has(s, "cap khen") or _has(s, "don vi khen")
    if names_body and (_has(s, "khen") or _has(s, "ban hanh") or _has(s, "quyet dinh")):
        return ISSUER
    if _has(s, "ngay") and (_has(s, "quyet dinh") or _has(s, "qd") or _has(s, "ky")):
        return DEC_DATE
    if _has(s, "quyet dinh") or _has(s, "qd") or s in {"so qd", "so quyet dinh"}:
        return DEC_NUMBER
    if _has(s, "hinh thuc dang ky") or s == "hinh thuc":
        return REG_TYPE
    if _has(s, "ten mo hinh") or s in {"mo hinh", "ten mo hinh dan van kheo"}:
        return TITLE
    if s.startswith("loai") or s in {"tap the hay ca nhan", "doi tuong"}:
        return IMPL_TYPE
    if (
        _has(s, "thuc hien") and (_has(s, "tap the") or _has(s, "ca nhan") or _has(s, "don vi"))
    ) or s in {
        "chu the",
        "chu the thuc hien",
        "tap the ca nhan",
        "ten tap the ca nhan",
        "nguoi thuc hien",
        "don vi ca nhan",
        "don vi dang ky",
        "tap the ca nhan dang ky",
    }:
        return IMPLEMENTER
    if _has(s, "dia ban") or _has(s, "dia diem") or _has(s, "noi thuc hien"):
        return PLACES
    if _has(s, "don vi quan ly") or s in {"huyen", "huyen thanh pho", "don vi"}:
        return OWNER
    if _has(s, "linh vuc"):
        return FIELD
    if _has(s, "thoi gian"):
        return PERIOD
    if s in {"nam", "nam dang ky", "nam dk"} or _has(s, "nam dang ky"):
        return YEAR
    if _has(s, "ket qua") or _has(s, "hieu qua"):
        return RESULTS
    if _has(s, "trang thai"):
        return STATUS
    if _has(s, "ghi chu"):
        return NOTE
    return None


@dataclass
class SheetLayout:
    sheet: str
    header_first: int  # zero-based index of the first header row
    header_last: int
    columns: dict  # key -> zero-based column index
    labels: dict  # key -> the header text as written in the file
    title_context: dict = field(default_factory=dict)


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
    return cached_clean(value) if isinstance(value, str) else clean(value)


def _map_columns(labels_by_col):
    columns, labels = {}, {}
    for col, label in labels_by_col.items():
        key = classify_header(label)
        if key and key not in columns:
            columns[key] = col
            labels[key] = label
    return columns, labels


def _merged_fill_right(sheet, row_index, values):
    """Top header cells merged across columns: give every covered column the group's text."""
    filled = list(values)
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= row_index <= r1 and c1 > c0 and c0 < len(filled):
            for c in range(c0 + 1, min(c1 + 1, len(filled))):
                if not filled[c]:
                    filled[c] = filled[c0]
    return filled


def find_header(sheet):
    """The best header (one row, or two rows read together) in the first rows, or None."""
    best = None
    limit = min(HEADER_SCAN_ROWS, len(sheet.rows))
    for r in range(limit):
        top = [_text(v) for v in sheet.rows[r]]
        if sum(1 for v in top if v) < 2:
            continue
        single = {c: v for c, v in enumerate(top) if v}
        candidates = [(r, r, single)]
        if r + 1 < len(sheet.rows):
            bottom = [_text(v) for v in sheet.rows[r + 1]]
            if any(bottom):
                top_filled = _merged_fill_right(sheet, r, top)
                width = max(len(top_filled), len(bottom))
                combined = {}
                for c in range(width):
                    t = top_filled[c] if c < len(top_filled) else ""
                    b = bottom[c] if c < len(bottom) else ""
                    if t and b and t != b:
                        # "Công nhận" over "Cấp" / "Năm": try the pair, else the lower cell.
                        combined[c] = f"{t} {b}" if classify_header(f"{t} {b}") else b
                    elif t or b:
                        combined[c] = t or b
                candidates.append((r, r + 1, combined))
        for first, last, labels_by_col in candidates:
            columns, labels = _map_columns(labels_by_col)
            if TITLE not in columns:
                continue
            score = len(columns)
            if best is None or score > best[0]:
                best = (score, SheetLayout(sheet.name, first, last, columns, labels))
    if best is None or best[0] < 2:
        return None
    layout = best[1]
    layout.title_context = context_from_text(
        " ".join(_text(v) for row in sheet.rows[: layout.header_first] for v in row if v)
    )
    sheet_context = context_from_text(sheet.name, bare=True)
    for key, value in sheet_context.items():
        layout.title_context.setdefault(key, value)
    return layout


# ---------------------------------------------------------------- context from text

_DATE_PHRASE = re.compile(r"(ngay \d{1,2} )?thang \d{1,2} nam \d{4}")
_YEAR = re.compile(r"\bnam (\d{4})\b")
_BARE_YEAR = re.compile(r"^(?:nam )?((?:19|20)\d\d)$")
_DISTRICT = re.compile(r"\b(?:huyen uy|huyen|thanh uy|thanh pho|tp|h)\s+([a-z ]+)")


def district_names():
    """Folded short names of the pre-2025 districts (cached per process)."""
    global _DISTRICT_NAMES
    if _DISTRICT_NAMES is None:
        from territory.models import Level, Unit

        _DISTRICT_NAMES = {
            fold(u.short_name): u.code for u in Unit.objects.filter(level=Level.DISTRICT)
        }
    return _DISTRICT_NAMES


_DISTRICT_NAMES = None


def find_district_code(text, bare=False):
    """ "BAN DÂN VẬN HUYỆN ỦY BA BỂ" -> "061". With `bare`, "Ba Bể" alone also counts."""
    s = _norm(text)
    names = district_names()
    if bare:
        stripped = re.sub(r"^(?:[ivx]+|[a-d]|\d+)\s+", "", s)
        stripped = re.sub(r"^(?:huyen uy|huyen|thanh pho|tp|h)\s+", "", stripped)
        if stripped in names:
            return names[stripped]
    for match in _DISTRICT.finditer(s):
        tail = match.group(1)
        for name, code in sorted(names.items(), key=lambda kv: -len(kv[0])):
            if tail == name or tail.startswith(name + " "):
                return code
    return None


def context_from_text(text, bare=False):
    """Year and district named in title rows, a section row or a sheet name."""
    context = {}
    s = _norm(text)
    if not s:
        return context
    without_dates = _DATE_PHRASE.sub(" ", s)
    years = {int(y) for y in _YEAR.findall(without_dates)}
    if bare:
        match = _BARE_YEAR.match(s)
        if match:
            years = {int(match.group(1))}
    if len(years) == 1:
        year = years.pop()
        if 1990 <= year <= 2100:
            context["year"] = year
    code = find_district_code(text, bare=bare)
    if code:
        context["district"] = code
    return context


def implementer_type_from_section(text):
    s = _norm(text)
    if len(s) > 80:
        return None
    if _has(s, "ca nhan") and not _has(s, "tap the"):
        return "ca_nhan"
    if _has(s, "tap the") and not _has(s, "ca nhan"):
        return "tap_the"
    return None


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
_TOTAL_MARKS = ("tong cong", "tong so", "cong")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_SECTION_STT = re.compile(r"^(?:[IVXLC]+|[A-Da-d])\.?$")


def _is_section_stt(value):
    text = _text(value)
    return not text or bool(_SECTION_STT.match(text))


def iter_rows(sheet, layout):
    """Data rows below the header with their context; stops at the signature block."""
    context = dict(layout.title_context)
    # Rows share one copy of the context until a section row changes it (read-only below).
    shared_context = dict(context)
    columns = layout.columns
    _fill_vertical_merges(sheet, layout.header_last + 1)
    for index in range(layout.header_last + 1, len(sheet.rows)):
        row = sheet.rows[index]
        texts = [cached_clean(v) if type(v) is str else _text(v) for v in row]
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
            joined = _norm(" ".join(filled))
            if any(_has(joined, mark) for mark in _SIGNATURE_MARKS) or (
                not others
                and len(joined) < 40
                and any(_has(joined, m) for m in _WEAK_SIGNATURE_MARKS)
            ):
                break  # the signature block: nothing below it is data
            if joined in _TOTAL_MARKS or _norm(title) in _TOTAL_MARKS:
                continue
        if not others:
            stt_text = cell_texts.get(STT, "")
            if title and _is_section_stt(stt_text) and _looks_like_section(title):
                _apply_section(context, title)
                continue
            if not title:
                outside = [t for c, t in enumerate(texts) if t and c not in columns.values()]
                text = " ".join([stt_text, *outside]).strip()
                if text and _looks_like_section(text):
                    _apply_section(context, text)
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


def _looks_like_section(text):
    """ "I. MÔ HÌNH TẬP THỂ", "HUYỆN CHỢ ĐỒN", "Năm 2019", "1. Lĩnh vực kinh tế"."""
    text = clean(text)
    if _NUMBERING.match(text) or (text.upper() == text and any(ch.isalpha() for ch in text)):
        return True
    return bool(implementer_type_from_section(text) or context_from_text(text, bare=True))


def _apply_section(context, text):
    kind = implementer_type_from_section(text)
    found = context_from_text(text, bare=True)
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
