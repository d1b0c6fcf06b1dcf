"""Reading cell values as districts write them: years, dates and periods ("15/3/2023",
"3/2023", "2021-2025", Excel dates), yes/no marks, recognition levels, commendation forms, and
who carries a model out ("Ông …", "Hội Nông dân xã …")."""

import calendar
import math
import re
from datetime import date, datetime

from danvan.text import clean, fold
from models_registry.models import CollectiveKind, Gender, RecognitionLevel, RegistrationType
from reviews.models import CommendationForm


class BadValue(ValueError):
    """A cell that cannot be read; the message is Vietnamese."""


def text(value):
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return clean(value)


def display(value):
    """A cell as the administrator typed it, for the preview and the error file."""
    if isinstance(value, str):
        return clean(value) if value else ""
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text(value)


def parse_year(value, label="Năm"):
    if value in (None, ""):
        return None
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise BadValue(f"{label} “{value}” không phải là một năm (ví dụ: 2023).")
        year = int(value)
    else:
        match = re.search(r"\b(19\d\d|20\d\d|2100)\b", text(value))
        if not match:
            raise BadValue(f"{label} “{text(value)}” không phải là một năm (ví dụ: 2023).")
        year = int(match.group(1))
    if not 1990 <= year <= 2100:
        raise BadValue(f"{label} {year} không hợp lệ (từ 1990 đến 2100).")
    return year


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MY = re.compile(r"^(?:thang\s*)?(\d{1,2})[/.\-](\d{4})$")
_Y = re.compile(r"^(?:nam\s*)?(\d{4})$")
_M_NAM_Y = re.compile(r"^thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
_QUARTER = re.compile(r"^quy\s*(i{1,3}|iv|[1-4])\s*(?:/|-|nam)\s*(\d{4})$")
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# "Tháng 3" or "15/3" before "– tháng 12/2026": the year is the end's.
_NO_YEAR = re.compile(r"^(?:tu\s+)?(?:thang\s*(\d{1,2})|(\d{1,2})[/.](\d{1,2}))$")


def _excel_serial(value):
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        from datetime import timedelta

        return date(1899, 12, 30) + timedelta(days=int(value))
    return None


def parse_date_part(value, end=False):
    """One date: a real date, "15/3/2023", "2023-03-15", "3/2023" or "2023" (first or last day)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    serial = _excel_serial(value)
    if serial:
        return serial
    s = fold(text(value)).strip(" .")
    s = re.sub(r"^(tu|den|ngay)\s+", "", s)
    try:
        if m := _DMY.match(s):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _YMD.match(s):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if (m := _MY.match(s)) or (m := _M_NAM_Y.match(s)):
            year, month = int(m.group(2)), int(m.group(1))
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if m := _QUARTER.match(s):
            quarter = _ROMAN_QUARTERS.get(m.group(1)) or int(m.group(1))
            year, month = int(m.group(2)), 3 * quarter if end else 3 * quarter - 2
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if m := _Y.match(s):
            year = int(m.group(1))
            return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError:
        pass
    raise BadValue(
        f"Không hiểu ngày “{text(value)}” (viết dạng 15/03/2023, 03/2023, Quý II/2023 hoặc 2023)."
    )


def parse_date(value, label="Ngày"):
    if value in (None, ""):
        return None
    try:
        return parse_date_part(value)
    except BadValue as exc:
        raise BadValue(f"{label}: {exc}") from exc


_RANGE_SPLIT = re.compile(r"\s*(?:–|—|\s-\s|\bden\b|\bđến\b|(?<=\d{4})-(?=\d))\s*", re.IGNORECASE)


def parse_period(value):
    """ "15/3/2023" -> (15/3/2023, None); "2021-2025" -> (1/1/2021, 31/12/2025);
    "01/2023 - 12/2023" -> (1/1/2023, 31/12/2023)."""
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime | date) or _excel_serial(value):
        return parse_date_part(value), None
    raw = text(value)
    if _Y.match(fold(raw)):
        # A bare year says no more than the registering year: no dates (the registry's export
        # writes the year when a model has no period).
        return None, None
    until = re.match(r"^(đến|den)\s+(.+)$", raw, flags=re.IGNORECASE)
    if until:
        return None, parse_date_part(until.group(2), end=True)
    s = re.sub(r"^(từ|tu)\s+", "", raw, flags=re.IGNORECASE)
    if _QUARTER.match(fold(s).strip(" .")):  # "Quý II/2026": the quarter's three months
        return parse_date_part(s), parse_date_part(s, end=True)
    try:
        return parse_date_part(s), None
    except BadValue:
        pass
    parts = [p for p in _RANGE_SPLIT.split(s) if p and p.strip()]
    if len(parts) == 1:
        return parse_date_part(parts[0]), None
    if len(parts) == 2:
        end = parse_date_part(parts[1], end=True)
        start = _start_in_year_of(parts[0], end) or parse_date_part(parts[0])
        if end < start:
            raise BadValue(f"Thời gian thực hiện “{raw}”: ngày kết thúc trước ngày bắt đầu.")
        return start, end
    raise BadValue(f"Không hiểu thời gian thực hiện “{raw}” (ví dụ: 15/03/2023 – 31/12/2025).")


def _start_in_year_of(written, end):
    """ "Tháng 3" / "15/3" of "Tháng 3 - tháng 12/2026": that month or day of the end's year."""
    m = _NO_YEAR.match(fold(text(written)).strip(" ."))
    if not m:
        return None
    try:
        if m.group(1):
            return date(end.year, int(m.group(1)), 1)
        return date(end.year, int(m.group(3)), int(m.group(2)))
    except ValueError:
        return None


_YES = {"x", "co", "v", "yes", "1", "true", "dien hinh", "la dien hinh", "✓", "✔", "dat"}
_NO = {"", "khong", "0", "no", "false", "-"}


def parse_yes(value, label):
    if isinstance(value, bool):
        return value
    s = fold(text(value))
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise BadValue(f"{label} “{text(value)}”: ghi “Có” (hoặc x) hoặc để trống.")


def parse_registration_type(value):
    s = fold(text(value))
    if not s:
        return None
    if "duy tri" in s or "tiep tuc" in s or s == "cu":
        return RegistrationType.CARRIED_OVER
    if "moi" in s or "dang ky" in s:
        return RegistrationType.NEW
    raise BadValue(f"Hình thức đăng ký “{text(value)}”: ghi “Đăng ký mới” hoặc “Duy trì”.")


def parse_implementer_type(value):
    s = fold(text(value))
    if not s:
        return None
    if "ca nhan" in s or s in {"cn", "c.n"}:
        return "ca_nhan"
    if "tap the" in s or s in {"tt", "t.t"}:
        return "tap_the"
    raise BadValue(f"Loại “{text(value)}”: ghi “Tập thể” hoặc “Cá nhân”.")


def parse_recognition_level(value):
    s = fold(text(value))
    if not s or s in {"chua cong nhan", "khong", "-"}:
        return RecognitionLevel.NONE
    if "trung uong" in s or s in {"tw", "cap tw"}:
        return RecognitionLevel.CENTRAL
    if "tinh" in s:
        return RecognitionLevel.PROVINCE
    if "huyen" in s or "thanh pho" in s or s in {"h", "cap h"}:
        return RecognitionLevel.DISTRICT
    raise BadValue(
        f"Cấp công nhận “{text(value)}”: ghi “Cấp huyện”, “Cấp tỉnh” hoặc “Cấp Trung ương”."
    )


def parse_commendation_form(value):
    s = fold(text(value))
    if not s:
        return None
    for form in CommendationForm:
        if fold(form.label) in s:
            return form.value
    if "khen" in s:
        return CommendationForm.OTHER
    raise BadValue(f"Hình thức khen thưởng “{text(value)}”: ví dụ “Bằng khen”, “Giấy khen”.")


# ---------------------------------------------------------------- who carries a model out

_PERSON_PREFIXES = [
    ("đồng chí ", None),
    ("đ/c ", None),
    ("đc ", None),
    ("ông ", Gender.MALE),
    ("bà ", Gender.FEMALE),
    ("anh ", Gender.MALE),
    ("chị ", Gender.FEMALE),
]


# A list typed without diacritics: "Ong Be Van Duc". Only these two: "chi " and "anh " are
# how "Chi bộ …" and many names begin.
_UNMARKED_PERSON_PREFIXES = [("ong ", Gender.MALE), ("ba ", Gender.FEMALE)]


def person_prefix(name):
    """("Bà Quan Thị Giang") -> ("Quan Thị Giang", "nu"); not a person -> (None, None)."""
    lowered = clean(name).lower()
    prefixes = _PERSON_PREFIXES
    if lowered.isascii():
        prefixes = _PERSON_PREFIXES + _UNMARKED_PERSON_PREFIXES
    for prefix, gender in prefixes:
        if lowered.startswith(prefix):
            return clean(name)[len(prefix) :].strip(" :.,"), gender
    return None, None


_KIND_WORDS = [
    (("chi bo", "dang bo", "dang uy"), CollectiveKind.PARTY),
    (("hoi nong dan", "hnd"), CollectiveKind.FARMERS),
    (("phu nu", "lhpn", "hoi pn"), CollectiveKind.WOMEN),
    (("doan thanh nien", "chi doan", "doan tn", "doan xa", "huyen doan"), CollectiveKind.YOUTH),
    (("cuu chien binh", "ccb"), CollectiveKind.VETERANS),
    (("cong doan",), CollectiveKind.TRADE_UNION),
    (("mat tran", "mttq"), CollectiveKind.FRONT),
    (("cong an", "quan su", "bien phong", "ban chi huy"), CollectiveKind.ARMED_FORCES),
    (("khoi dan van", "to dan van"), CollectiveKind.MOBILISATION_BLOC),
    (("cong ty", "doanh nghiep", "hop tac xa", "htx"), CollectiveKind.ENTERPRISE),
    (("thon ", "ban ", "to dan pho", "khu dan cu"), CollectiveKind.VILLAGE),
    (
        ("ubnd", "uy ban", "phong ", "van phong", "ban dan van", "truong ", "tram ", "benh vien"),
        CollectiveKind.AGENCY,
    ),
]


def collective_kind(name):
    s = fold(name) + " "
    for words, kind in _KIND_WORDS:
        if any(s.startswith(w) or f" {w}" in f" {s}" for w in words):
            return kind
    return CollectiveKind.OTHER
