"""Reading a spreadsheet into plain rows: .xlsx, .xlsm, .xls, .ods (python-calamine) and .csv.

Every problem with the file itself (too big, empty, not a spreadsheet, an image renamed .xlsx,
too many rows) is an `UnreadableFile` with a message an administrator can act on; nothing here
raises anything else.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineWorkbook

from .collector import without_collector

MAX_FILE_SIZE = 20 * 1024 * 1024
# A district's yearly list is a few hundred rows; ten years of a whole province stays far below.
MAX_ROWS = 100_000
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF87a", "ảnh GIF"),
    (b"GIF89a", "ảnh GIF"),
    (b"%PDF", "tệp PDF"),
    (b"BM", "ảnh BMP"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
]


class UnreadableFile(Exception):
    """The file cannot be read as a list; `str(exc)` is the Vietnamese message to show."""


@dataclass
class Sheet:
    name: str
    rows: list  # list of lists of cell values; rows[i] is Excel row i + 1, column 0 is "A"
    merged: list = field(default_factory=list)  # ((row0, col0), (row1, col1)), zero-based


@without_collector
def read_file(data: bytes, filename: str) -> list[Sheet]:
    """All sheets of the file with their rows. Raises UnreadableFile."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UnreadableFile(
            f"Tệp “{filename}” không đúng định dạng. Chỉ nhận tệp Excel (.xlsx, .xls), "
            "OpenDocument (.ods) hoặc .csv."
        )
    if not data or not data.strip():
        raise UnreadableFile(f"Tệp “{filename}” rỗng (không có dữ liệu).")
    if len(data) > MAX_FILE_SIZE:
        raise UnreadableFile(
            f"Tệp “{filename}” quá lớn ({len(data) / 1024 / 1024:.1f} MB); "
            f"chỉ nhận tệp đến {MAX_FILE_SIZE // 1024 // 1024} MB. Hãy tách thành nhiều tệp."
        )
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise UnreadableFile(
                f"Tệp “{filename}” thực chất là {what}, không phải bảng tính. "
                "Hãy mở danh sách bằng Excel và lưu lại dưới dạng .xlsx."
            )
    if suffix == ".csv" and not data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        sheets = [_read_csv(data, filename)]
    else:
        sheets = _read_workbook(data, filename)
    total = sum(len(s.rows) for s in sheets)
    if not any(any(_filled(v) for v in row) for s in sheets for row in s.rows):
        raise UnreadableFile(f"Tệp “{filename}” không có dữ liệu (các trang tính đều trống).")
    if total > MAX_ROWS:
        raise UnreadableFile(_too_many(filename, total))
    return sheets


def _number(value):
    return f"{value:,}".replace(",", ".")


def _too_many(filename, total):
    return (
        f"Tệp “{filename}” có {_number(total)} dòng, vượt giới hạn {_number(MAX_ROWS)} dòng "
        "một lần nhập. Hãy tách theo năm hoặc theo huyện rồi nhập từng tệp."
    )


def _filled(value):
    return value is not None and value != ""


def _read_workbook(data, filename):
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for broken files
        raise UnreadableFile(
            f"Không đọc được tệp “{filename}”: tệp bị hỏng hoặc không phải bảng tính Excel/"
            "OpenDocument. Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại dưới dạng .xlsx."
        ) from exc
    sheets = []
    total = 0
    try:
        for index, name in enumerate(workbook.sheet_names):
            sheet = workbook.get_sheet_by_index(index)
            height = (sheet.end[0] + 1) if sheet.end else 0
            total += height
            if total > MAX_ROWS:
                raise UnreadableFile(_too_many(filename, total))
            rows = sheet.to_python(skip_empty_area=False) if height else []
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # not every format records merged cells
                merged = []
            sheets.append(Sheet(name=name, rows=[_row(r) for r in rows], merged=merged))
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(
            f"Không đọc được nội dung tệp “{filename}” (tệp bị hỏng một phần). "
            "Hãy mở bằng Excel và lưu lại."
        ) from exc
    finally:
        workbook.close()
    return sheets


def _row(values):
    return [v if type(v) is str else _value(v) for v in values]


def _value(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, date | bool | int | float):
        return value
    if isinstance(value, timedelta | time):
        return str(value)
    return "" if value is None else str(value)


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Windows-1258 (Vietnamese) writes tone marks as combining characters; if there are none the
    # file is most likely Windows-1252.
    text = data.decode("cp1258", errors="replace")
    if any(unicodedata.combining(ch) for ch in text):
        return unicodedata.normalize("NFC", text)
    return data.decode("cp1252", errors="replace")


def _read_csv(data, filename):
    text = _decode(data)
    # The separator used most in the first lines (title rows above the header have none).
    sample = text[:8192]
    delimiter = max(",;\t", key=sample.count)
    try:
        rows = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise UnreadableFile(_too_many(filename, len(rows)))
    except csv.Error as exc:
        raise UnreadableFile(f"Không đọc được tệp CSV “{filename}”: {exc}.") from exc
    return Sheet(name=Path(filename).stem or "CSV", rows=rows)
