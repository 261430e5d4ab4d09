"""Laying out an information sheet as an administrative document, in DOCX and PDF.

The layout follows Nghị định 30/2020/NĐ-CP on administrative documents: the issuing body on the
left and the national motto on the right, a place-and-date line, Times New Roman 13 pt, A4 with
margins top 2, bottom 2, left 3, right 1.5 cm. The PDF embeds DejaVu Serif (fonts/README.md),
since the standard PDF fonts have no Vietnamese letters.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Rows = list[tuple[str, str]]
Sections = list[tuple[str, Rows]]

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ISSUER_BODY = "ỦY BAN NHÂN DÂN"
FONT = "Times New Roman"
FONT_SIZE = 13
FONTS = Path(__file__).parent / "fonts"
PDF_FONT = "DejaVuSerif"
# Page geometry in centimetres.
PAGE_WIDTH, PAGE_HEIGHT = 21.0, 29.7
TOP, BOTTOM, LEFT, RIGHT = 2.0, 2.0, 3.0, 1.5
LABEL_SHARE = 1 / 3  # of the text width, for the label column
KEEP_WITH_HEADING = 25  # mm: start a section on a new page when less room is left


@dataclass(frozen=True)
class Paper:
    issuer: str  # the commune, e.g. "Phường Nha Trang"
    place: str  # its short name, for the date line
    day: dt.date
    title: str
    intro: list[str]
    sections: Sections
    footer: str


def date_line(place: str, day: dt.date) -> str:
    """'Nha Trang, ngày 05 tháng 3 năm 2026': days below 10 and months 1-2 take a leading
    zero (Nghị định 30/2020, Phụ lục I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- DOCX -----------------------------------------------------------------------------------


def docx_font(element: Any, *, size: float | None = None, bold: bool | None = None) -> None:
    """Times New Roman on a style or run, for every script slot. Built-in heading styles name
    theme fonts, which win over a plain font name, so those attributes are removed."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    element.font.name = FONT
    if size is not None:
        element.font.size = Pt(size)
    if bold is not None:
        element.font.bold = bold
    element.font.color.rgb = RGBColor(0, 0, 0)
    fonts = element.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def docx_centred_line(cell: Any, text: str, *, bold: bool = False, underline: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = 0
    run = paragraph.add_run(text)
    run.bold, run.underline = bold or None, underline or None


def docx_widths(table: Any, widths: Sequence[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    # Word reads the cell widths, LibreOffice the column grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def docx_bytes(paper: Paper) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    docx_font(normal, size=FONT_SIZE)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.0
    docx_font(doc.styles["Heading 2"], size=FONT_SIZE, bold=True)
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(PAGE_WIDTH), Cm(PAGE_HEIGHT)
    page.top_margin, page.bottom_margin = Cm(TOP), Cm(BOTTOM)
    page.left_margin, page.right_margin = Cm(LEFT), Cm(RIGHT)
    text_width = PAGE_WIDTH - LEFT - RIGHT

    header = doc.add_table(rows=1, cols=2)
    issuer, nation = header.rows[0].cells
    docx_centred_line(issuer, ISSUER_BODY)
    docx_centred_line(issuer, paper.issuer.upper(), bold=True)
    docx_centred_line(nation, NATION, bold=True)
    docx_centred_line(nation, MOTTO, bold=True, underline=True)
    docx_widths(header, (6.0, text_width - 6.0))

    dated = doc.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.add_run(date_line(paper.place, paper.day)).italic = True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = title.paragraph_format.space_after = Pt(12)
    title_run = title.add_run(paper.title)
    title_run.bold, title_run.font.size = True, Pt(14)
    for line in paper.intro:
        doc.add_paragraph(line)

    label_width = round(text_width * LABEL_SHARE, 2)
    for heading, rows in paper.sections:
        doc.add_heading(heading, level=2)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
        docx_widths(table, (label_width, text_width - label_width))

    note = page.footer.paragraphs[0]
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = note.add_run(paper.footer)
    run.italic, run.font.size = True, Pt(10)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    # Precomposed letters have their own glyphs; combining marks would need text shaping.
    return unicodedata.normalize("NFC", text)


def pdf_bytes(paper: Paper) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    # fontTools logs every table it subsets at INFO; that is noise in the server log.
    logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

    footer = _nfc(paper.footer)

    class Sheet(FPDF):
        def footer(self) -> None:
            self.set_y(-(BOTTOM * 10) + 4)
            self.set_font(PDF_FONT, "", 8)
            self.cell(0, 4, f"{footer}  Trang {self.page_no()}/{{nb}}", align="C")

    pdf = Sheet(format="A4", unit="mm")
    pdf.set_margins(LEFT * 10, TOP * 10, RIGHT * 10)
    pdf.set_auto_page_break(True, margin=BOTTOM * 10 + 4)
    pdf.add_font(PDF_FONT, "", FONTS / "DejaVuSerif.ttf")
    pdf.add_font(PDF_FONT, "B", FONTS / "DejaVuSerif-Bold.ttf")
    pdf.set_title(_nfc(paper.title))
    pdf.set_lang("vi")
    pdf.add_page()

    # Issuing body on the left, national motto on the right, both centred in their column.
    left, top = pdf.l_margin, pdf.get_y()
    left_width = 60.0
    right_x, right_width = left + left_width, pdf.epw - left_width
    pdf.set_font(PDF_FONT, "", 11)
    pdf.cell(left_width, 6, ISSUER_BODY, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(PDF_FONT, "B", 11)
    pdf.multi_cell(left_width, 6, _nfc(paper.issuer.upper()), align="C", new_x=XPos.LMARGIN)
    issuer_bottom = pdf.get_y()
    pdf.set_xy(right_x, top)
    pdf.cell(right_width, 6, NATION, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.cell(right_width, 6, MOTTO, align="C")
    motto_width = pdf.get_string_width(MOTTO)
    rule_x = right_x + (right_width - motto_width) / 2
    pdf.line(rule_x, top + 12, rule_x + motto_width, top + 12)
    pdf.set_y(max(issuer_bottom, top + 12) + 4)

    pdf.set_font(PDF_FONT, "", 12)
    pdf.cell(0, 7, _nfc(date_line(paper.place, paper.day)), align="R")
    pdf.ln(12)
    pdf.set_font(PDF_FONT, "B", 14)
    pdf.multi_cell(0, 8, _nfc(paper.title), align="C", new_x=XPos.LMARGIN)
    pdf.ln(3)
    pdf.set_font(PDF_FONT, "", 11)
    for line in paper.intro:
        pdf.multi_cell(0, 6, _nfc(line), align="L", new_x=XPos.LMARGIN)

    for heading, rows in paper.sections:
        pdf.ln(3)
        if pdf.get_y() > pdf.page_break_trigger - KEEP_WITH_HEADING:
            pdf.add_page()  # keep a heading with the start of its table
        pdf.set_font(PDF_FONT, "B", 12)
        pdf.multi_cell(0, 7, _nfc(heading), align="L", new_x=XPos.LMARGIN)
        pdf.set_font(PDF_FONT, "", 10)
        with pdf.table(
            align="LEFT",
            col_widths=(LABEL_SHARE, 1 - LABEL_SHARE),
            first_row_as_headings=False,
            text_align="LEFT",
            line_height=5.5,
            padding=1,
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(_nfc(label))
                row.cell(_nfc(value))
    return bytes(pdf.output())
