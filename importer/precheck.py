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
  calamine sizes the sheet by the cells themselves (one cell at XFD90000 is 1.5 billion);
- every .ods table (content.xml): the extent its rows and cells declare once repeated
  (`table:number-rows-repeated`, `table:number-columns-repeated`: an 870-byte file can ask for
  a million rows of 16,384 cells). Empty cells and rows repeated at the end, as LibreOffice
  writes them after the last filled cell, do not count; a repeated cell with a value does.

Old Excel files (.xls: a compound file holding a "Workbook" stream of BIFF records) are
checked the same way: the row and column of every cell with a value, from the records
themselves (a 6 KB file can hold one number at row 65,536, column 256, and calamine sizes the
sheet by its cells; its blank cells and the declared DIMENSIONS record it ignores, so do we).

Unpacking a part stops at the size the directory declares for it (zipfile checks that), so the
checks use bounded memory whatever the file says. What gets through is still read in a child
process with a memory limit.
"""

import html
import io
import re
import struct
import zipfile
import zlib

from .workbook import MAX_COLUMNS, MAX_ROWS, ReadRefused, check_extent, number

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


# What unpacking a damaged archive raises: a broken directory or header (BadZipFile,
# ValueError for a negative offset), damaged packed bytes (zlib.error, EOFError), a method or
# version zipfile does not know (NotImplementedError), a password (RuntimeError).
_DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


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
    """Raise ReadRefused when a workbook is past a limit; nothing for other files."""
    if data.startswith(_CFB_SIGNATURE):
        _check_xls(data, filename)
        return
    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _DAMAGED:
        raise ReadRefused(_corrupt(filename)) from None
    if len(infos) > MAX_ENTRIES:
        raise ReadRefused(_corrupt(filename))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNCOMPRESSED:
        raise ReadRefused(_bomb(filename, unpacked))
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadRefused(_bomb(filename, unpacked))
    try:
        names = _sheet_names(archive)
        for info in infos:
            name = info.filename.lower()
            if not name.endswith((".xml", ".rels")):
                continue
            if name.startswith("xl/worksheets/") and name.count("/") == 2:
                _check_worksheet(archive, info, filename, names)
            elif name == "content.xml":
                _check_ods_content(archive, info, filename)
            else:
                with archive.open(info) as part:
                    if _DECLARATION.search(part.read(4096)):
                        raise ReadRefused(_xml_declarations(filename))
    except _DAMAGED:
        raise ReadRefused(_corrupt(filename)) from None


def _xml_pieces(archive, info, filename):
    """A part of the archive unpacked in pieces of CHUNK bytes, refused at once when it starts
    with a declaration (DTD, entities: `_DECLARATION`)."""
    with archive.open(info) as part:
        first = True
        while chunk := part.read(CHUNK):
            if first and _DECLARATION.search(chunk[:4096]):
                raise ReadRefused(_xml_declarations(filename))
            first = False
            yield chunk


def _check_worksheet(archive, info, filename, names):
    """Unpack one worksheet in pieces, refusing declarations and counting its extent."""
    rows = columns = 0
    tail = b""
    for chunk in _xml_pieces(archive, info, filename):
        text = tail + chunk
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
    except KeyError:
        return {}
    names = {}
    for name, rel in sheets:
        target = targets.get(rel, b"").decode("utf-8", "replace").lstrip("/")
        path = target if target.startswith("xl/") else f"xl/{target}"
        names[path] = html.unescape(name.decode("utf-8", "replace"))
    return names


# An OpenDocument table, row or cell tag: its closing slash, its name, its attributes and
# whether it closes itself ("<table:table-cell … />" is an empty cell unless it has a type).
_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d{1,10})"')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d{1,10})"')
_TABLE_NAME = re.compile(rb'table:name="([^"]*)"')


def _repeat(pattern, attributes):
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


def _check_ods_content(archive, info, filename):
    """Walk the tags of content.xml in pieces, measuring each table's filled extent."""
    sheet, rows, columns = "", 0, 0
    row = row_columns = column = 0
    row_repeat, row_filled = 1, False
    tail = b""
    for chunk in _xml_pieces(archive, info, filename):
        text = tail + chunk
        # Tags cut by the piece's end are read whole with the next piece.
        end = text.rfind(b">") + 1
        tail = text[end:][-4096:]
        for closing, name, attributes, empty in _ODS_TAG.findall(text[:end]):
            if name == b"table":
                if closing:
                    check_extent(filename, sheet, rows, columns)
                elif not empty:
                    found = _TABLE_NAME.search(attributes)
                    sheet = (
                        html.unescape(found.group(1).decode("utf-8", "replace")) if found else ""
                    )
                    rows = columns = row = 0
            elif name == b"table-row":
                if closing:
                    if row_filled:
                        rows = row + row_repeat
                        columns = max(columns, row_columns)
                    row += row_repeat
                else:
                    row_repeat = _repeat(_ROWS_REPEATED, attributes)
                    row_columns = column = 0
                    row_filled = False
                    if empty:  # a row without cells
                        row += row_repeat
            elif not closing:
                repeat = _repeat(_COLUMNS_REPEATED, attributes)
                if not empty or b"office:value-type" in attributes:
                    row_columns = column + repeat
                    row_filled = True
                column += repeat
                # Checked as soon as a row is past the limits (its cells can be many).
                if row_filled and (row_columns > MAX_COLUMNS or row + row_repeat > MAX_ROWS):
                    check_extent(filename, sheet, row + row_repeat, row_columns)


