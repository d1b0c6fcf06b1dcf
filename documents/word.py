"""Word documents in the layout offices use (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW):
the issuing body and the national or Party header side by side, the number, the place and date
line, the title, the table, the signature block and "Nơi nhận"."""

import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.text import slugify
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from .models import HeaderKind

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATE_HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PARTY_HEADER = ("ĐẢNG CỘNG SẢN VIỆT NAM", "")
FONT = "Times New Roman"


@dataclass
class OfficialDocument:
    issuer_name: str
    header: str  # HeaderKind
    number: str
    place_date: str
    title: str
    subtitle_lines: list
    tables: list  # [Table, …]
    signer_title: str
    signatory: str
    recipients: list = field(default_factory=list)
    superior: str = ""


@dataclass
class Table:
    headers: list
    sections: list  # [(section heading or "", [row, …])]
    widths_mm: list = field(default_factory=list)
    heading: str = ""


def _run(paragraph, text, *, bold=False, italic=False, size=13):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    return run


def _para(container, text="", *, align=WD_ALIGN_PARAGRAPH.CENTER, **style):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        _run(paragraph, text, **style)
    return paragraph


def build(doc_spec):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4 portrait
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    document.styles["Normal"].font.name = FONT
    document.styles["Normal"].font.size = Pt(13)

    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].paragraph_format.space_after = Pt(0)
    if doc_spec.superior:
        _run(left.paragraphs[0], doc_spec.superior.upper(), size=13)
        _para(left, doc_spec.issuer_name.upper(), bold=True)
    else:
        _run(left.paragraphs[0], doc_spec.issuer_name.upper(), bold=True)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, "*" if doc_spec.header == HeaderKind.PARTY else "———")
    _para(left, f"Số: {doc_spec.number}" if doc_spec.number else "Số:      ", size=13)
    national, motto = STATE_HEADER if doc_spec.header == HeaderKind.STATE else PARTY_HEADER
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], national, bold=True, size=12 if motto else 13)
    if motto:
        _para(right, motto, bold=True, size=13)
        _para(right, "———————————")
    _para(right, doc_spec.place_date, italic=True, size=13)

    _para(document, "")
    _para(document, doc_spec.title, bold=True, size=14)
    for line in doc_spec.subtitle_lines:
        _para(document, line, italic=True)
    _para(document, "")

    for spec in doc_spec.tables:
        _table(document, spec)

    _para(document, "")
    foot = document.add_table(rows=1, cols=2)
    recipients_cell, signature = foot.rows[0].cells
    recipients_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    _run(recipients_cell.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
    for line in doc_spec.recipients:
        _para(recipients_cell, f"- {line}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    signature.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(signature.paragraphs[0], doc_spec.signer_title.upper(), bold=True)
    for _ in range(4):
        _para(signature, "")
    _para(signature, doc_spec.signatory, bold=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, spec):
    if spec.heading:
        _para(document, "")
        _para(document, spec.heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    table = document.add_table(rows=1, cols=len(spec.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, spec.headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, bold=True, size=12)
    for heading, rows in spec.sections:
        if heading:
            merged = table.add_row().cells
            cell = merged[0].merge(merged[-1])
            _run(cell.paragraphs[0], heading, bold=True, size=12)
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                paragraph = cell.paragraphs[0]
                if index == 0 or isinstance(value, int):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(paragraph, _text(value), size=12)
    for index, width in enumerate(spec.widths_mm):
        for row in table.rows:
            row.cells[index].width = Mm(width)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".") if value >= 10000 else str(value)
    return str(value)


def docx_response(content, filename_stem):
    stem = slugify(filename_stem) or "van-ban"
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
    return response
