"""Files made to bring a server down: a cell at XFD90000, a zip bomb, an XML bomb, an .ods
asking for a million repeated rows of 16,384 cells, an .xls with a number at its far corner, a
reader that crashes or hangs. Each is refused with a Vietnamese message, in the web view and in
`import_models`, and nothing is saved; the process that asked keeps running. With the files of
tests/test_import_files.py (corrupt, empty, an image renamed .xlsx, 200,000 rows) they make the
bad-file set, each refused with its message by the upload page and by the command."""

import contextlib
import functools
import io
import struct
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from importer import workbook
from importer.models import ImportBatch
from importer.reader import UnreadableFile, read_file
from models_registry.models import DvkModel

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Tên mô hình</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Tập thể thực hiện</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Mô hình A</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>Chi bộ 1</t></is></c></row>'
)


def raw_xlsx(rows_xml, *, prolog="", extra=None):
    """A minimal .xlsx whose one sheet holds `rows_xml`, written by hand (openpyxl refuses to
    write what these tests need)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + prolog
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def far_cell_xlsx():
    """The 1.5 KB file with one cell at XFD90000 that made calamine abort its process."""
    return raw_xlsx(HEADER_ROW + '<row r="90000"><c r="XFD90000"><v>1</v></c></row>')


def zip_bomb_xlsx():
    """A few tens of kilobytes that unpack to 60 MB of spaces in one part."""
    return raw_xlsx(HEADER_ROW, extra={"xl/media/padding.xml": " " * (60 * 1024 * 1024)})


def xml_bomb_xlsx():
    """ "Billion laughs": ten levels of entities, each ten times the one below."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    row = '<row r="3"><c r="A3" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return raw_xlsx(HEADER_ROW + row, prolog=prolog)


