"""Checks made on a workbook before any spreadsheet reader sees it.

.xlsx and .ods files are zip archives of XML. Without unpacking them, we check:
- the archive's directory: at most MAX_ENTRIES files, at most MAX_UNCOMPRESSED bytes once
  unpacked, and no large file packed more than MAX_RATIO times (a 300 KB "zip bomb" that
  unpacks to 1.3 GB);
- every XML part: no DOCTYPE or ENTITY declaration (no spreadsheet needs one; "billion laughs"
  XML bombs are made of them);
- every .xlsx worksheet: the cells it really has, counted from the cell references while
  unpacking it in pieces, against the rows / columns / cells limits of `importer.workbook`.
  The declared `<dimension ref=…>` is not trusted: it can be missing or say anything, and
  calamine sizes the sheet by the cells themselves (one cell at XFD90000 is 1.5 billion).

Unpacking a part stops at the size the directory declares for it (zipfile checks that), so the
checks use bounded memory whatever the file says. What gets through (an .xls, an .ods with
millions of repeated cells) is still read in a child process with a memory limit.
"""

import html
import io
import re
import zipfile

from .workbook import ReadRefused, check_extent, number

MAX_ENTRIES = 2_000
MAX_UNCOMPRESSED = 250 * 1024 * 1024
MAX_RATIO = 100
# Parts smaller than this are never "bombs", however well they pack (an empty styles part
# packs a hundred times).
RATIO_FLOOR = 2 * 1024 * 1024
CHUNK = 1024 * 1024

_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# r="90000" on a row; r="XFD90000" on a cell, its letters counted from the longest down (few
# cells have the most letters), its row read only when it has six digits or more. Plain
# patterns, few objects: a 20,000-row sheet is checked in a few tens of milliseconds.
_ROW_REF = re.compile(rb'<row r="(\d{1,7})"')
_FAR_ROW = re.compile(rb' r="[A-Z]{1,3}(\d{6,7})"')
_LETTERS = {n: re.compile(rb' r="([A-Z]{%d})\d' % n) for n in (3, 2, 1)}


def _corrupt(filename):
    return (
        f"Không đọc được tệp “{filename}”: tệp bị hỏng hoặc không phải bảng tính Excel/"
        "OpenDocument. Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại dưới dạng .xlsx."
    )


def _bomb(filename, unpacked):
    return (
        f"Tệp “{filename}” khi giải nén lớn tới {number(round(unpacked / 1024 / 1024))} MB, bất thường "
        f"với một danh sách (giới hạn {MAX_UNCOMPRESSED // 1024 // 1024} MB, nén không quá "
        f"{MAX_RATIO} lần). Tệp có thể bị làm hỏng hoặc chứa rất nhiều ô trống có định dạng: "
        "hãy mở bằng Excel, xóa các dòng, cột thừa rồi lưu lại."
    )


def _xml_declarations(filename):
    return (
        f"Tệp “{filename}” chứa khai báo XML (DOCTYPE/ENTITY) mà bảng tính không bao giờ dùng — "
        "có thể là tệp độc hại. Tệp không được đọc; hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
    )


def _column_number(letters):
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def check_archive(data, filename):
    """Raise ReadRefused when a zip-based workbook is past a limit; nothing for other files."""
    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ReadRefused(_corrupt(filename)) from None
    if len(infos) > MAX_ENTRIES:
        raise ReadRefused(_corrupt(filename))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNCOMPRESSED:
        raise ReadRefused(_bomb(filename, unpacked))
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadRefused(_bomb(filename, unpacked))
    names = _sheet_names(archive)
    try:
        for info in infos:
            name = info.filename.lower()
            if not name.endswith((".xml", ".rels")):
                continue
            if name.startswith("xl/worksheets/") and name.count("/") == 2:
                _check_worksheet(archive, info, filename, names)
            else:
                with archive.open(info) as part:
                    if _DECLARATION.search(part.read(4096)):
                        raise ReadRefused(_xml_declarations(filename))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise ReadRefused(_corrupt(filename)) from None


def _check_worksheet(archive, info, filename, names):
    """Unpack one worksheet in pieces, refusing declarations and counting its extent."""
    rows = columns = 0
    tail = b""
    first = True
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            text = tail + chunk
            if first and _DECLARATION.search(text[:4096]):
                raise ReadRefused(_xml_declarations(filename))
            first = False
            for pattern in _LETTERS.values():
                found = set(pattern.findall(text))
                if found:
                    columns = max(columns, *(_column_number(letters) for letters in found))
                    break
            for pattern in (_ROW_REF, _FAR_ROW):
                numbers = pattern.findall(text)
                if numbers:
                    rows = max(rows, *map(int, numbers))
            # A reference cut in two by the chunk boundary is found whole in the next text.
            tail = text[-64:]
    check_extent(filename, names.get(info.filename, info.filename), rows, columns)


_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_TARGET = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')


def _sheet_names(archive):
    """{"xl/worksheets/sheet1.xml": "Danh sách"}, as far as the workbook part says (for the
    messages only; a file that does not say keeps the part's name)."""
    try:
        with archive.open("xl/workbook.xml") as part:
            sheets = _SHEET.findall(part.read(256 * 1024))
        with archive.open("xl/_rels/workbook.xml.rels") as part:
            targets = dict(_TARGET.findall(part.read(256 * 1024)))
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return {}
    names = {}
    for name, rel in sheets:
        target = targets.get(rel, b"").decode("utf-8", "replace").lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        names[path] = html.unescape(name.decode("utf-8", "replace"))
    return names
