"""Numbers as Vietnamese offices write them: "120.000.000", "1.500,5", "1,5 tỷ", "120 hộ",
"35 triệu đồng", "2.000 m²".

Vietnamese writing uses "." between thousands and "," before decimals. Read by
`parse_vn_number`:
- both marks: the last one is the decimal mark ("1.500,5" = 1500.5; "1,500.5" = 1500.5);
- dots only: thousands when there are several or three digits follow the one dot
  ("120.000.000", "1.500"), else a decimal point ("1.5", typed on an English keyboard);
- commas only: thousands when there are several ("1,000,000"), else the decimal mark
  ("1,5" = 1.5);
- spaces between groups of three digits are thousands ("120 000 000");
- "tỷ" (10⁹), "triệu" (10⁶), "nghìn"/"ngàn" (10³) multiply; a unit word after the number
  ("đồng", "đ", "hộ", "người", "ngày công", "m²") is dropped.
"""

import re
from decimal import Decimal, InvalidOperation

from danvan.text import fold

MULTIPLIERS = {"ty": 10**9, "trieu": 10**6, "tr": 10**6, "nghin": 10**3, "ngan": 10**3}
_UNITS = (
    r"dong|d|vnd|vnđ|ho|ho gia dinh|nguoi|luot|luot nguoi|ngay cong|cong|m2|m²|met vuong|"
    r"ngay|m"
)
_NUMBER = re.compile(
    r"^(?P<sign>-)?\s*(?P<digits>\d[\d., ]*)\s*(?P<mult>ty|trieu|tr|nghin|ngan)?\.?\s*"
    rf"(?:(?:{_UNITS})\.?)?$"
)


class NumberError(ValueError):
    """Not a number as written; the message is Vietnamese."""


_SPACED = re.compile(r"\d{1,3}(?: \d{3})+")


def _digits(text):
    """The digits of a number in Python's writing ("1500.5")."""
    if _SPACED.fullmatch(text):
        text = text.replace(" ", "")
    if " " in text:
        raise ValueError(text)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return text.replace(thousands, "").replace(decimal, ".")
    if dots:
        if dots > 1 or re.fullmatch(r"\d{1,3}\.\d{3}", text):
            return text.replace(".", "")
        return text
    if commas:
        if commas > 1:
            return text.replace(",", "")
        return text.replace(",", ".")
    return text


def parse_vn_number(value):
    """The number a cell holds, as a Decimal; None for an empty cell. Raises NumberError."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise NumberError(f"“{value}” không phải là một số.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError(f"“{value}” không phải là một số.")
        return Decimal(repr(value))
    written = str(value).strip()
    s = fold(written).strip().rstrip(".")
    if not s:
        return None
    match = _NUMBER.match(s)
    if not match:
        raise NumberError(f"“{written}” không phải là một số (ví dụ: 120.000.000 hoặc 1,5 tỷ).")
    try:
        number = Decimal(_digits(match.group("digits").strip(" .,")))
    except (InvalidOperation, ValueError):
        raise NumberError(
            f"“{written}” không phải là một số (ví dụ: 120.000.000 hoặc 1,5 tỷ)."
        ) from None
    if match.group("mult"):
        number *= MULTIPLIERS[match.group("mult")]
    if match.group("sign"):
        number = -number
    return number
