"""Files the importer must survive: corrupt, empty, an image renamed .xlsx, 200,000 rows, and
.csv in the encodings offices produce. Each gets a clear Vietnamese message, never a crash."""

import io
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from importer.plan import NoTable
from importer.reader import MAX_ROWS, UnreadableFile, read_file
from models_registry.models import DvkModel
from tests.conftest import unit
from tests.test_import import district_list, plan_of, xlsx_bytes


def many_rows_xlsx(count):
    """A minimal .xlsx with `count` rows, written directly (openpyxl would take too long)."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, count + 1))
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ten_mb_png():
    return b"\x89PNG\r\n\x1a\n" + b"\x00IDAT" * (10 * 1024 * 1024 // 5)


def test_a_corrupt_workbook_gets_a_clear_message():
    data = xlsx_bytes([["Tên mô hình"]])[:600]
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "hong.xlsx")
    assert "tệp bị hỏng" in str(caught.value)
    assert "hong.xlsx" in str(caught.value)


def test_an_empty_file_gets_a_clear_message():
    with pytest.raises(UnreadableFile) as caught:
        read_file(b"", "trong.xlsx")
    assert str(caught.value) == "Tệp “trong.xlsx” rỗng (không có dữ liệu)."


def test_a_workbook_with_only_empty_sheets_gets_a_clear_message():
    with pytest.raises(UnreadableFile) as caught:
        read_file(xlsx_bytes([]), "trang.xlsx")
    assert "các trang tính đều trống" in str(caught.value)


def test_a_ten_megabyte_image_renamed_xlsx_is_recognised_as_an_image():
    data = ten_mb_png()
    assert len(data) >= 10 * 1024 * 1024
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "danh-sach.xlsx")
    assert "thực chất là ảnh PNG, không phải bảng tính" in str(caught.value)


def test_a_file_with_200000_rows_is_refused_with_the_limit():
    data = many_rows_xlsx(200_000)
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "lon.xlsx")
    message = str(caught.value)
    assert "200.000 dòng, vượt giới hạn 100.000 dòng" in message
    assert MAX_ROWS == 100_000


def test_a_csv_with_200000_rows_is_refused_too():
    data = ("Tên mô hình\n" + "Mô hình\n" * 200_000).encode()
    with pytest.raises(UnreadableFile) as caught:
        read_file(data, "lon.csv")
    assert "vượt giới hạn 100.000 dòng" in str(caught.value)


def test_an_unsupported_extension_is_refused():
    with pytest.raises(UnreadableFile) as caught:
        read_file(b"abc", "danh-sach.docx")
    assert "không đúng định dạng" in str(caught.value)


def test_a_sheet_without_a_header_row_is_explained(db):
    data = xlsx_bytes([["Báo cáo tổng hợp"], ["Nội dung", "Số lượng"], ["A", 1]])
    with pytest.raises(NoTable) as caught:
        plan_of(data)
    assert "cần một dòng tiêu đề cột có “Tên mô hình”" in str(caught.value)


CSV_TEXT = (
    "DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2023\n"
    "HUYỆN ỦY CHỢ ĐỒN\n"
    "STT;Tên mô hình;Tập thể/cá nhân thực hiện;Địa bàn thực hiện\n"
    "1;Vận động trồng dưa;Hội Nông dân xã Nghĩa Tá;Xã Nghĩa Tá\n"
)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text):
    """Windows-1258 keeps â, ơ, ư… as letters and writes the five tones as combining marks."""
    clusters = []
    for ch in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.combining(ch):
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    out = []
    for base, *marks in clusters:
        shape = "".join(m for m in marks if m not in TONES)
        out.append(unicodedata.normalize("NFC", base + shape))
        out.extend(m for m in marks if m in TONES)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    "encoded",
    [
        CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("utf-8-sig"),
        windows_1258(CSV_TEXT),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1258"],
)
def test_csv_is_read_in_utf8_with_or_without_bom_and_windows_1258(db, encoded):
    plan = plan_of(encoded, "danh-sach.csv")
    row = plan.rows[0]
    assert row.errors == []
    assert (row.title, row.implementer_name, row.year) == (
        "Vận động trồng dưa",
        "Hội Nông dân xã Nghĩa Tá",
        2023,
    )
    assert row.place_ids == [unit("02071").pk]


def test_a_windows_1252_csv_without_vietnamese_letters_is_read():
    data = "Tên mô hình,Chủ thể\nCafé model,Chi bo 1\n".encode("cp1252", errors="replace")
    sheets = read_file(data, "a.csv")
    assert sheets[0].rows[1] == ["Café model", "Chi bo 1"]


# ---------------------------------------------------------------- through the upload page


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("hong.xlsx", b"PK\x03\x04 broken zip", "tệp bị hỏng"),
        ("trong.xlsx", b"", "Tệp gửi lên rỗng (không có dữ liệu)."),
        ("anh.xlsx", None, "thực chất là ảnh PNG"),
        ("lon.xlsx", "many", "vượt giới hạn 100.000 dòng"),
    ],
)
def test_the_upload_page_shows_the_message_next_to_the_file_field(
    admin_client, name, content, expected
):
    if content is None:
        content = ten_mb_png()
    elif content == "many":
        content = many_rows_xlsx(200_000)
    upload = SimpleUploadedFile(name, content)
    response = admin_client.post("/nhap-du-lieu/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert 'id="id_file"' in html
    assert DvkModel.objects.count() == 0


def test_a_good_file_uploaded_goes_to_the_preview(admin_client):
    upload = SimpleUploadedFile(
        "cd.xlsx", district_list([[1, "Mô hình", "Chi bộ 1", "", "Nghĩa Tá"]])
    )
    response = admin_client.post("/nhap-du-lieu/", {"file": upload})
    assert response.status_code == 302
    assert response["Location"].startswith("/nhap-du-lieu/xem-truoc/")
