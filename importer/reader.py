"""Reading a spreadsheet into plain rows: .xlsx, .xlsm, .xls, .ods and .csv / .txt.

Every problem with the file itself (too big, empty, not a spreadsheet, an image renamed .xlsx,
a zip or XML bomb, a cell at XFD90000, too many rows, a reader that crashes) is an
`UnreadableFile` with a message an administrator can act on; nothing here raises anything
else. Workbooks are checked first (`importer.precheck`), then read by python-calamine in a
child process with memory and time limits (`importer.workbook`), so that no file can end the
web worker or `import_models`. Text files (.csv, and Excel's "Unicode Text" .txt: UTF-16 with
tabs) are read here, in Python, within the size limit.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .precheck import check_archive
from .workbook import MAX_ROWS, ReadRefused, read_workbook, too_many_rows

MAX_FILE_SIZE = 20 * 1024 * 1024
# MAX_ROWS (importer.workbook): a district's yearly list is a few hundred rows; ten years of a
# whole province stays far below.
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
TEXT_SUFFIXES = (".csv", ".txt")

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
    if suffix in TEXT_SUFFIXES and not data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        sheets = [_read_csv(data, filename)]
    else:
        try:
            check_archive(data, filename)
        except ReadRefused as exc:
            raise UnreadableFile(str(exc)) from None
        sheets = [
            Sheet(
                name=s["name"], rows=s["rows"], merged=[tuple(map(tuple, m)) for m in s["merged"]]
            )
            for s in read_workbook(data, filename, UnreadableFile)
        ]
    total = sum(len(s.rows) for s in sheets)
    if not any(any(_filled(v) for v in row) for s in sheets for row in s.rows):
        raise UnreadableFile(f"Tệp “{filename}” không có dữ liệu (các trang tính đều trống).")
    if total > MAX_ROWS:
        raise UnreadableFile(too_many_rows(filename, total))
    return sheets


def _filled(value):
    return value is not None and value != ""


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text": UTF-16 with its byte-order mark, tabs between cells.
        return data.decode("utf-16", errors="replace")
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
                raise UnreadableFile(too_many_rows(filename, len(rows)))
    except csv.Error as exc:
        raise UnreadableFile(f"Không đọc được tệp CSV “{filename}”: {exc}.") from exc
    return Sheet(name=Path(filename).stem or "CSV", rows=rows)
