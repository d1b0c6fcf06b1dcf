"""What each column of a list means: the column keys, their Vietnamese names, the guess made
from a column's header text (one to three header rows joined, "Thời gian › Bắt đầu"), and the
mapping a person gives instead ("Cột 3=implementer", or a choice on the preview).
"""

import re
from functools import lru_cache

from .text import fold

STT = "stt"
TITLE = "title"
IMPLEMENTER = "implementer"
IMPL_COLLECTIVE = "implementer_collective"
IMPL_INDIVIDUAL = "implementer_individual"
IMPL_TYPE = "implementer_type"
FIELD = "field"
PLACES = "places"
OWNER = "owner"
YEAR = "year"
REG_DATE = "registration_date"
REG_TYPE = "registration_type"
PERIOD = "period"
PERIOD_START = "period_start"
PERIOD_END = "period_end"
RESULTS = "results"
HOUSEHOLDS = "households"
MONEY = "money"
WORKDAYS = "workdays"
LAND = "land_m2"
PEOPLE = "people"
LEVEL = "recognition_level"
REC_YEAR = "recognition_year"
EXEMPLARY = "exemplary"
FORM = "commendation_form"
ISSUER = "issuer"
DEC_NUMBER = "decision_number"
DEC_DATE = "decision_date"
NOTE = "note"
# A column the person chose not to import (its cells are listed as "không nhập").
SKIPPED = ""

# Vietnamese names of the columns, for the mapping step, messages and the error-rows file.
COLUMN_LABELS = {
    STT: "Số thứ tự",
    TITLE: "Tên mô hình",
    IMPLEMENTER: "Tập thể/cá nhân thực hiện",
    IMPL_COLLECTIVE: "Tập thể thực hiện",
    IMPL_INDIVIDUAL: "Cá nhân thực hiện",
    IMPL_TYPE: "Loại",
    FIELD: "Lĩnh vực",
    PLACES: "Địa bàn thực hiện",
    OWNER: "Đơn vị quản lý",
    YEAR: "Năm đăng ký",
    REG_DATE: "Ngày đăng ký",
    REG_TYPE: "Hình thức đăng ký",
    PERIOD: "Thời gian thực hiện",
    PERIOD_START: "Thời gian bắt đầu",
    PERIOD_END: "Thời gian kết thúc",
    RESULTS: "Kết quả",
    HOUSEHOLDS: "Số hộ được vận động",
    MONEY: "Tiền đóng góp (đồng)",
    WORKDAYS: "Ngày công đóng góp",
    LAND: "Đất hiến (m²)",
    PEOPLE: "Số người tham gia",
    LEVEL: "Cấp công nhận",
    REC_YEAR: "Năm công nhận",
    EXEMPLARY: "Điển hình",
    FORM: "Hình thức khen thưởng",
    ISSUER: "Cơ quan khen thưởng",
    DEC_NUMBER: "Số quyết định",
    DEC_DATE: "Ngày quyết định",
    NOTE: "Ghi chú",
}
NOT_IMPORTED = "không nhập"
# The choices of the mapping step, in the order a list usually has its columns.
MEANING_CHOICES = [(SKIPPED, f"— {NOT_IMPORTED} —"), *COLUMN_LABELS.items()]
# Quantities: the DvkModel field each goes to.
QUANTITY_FIELDS = {
    HOUSEHOLDS: "households_mobilised",
    MONEY: "money_contributed",
    WORKDAYS: "workdays_contributed",
    LAND: "land_donated_m2",
    PEOPLE: "people_mobilised",
}
HEADER_JOIN = " › "


def norm(text):
    """Folded, punctuation as spaces: "Tập thể/cá nhân thực hiện" -> "tap the ca nhan thuc hien"."""
    return " ".join(re.sub(r"[^0-9a-z²]+", " ", fold(text)).split())


def has(s, *words):
    padded = f" {s} "
    return all(f" {w} " in padded for w in words)


def _quantity(s):
    if has(s, "ngay cong") or s in {"cong", "so cong"}:
        return WORKDAYS
    if has(s, "so ho") or s in {"ho", "ho gia dinh", "so ho tham gia", "so ho dan"}:
        return HOUSEHOLDS
    if has(s, "m2") or has(s, "m²") or has(s, "dien tich") or has(s, "hien dat") or s == "dat":
        return LAND
    if (
        has(s, "so tien")
        or has(s, "kinh phi")
        or has(s, "trieu dong")
        or has(s, "dong gop")
        or s in {"tien", "dong", "gia tri", "thanh tien"}
    ):
        return MONEY
    if has(s, "so nguoi") or has(s, "luot nguoi") or s in {"nguoi", "luot", "so luot"}:
        return PEOPLE
    return None