# ---------------------------------------------------------------- .xls (BIFF in a compound file)

_CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_END = 0xFFFFFFFA  # sector numbers from here up are markers (end of chain, free, FAT…)
# BIFF records of cells with a value: row and column are their first two 16-bit fields.
_CELLS = {0x0203, 0x00FD, 0x027E, 0x0204, 0x0006, 0x0205, 0x00D6}
_MULRK = 0x00BD  # several RK numbers in a row: first column after the row, last at the end
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085


def _check_xls(data, filename):
    """Measure every sheet of an .xls from its cell records. A compound file this cannot
    follow is left to the reader (in its child process), which says it is broken."""
    stream = _cfb_stream(data, ("workbook", "book"))
    if stream is None:
        return
    names, sheet, rows, columns = [], -1, 0, 0
    position, size = 0, len(stream)
    while position + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        position = body + length
        if position > size:
            break  # a record cut short: the reader says the file is broken
        if kind == _BOUNDSHEET and sheet < 0 and length >= 8:
            names.append(_sheet_name(stream[body + 6 : body + length]))
        elif kind == _BOF and length >= 4:
            if struct.unpack_from("<H", stream, body + 2)[0] == 0x0010:  # a worksheet
                sheet, rows, columns = sheet + 1, 0, 0
        elif kind in _CELLS and length >= 4:
            row, column = struct.unpack_from("<HH", stream, body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind == _MULRK and length >= 6:
            row = struct.unpack_from("<H", stream, body)[0]
            last = struct.unpack_from("<H", stream, body + length - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _EOF and sheet >= 0:
            name = names[sheet] if sheet < len(names) else f"Sheet{sheet + 1}"
            check_extent(filename, name, rows, columns)
            rows = columns = 0


def _sheet_name(raw):
    """A BOUNDSHEET record's name: its length, a flag (1: UTF-16), the characters."""
    if len(raw) < 2:
        return ""
    count, wide = raw[0], raw[1] & 1
    text = raw[2 : 2 + count * (2 if wide else 1)]
    return text.decode("utf-16-le" if wide else "latin-1", "replace")


def _cfb_stream(data, wanted):
    """The first stream named in `wanted` (lower case) of a compound file, or None when the
    file is not one this can follow. Every chain is bounded by the file's own sector count."""
    try:
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        fat_count, directory_start = struct.unpack_from("<II", data, 0x2C)
        cutoff, minifat_start, _minifat_count, difat_start, difat_count = struct.unpack_from(
            "<IIIII", data, 0x38
        )
        if shift not in (9, 12) or mini_shift != 6:
            return None
        sector_size = 1 << shift
        total = len(data) // sector_size

        def sector(number):
            start = (number + 1) * sector_size
            return data[start : start + sector_size]

        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        per_sector = sector_size // 4
        for _ in range(min(difat_count, total)):
            if difat_start >= _END:
                break
            block = struct.unpack(f"<{per_sector}I", sector(difat_start))
            fat_sectors += block[:-1]
            difat_start = block[-1]
        fat = []
        for number in fat_sectors[: min(fat_count, total)]:
            if number >= _END or number >= total:
                return None
            fat += struct.unpack(f"<{per_sector}I", sector(number))

        def chain(start, table, limit):
            numbers = []
            while start < _END and len(numbers) <= limit:
                if start >= len(table):
                    return None
                numbers.append(start)
                start = table[start]
            return numbers if start >= _END else None

        directory_sectors = chain(directory_start, fat, total)
        if directory_sectors is None:
            return None
        directory = b"".join(sector(n) for n in directory_sectors)
        entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        found = None
        for entry in entries:
            name_length, kind = struct.unpack_from("<HB", entry, 0x40)
            name = entry[: max(name_length - 2, 0)].decode("utf-16-le", "replace").lower()
            if kind == 2 and name in wanted:
                found = entry
                break
        if found is None:
            return None
        start, size = struct.unpack_from("<II", found, 0x74)
        if size > len(data):
            return None
        if size >= cutoff:
            numbers = chain(start, fat, total)
            if numbers is None:
                return None
            return b"".join(sector(n) for n in numbers)[:size]
        # A small stream lives in the mini stream: 64-byte pieces of the root entry's chain.
        root_start = struct.unpack_from("<I", entries[0], 0x74)[0]
        root = chain(root_start, fat, total)
        minifat_sectors = chain(minifat_start, fat, total)
        if root is None or minifat_sectors is None:
            return None
        mini = b"".join(sector(n) for n in root)
        minifat = []
        for number in minifat_sectors:
            minifat += struct.unpack(f"<{per_sector}I", sector(number))
        numbers = chain(start, minifat, len(mini) // 64)
        if numbers is None:
            return None
        return b"".join(mini[n * 64 : n * 64 + 64] for n in numbers)[:size]
    except (struct.error, IndexError):
        return None
