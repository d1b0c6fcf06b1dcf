"""Files made to bring a server down: a cell at XFD90000, a zip bomb, an XML bomb, a reader that
crashes or hangs. Each is refused with a Vietnamese message, in the web view and in
`import_models`, and nothing is saved; the process that asked keeps running."""

import io
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from importer import workbook
from importer.models import ImportBatch
from importer.reader import UnreadableFile, read_file
from models_registry.models import Model

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


def test_a_unicode_text_file_in_utf16_with_tabs_is_read():
    text = "Tên mô hình\tTập thể thực hiện\r\nMô hình A\tChi bộ Nà Pài\r\n"
    sheets = read_file(text.encode("utf-16"), "danh-sach.txt")
    assert sheets[0].rows == [["Tên mô hình", "Tập thể thực hiện"], ["Mô hình A", "Chi bộ Nà Pài"]]


BAD_FILES = {
    "xa.xlsx": (far_cell_xlsx, "có ô tới dòng 90.000, cột 16.384"),
    "bom.xlsx": (zip_bomb_xlsx, "khi giải nén lớn tới 60 MB"),
    "bom-xml.xlsx": (xml_bomb_xlsx, "chứa khai báo XML (DOCTYPE/ENTITY)"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_the_upload_page_refuses_each_bad_file_with_its_message(admin_client, name):
    make, expected = BAD_FILES[name]
    response = admin_client.post("/nhap-du-lieu/", {"file": SimpleUploadedFile(name, make())})
    html = response.content.decode()
    assert expected in html
    assert 'id="id_file"' in html
    assert Model.objects.count() == 0
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
    assert Model.objects.count() == 0


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