def raw_ods(table_xml):
    """A minimal .ods whose one table holds `table_xml`, written by hand."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="Danh sách">{table_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ods_cell(text, repeat=1):
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}>'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


ODS_HEADER = (
    f"<table:table-row>{ods_cell('Tên mô hình')}{ods_cell('Tập thể thực hiện')}</table:table-row>"
    f"<table:table-row>{ods_cell('Mô hình A')}{ods_cell('Chi bộ 1')}</table:table-row>"
)


def repeated_ods():
    """870 bytes asking for a million rows of 16,384 filled cells."""
    return raw_ods(
        ODS_HEADER + '<table:table-row table:number-rows-repeated="1000000">'
        f"{ods_cell('x', 16384)}</table:table-row>"
    )


def _record(kind, data=b""):
    return struct.pack("<HH", kind, len(data)) + data


def biff_stream(cells, name="Danh sách"):
    """The Workbook stream of an .xls (BIFF8): one sheet holding numbers at (row, column)."""
    encoded = name.encode("utf-16-le")

    def bof(kind):
        return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    def workbook_part(offset):
        sheet = _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + encoded)
        return bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + sheet + _record(0x000A)

    rows = max(r for r, _c in cells) + 1
    columns = max(c for _r, c in cells) + 1
    sheet = bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0))
    sheet += b"".join(_record(0x0203, struct.pack("<HHHd", r, c, 0, 1.0)) for r, c in cells)
    return workbook_part(len(workbook_part(0))) + sheet + _record(0x000A)


def _directory_entry(name, kind, start, size, child=0xFFFFFFFF):
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(raw), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child)
        + b"\0" * 36
        + struct.pack("<III", start, size, 0)
    )


def _cfb_header(minifat_start, minifat_count):
    return (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, minifat_start, minifat_count, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )


END, FREE = 0xFFFFFFFE, 0xFFFFFFFF


def raw_xls(stream):
    """A compound file (512-byte sectors: FAT, directory, then the stream) holding `stream` as
    "Workbook": in regular sectors from 4,096 bytes, else in the mini stream, as Excel does."""
    size = len(stream)
    if size >= 4096:
        count = -(-size // 512)
        fat = [0xFFFFFFFD, END, *range(3, count + 2), END]
        directory = _directory_entry("Root Entry", 5, END, 0, child=1)
        directory += _directory_entry("Workbook", 2, 2, size)
        body, header = stream.ljust(count * 512, b"\0"), _cfb_header(END, 0)
    else:
        pieces = -(-size // 64)
        container = -(-(pieces * 64) // 512)
        fat = [0xFFFFFFFD, END, END, *range(4, container + 3), END]
        minifat = [*range(1, pieces), END]
        directory = _directory_entry("Root Entry", 5, 3, pieces * 64, child=1)
        directory += _directory_entry("Workbook", 2, 0, size)
        body = struct.pack("<128I", *minifat + [FREE] * (128 - len(minifat)))
        body += stream.ljust(container * 512, b"\0")
        header = _cfb_header(2, 1)
    fat += [FREE] * (128 - len(fat))
    directory += _directory_entry("", 0, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + body


def far_corner_xls():
    """A 2.5 KB .xls with a number at A1 and one at IV65536: 16.7 million cells for calamine."""
    return raw_xls(biff_stream([(0, 0), (65535, 255)]))


def test_a_cell_at_xfd90000_is_refused_before_any_reader_sees_it():
    data = far_cell_xlsx()
    assert len(data) < 2048
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "xa.xlsx")
    assert str(caught.value).startswith(
        "Trang tính “Danh sách” của tệp “xa.xlsx” có ô tới dòng 90.000, cột 16.384, vượt giới "
        "hạn (100.000 dòng, 300 cột, 4.000.000 ô)."
    )


def test_a_reader_that_crashes_ends_its_own_process_only():
    # The same file straight to the reader, past the checks: calamine aborts the child.
    with pytest.raises(UnreadableFile) as caught:
        workbook.read_workbook(far_cell_xlsx(), "xa.xlsx", UnreadableFile)
    assert "trình đọc bảng tính dừng bất thường" in str(caught.value)
    assert "Không có dữ liệu nào được lưu" in str(caught.value)


def test_a_reader_that_takes_too_long_is_stopped(monkeypatch):
    def too_slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(workbook.subprocess, "run", too_slow)
    with pytest.raises(UnreadableFile) as caught:
        workbook.read_workbook(raw_xlsx(HEADER_ROW), "cham.xlsx", UnreadableFile)
    assert str(caught.value).startswith("Không đọc được tệp “cham.xlsx”: đọc tệp quá 60 giây.")


def test_a_zip_bomb_is_refused_from_its_directory():
    data = zip_bomb_xlsx()
    assert len(data) < 300 * 1024
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "bom.xlsx")
    assert "khi giải nén lớn tới 60 MB, bất thường với một danh sách" in str(caught.value)


def test_an_xml_bomb_is_refused_without_expanding_it():
    with pytest.raises(UnreadableFile) as caught:
        read_file(xml_bomb_xlsx(), "bom-xml.xlsx")
    assert "chứa khai báo XML (DOCTYPE/ENTITY)" in str(caught.value)


def test_a_good_workbook_is_still_read_through_the_child_process():
    sheets = read_file(raw_xlsx(HEADER_ROW), "tot.xlsx")
    assert [s.name for s in sheets] == ["Danh sách"]
    assert sheets[0].rows == [["Tên mô hình", "Tập thể thực hiện"], ["Mô hình A", "Chi bộ 1"]]


@pytest.fixture
def no_reader(monkeypatch):
    """The reader's child process must not be started: the file is refused before."""

    def started(*args, **kwargs):
        raise AssertionError("the reader was started")

    monkeypatch.setattr("importer.reader.read_workbook", started)


def test_an_ods_asking_for_a_million_repeated_rows_is_refused_before_reading(no_reader):
    data = repeated_ods()
    assert len(data) < 1024
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "lap.ods")
    assert str(caught.value).startswith(
        "Tệp “lap.ods” có 1.000.002 dòng, vượt giới hạn 100.000 dòng một lần nhập."
    )


def test_an_ods_with_16384_repeated_cells_in_a_row_is_refused_before_reading(no_reader):
    data = raw_ods(ODS_HEADER + f"<table:table-row>{ods_cell('x', 16384)}</table:table-row>")
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "rong.ods")
    assert str(caught.value).startswith(
        "Trang tính “Danh sách” của tệp “rong.ods” có ô tới dòng 3, cột 16.384, vượt giới hạn"
    )