@lru_cache(maxsize=4096)
def classify_header(label):
    """The column key a header label names, or None. Order matters: specific before general."""
    s = norm(label)
    if not s:
        return None
    if s in {"stt", "tt", "so tt", "so thu tu", "thu tu"}:
        return STT
    if has(s, "cong nhan") and has(s, "nam"):
        return REC_YEAR
    if has(s, "dien hinh") or has(s, "tieu bieu"):
        return EXEMPLARY
    if has(s, "cong nhan") or s in {"cap cn", "muc cong nhan"}:
        return LEVEL
    if has(s, "khen") and has(s, "hinh thuc"):
        return FORM
    names_body = has(s, "co quan") or has(s, "cap khen") or has(s, "don vi khen")
    if names_body and (has(s, "khen") or has(s, "ban hanh") or has(s, "quyet dinh")):
        return ISSUER
    # "Ngày đăng ký" is when a model was registered, not the date a decision was signed.
    if has(s, "ngay dang ky") or has(s, "ngay dk"):
        return REG_DATE
    if has(s, "ngay") and (has(s, "quyet dinh") or has(s, "qd") or s == "ngay ky"):
        return DEC_DATE
    if has(s, "quyet dinh") or has(s, "qd") or s in {"so qd", "so quyet dinh"}:
        return DEC_NUMBER
    if has(s, "hinh thuc dang ky") or s == "hinh thuc":
        return REG_TYPE
    if has(s, "ten mo hinh") or s in {"mo hinh", "ten mo hinh dan van kheo"}:
        return TITLE
    if s.startswith("loai") or s in {"tap the hay ca nhan", "doi tuong"}:
        return IMPL_TYPE
    if (
        has(s, "thuc hien") and (has(s, "tap the") or has(s, "ca nhan") or has(s, "don vi"))
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
    if has(s, "dia ban") or has(s, "dia diem") or has(s, "noi thuc hien"):
        return PLACES
    if has(s, "don vi quan ly") or s in {"huyen", "huyen thanh pho", "don vi"}:
        return OWNER
    if has(s, "linh vuc"):
        return FIELD
    if has(s, "thoi gian"):
        return PERIOD
    if s in {"nam", "nam dang ky", "nam dk"} or has(s, "nam dang ky"):
        return YEAR
    if quantity := _quantity(s):
        return quantity
    if has(s, "ket qua") or has(s, "hieu qua"):
        return RESULTS
    if has(s, "ghi chu"):
        return NOTE
    return None


_START_WORDS = {"bat dau", "tu", "tu ngay", "tu thang", "tu nam", "ngay bat dau", "khoi cong"}
_END_WORDS = {"ket thuc", "den", "den ngay", "den thang", "den nam", "ngay ket thuc", "hoan thanh"}


@lru_cache(maxsize=4096)
def classify_column(parts):
    """The key of a column from its header texts, top to bottom (a tuple: ("Thời gian",
    "Bắt đầu")). A sub-column is read in the light of its group; a single text alone."""
    parts = tuple(p for p in parts if p)
    if not parts:
        return None
    leaf = norm(parts[-1])
    if len(parts) == 1:
        return classify_header(parts[0])
    group = norm(" ".join(parts[:-1]))
    group_key = classify_header(" ".join(parts[:-1]))
    if group_key in (PERIOD, None) and has(group, "thoi gian"):
        if leaf in _START_WORDS:
            return PERIOD_START
        if leaf in _END_WORDS:
            return PERIOD_END
    if group_key in (IMPLEMENTER, IMPL_TYPE) or has(group, "chu the"):
        if leaf in {"tap the", "ten tap the", "don vi", "to chuc"}:
            return IMPL_COLLECTIVE
        if leaf in {"ca nhan", "ho ten", "ho va ten", "ten ca nhan"}:
            return IMPL_INDIVIDUAL
    if quantity := _quantity(leaf):
        return quantity
    # "Công nhận" over "Cấp" / "Năm": the pair, else the lower text, else the group.
    return (
        classify_header(f"{parts[-2]} {parts[-1]}")
        or classify_header(parts[-1])
        or (group_key if group_key not in (STT, TITLE) else None)
    )


def joined(parts):
    """ "Thời gian › Bắt đầu": a column's header texts as one label."""
    out = []
    for part in parts:
        if part and part not in out:
            out.append(part)
    return HEADER_JOIN.join(out)


def meaning_of(written):
    """The key a person wrote for a meaning: the key itself ("implementer"), its Vietnamese
    name ("Tập thể/cá nhân thực hiện", without diacritics too) or "không nhập"; None when it
    is none of these."""
    s = norm(written)
    if s in {"khong nhap", "bo qua", "skip", "none", ""}:
        return SKIPPED
    if written.strip() in COLUMN_LABELS:
        return written.strip()
    for key, label in COLUMN_LABELS.items():
        if norm(label) == s or norm(key) == s:
            return key
    return None


_COLUMN_REF = re.compile(r"^(?:cot\s*)?(\d{1,3})$")
_LETTERS = re.compile(r"^[a-z]{1,3}$")


def column_index(written, labels):
    """The zero-based column a person named: "Cột 3" (counted from 1), "C" (Excel's letter)
    or the column's header text; `labels` is {index: joined header text}. None if unknown."""
    s = norm(written)
    if m := _COLUMN_REF.match(s):
        return int(m.group(1)) - 1
    for index, label in labels.items():
        if norm(label) == s:
            return index
    if _LETTERS.match(s):
        number = 0
        for ch in s:
            number = number * 26 + (ord(ch) - 96)
        return number - 1
    return None


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