def test_empty_cells_repeated_to_the_end_of_an_ods_sheet_are_not_counted():
    # How LibreOffice saves a sheet with formatted columns: empty rows to the last one.
    data = raw_ods(
        ODS_HEADER + '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    sheets = read_file(data, "libreoffice.ods")
    assert sheets[0].rows == [["Tên mô hình", "Tập thể thực hiện"], ["Mô hình A", "Chi bộ 1"]]


@pytest.mark.parametrize("cells", [[(0, 0), (65535, 255)], [(0, 0), (60000, 16000)]])
@pytest.mark.parametrize("padded", [False, True], ids=["mini-stream", "sectors"])
def test_an_xls_with_a_number_at_its_far_corner_is_refused_before_reading(no_reader, cells, padded):
    stream = biff_stream(cells)
    if padded:  # past 4,096 bytes the stream is kept in regular sectors
        stream += b"\0" * 4096
    with pytest.raises(UnreadableFile) as caught:
        read_file(raw_xls(stream), "xa.xls")
    row, column = (f"{n + 1:,}".replace(",", ".") for n in cells[1])
    assert str(caught.value).startswith(
        f"Trang tính “Danh sách” của tệp “xa.xls” có ô tới dòng {row}, cột {column}, vượt giới hạn"
    )


@pytest.mark.parametrize("padded", [False, True], ids=["mini-stream", "sectors"])
def test_a_small_xls_written_by_hand_is_still_read(padded):
    stream = biff_stream([(0, 0), (1, 1)]) + (b"\0" * 4096 if padded else b"")
    sheets = read_file(raw_xls(stream), "nho.xls")
    assert [s.name for s in sheets] == ["Danh sách"]
    assert sheets[0].rows == [[1, ""], ["", 1]]


def test_the_committed_xls_and_ods_lists_pass_the_checks():
    from pathlib import Path

    from importer.precheck import check_archive

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "import"
    for path in [*folder.rglob("*.xls"), *folder.rglob("*.ods")]:
        check_archive(path.read_bytes(), path.name)  # raises nothing


def test_a_unicode_text_file_in_utf16_with_tabs_is_read():
    text = "Tên mô hình\tTập thể thực hiện\r\nMô hình A\tChi bộ Nà Pài\r\n"
    sheets = read_file(text.encode("utf-16"), "danh-sach.txt")
    assert sheets[0].rows == [["Tên mô hình", "Tập thể thực hiện"], ["Mô hình A", "Chi bộ Nà Pài"]]


@functools.cache
def rows_200000():
    from tests.test_import_files import many_rows_xlsx

    return many_rows_xlsx(200_000)


def image_renamed():
    from tests.test_import_files import ten_mb_png

    return ten_mb_png()


BAD_FILES = {
    # The form says "Tệp gửi lên rỗng", the command names the file.
    "trong.xlsx": (lambda: b"", "rỗng (không có dữ liệu)."),
    "hong.xlsx": (lambda: b"PK\x03\x04 broken zip", "tệp bị hỏng"),
    "anh.xlsx": (image_renamed, "thực chất là ảnh PNG, không phải bảng tính"),
    "lon.xlsx": (rows_200000, "có 200.000 dòng, vượt giới hạn 100.000 dòng"),
    "xa.xlsx": (far_cell_xlsx, "có ô tới dòng 90.000, cột 16.384"),
    "bom.xlsx": (zip_bomb_xlsx, "khi giải nén lớn tới 60 MB"),
    "bom-xml.xlsx": (xml_bomb_xlsx, "chứa khai báo XML (DOCTYPE/ENTITY)"),
    "lap.ods": (repeated_ods, "có 1.000.002 dòng, vượt giới hạn 100.000 dòng"),
    "xa.xls": (far_corner_xls, "có ô tới dòng 65.536, cột 256"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_the_upload_page_refuses_each_bad_file_with_its_message(admin_client, name):
    make, expected = BAD_FILES[name]
    response = admin_client.post("/nhap-du-lieu/", {"file": SimpleUploadedFile(name, make())})
    html = response.content.decode()
    assert expected in html
    assert 'id="id_file"' in html
    assert DvkModel.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("name", BAD_FILES)
def test_import_models_refuses_each_bad_file_and_exits_non_zero(db, tmp_path, capsys, name):
    make, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(SystemExit) as ended:
        call_command("import_models", str(path))
    assert ended.value.code == 1
    out = capsys.readouterr()
    assert expected in out.err
    assert out.out.strip().endswith("created=0 updated=0 skipped=0 errors=1")
    assert DvkModel.objects.count() == 0


# ---------------------------------------------------------------- nothing to import, nothing left


def test_a_list_with_a_header_and_no_data_rows_creates_no_batch(admin_client):
    data = raw_xlsx(HEADER_ROW.split('<row r="2">')[0])
    response = admin_client.post(
        "/nhap-du-lieu/", {"file": SimpleUploadedFile("rong.xlsx", data)}, follow=True
    )
    html = response.content.decode()
    assert "có dòng tiêu đề cột nhưng không có dòng dữ liệu nào bên dưới" in html
    assert ImportBatch.objects.count() == 0


def test_an_empty_plan_is_refused_by_apply_plan(db):
    from importer.plan import Plan
    from importer.workflow import ImportRefused, apply_plan

    with pytest.raises(ImportRefused) as caught:
        apply_plan(Plan(filename="rong.xlsx"), data=b"x")
    assert str(caught.value) == "Tệp không có dòng dữ liệu nào: không có gì để nhập."
    assert ImportBatch.objects.count() == 0


def test_abandoned_previews_are_removed_when_the_next_file_is_uploaded(db, settings, tmp_path):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from importer import uploads

    settings.MEDIA_ROOT = str(tmp_path)
    _old_token, old = uploads.save(b"old", "cu.xlsx")
    _new_token, new = uploads.save(b"new", "moi.xlsx")
    assert uploads.sweep(timezone.now()) == 0
    removed = uploads.sweep(timezone.now() + uploads.PENDING_MAX_AGE + timedelta(minutes=1))
    assert removed == 2
    assert not default_storage.exists(old["path"])
    assert not default_storage.exists(new["path"])


# ---------------------------------------------------------------- damaged files


def test_an_xlsx_with_damaged_packed_bytes_is_a_broken_file_not_an_error():
    data = bytearray(raw_xlsx(HEADER_ROW * 50))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    # The worksheet's deflated bytes start after its local header (30 bytes, name, extra).
    start = sheet.header_offset + 30 + len(sheet.filename) + len(sheet.extra)
    data[start + 5 : start + 25] = b"\xff" * 20
    with pytest.raises(UnreadableFile) as caught:
        read_file(bytes(data), "hong-mot-phan.xlsx")
    assert "tệp bị hỏng hoặc không phải bảng tính" in str(caught.value)


def _seeds():
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "fixtures" / "import"
    return [
        raw_xlsx(HEADER_ROW),
        far_cell_xlsx(),
        raw_ods(ODS_HEADER),
        raw_xls(biff_stream([(0, 0), (5, 5)])),
        raw_xls(biff_stream([(0, 0), (5, 5)]) + b"\0" * 4096),
        (folder / "chodon_2019_2020.xls").read_bytes(),
        (folder / "babe_2023.ods").read_bytes(),
    ]


SEEDS = _seeds()


@given(
    seed=st.sampled_from(range(len(SEEDS))),
    cut=st.none() | st.integers(min_value=8),
    changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
)
@settings(max_examples=300, deadline=None)
def test_the_checks_before_reading_refuse_damaged_files_and_raise_nothing_else(seed, cut, changes):
    from importer.precheck import check_archive

    data = bytearray(SEEDS[seed])
    for position, byte in changes:
        data[position % len(data)] = byte
    if cut is not None:
        data = data[: cut % len(data)]
    # Refused with a message, or passed on to the reader; anything else would be a 500.
    with contextlib.suppress(workbook.ReadRefused):
        check_archive(bytes(data), "hong.xlsx")
