"""The dashboard as a Word report in the administrative layout of Nghị định 30/2020/NĐ-CP
(issuing body and national motto at the top, place-and-date line, Times New Roman 13 pt, A4
with margins 2/2/3/1,5 cm): a summary of statuses, then per objective group a table of the
unit's figures and a chart of how its units stand."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from treem.geo.models import Level
from treem.plans.domain.measures import format_value
from treem.plans.domain.progress import Status
from treem.plans.selectors.dashboard import Grid, Section, status_counts
from treem.plans.views.dashboard.chart import status_chart_png
from treem.plans.views.dashboard.viewmodels import cell_value
from treem.registry.exports.documents import (
    BOTTOM,
    FONT_SIZE,
    LEFT,
    MOTTO,
    NATION,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT,
    TOP,
    date_line,
    docx_centred_line,
    docx_font,
    docx_widths,
)

TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
TABLE_WIDTHS = (1.2, 6.6, 2.4, 3.0, 3.3)
LEVEL_WORDS = {Level.NATION: "tỉnh/thành phố", Level.PROVINCE: "xã/phường"}


def issuer_lines(grid: Grid) -> tuple[str, str]:
    if grid.unit.level == Level.NATION:
        return "BỘ Y TẾ", "CỤC BÀ MẸ VÀ TRẺ EM"
    return "ỦY BAN NHÂN DÂN", grid.unit.full_name.upper()


def _n(number: int) -> str:
    """1.234 — Vietnamese thousands separator."""
    return format_value(number, "count")


def summary_sentence(counts: Sequence[tuple[Status, int]], total: int) -> str:
    parts = [f"{_n(n)} chỉ tiêu {str(s.label).lower()}" for s, n in counts if n]
    return f"Trong {_n(total)} chỉ tiêu được theo dõi: " + "; ".join(parts) + "."


def _section(doc: Any, number: int, section: Section, grid: Grid) -> None:
    doc.add_heading(f"{number}. {section.label}", level=3)
    table = doc.add_table(rows=1, cols=len(TABLE_WIDTHS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(
        table.rows[0].cells,
        ("Mã", "Chỉ tiêu", f"Năm {grid.year}", "Mục tiêu", "Đánh giá"),
        strict=True,
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in section.rows:
        cells = table.add_row().cells
        own = row.own
        values = (
            row.indicator.code,
            row.indicator.short_name,
            cell_value(own),
            own.target_text or "—",
            str(own.status.label),
        )
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row_cells in table.rows:
        for cell in row_cells.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11)
    docx_widths(table, TABLE_WIDTHS)
    if grid.children:
        where = LEVEL_WORDS.get(grid.unit.level, "đơn vị")  # type: ignore[call-overload]
        bars = [
            (f"{r.indicator.code}. {r.indicator.short_name}", grid.child_counts(r))
            for r in section.rows
        ]
        title = f"Số {where} theo mức độ thực hiện, năm {grid.year}"
        axis = f"số {where}"
    else:  # a commune: one bar, its indicators of the group by status
        bars = [(f"Mục tiêu {section.group}", status_counts([r.own for r in section.rows]))]
        title = f"Số chỉ tiêu của {grid.unit.full_name} theo mức độ thực hiện, năm {grid.year}"
        axis = "số chỉ tiêu"
    image = status_chart_png(bars, axis_label=axis)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(image), width=Cm(TEXT_WIDTH - 0.5))
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption_run = caption.add_run(f"Biểu đồ {number}: {title}")
    caption_run.italic, caption_run.font.size = True, Pt(11)


def dashboard_docx(grid: Grid, *, filters: str, today: dt.date, place: str) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    docx_font(normal, size=FONT_SIZE)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.0
    for style in ("Heading 2", "Heading 3"):
        docx_font(doc.styles[style], size=FONT_SIZE, bold=True)
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(PAGE_WIDTH), Cm(PAGE_HEIGHT)
    page.top_margin, page.bottom_margin = Cm(TOP), Cm(BOTTOM)
    page.left_margin, page.right_margin = Cm(LEFT), Cm(RIGHT)

    header = doc.add_table(rows=1, cols=2)
    issuer, nation = header.rows[0].cells
    body, name = issuer_lines(grid)
    docx_centred_line(issuer, body)
    docx_centred_line(issuer, name, bold=True)
    docx_centred_line(nation, NATION, bold=True)
    docx_centred_line(nation, MOTTO, bold=True, underline=True)
    docx_widths(header, (6.5, TEXT_WIDTH - 6.5))

    dated = doc.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.add_run(date_line(place, today)).italic = True
    for text, size in (
        ("BÁO CÁO", 14),
        (f"Tình hình thực hiện các chỉ tiêu về trẻ em năm {grid.year}", 13),
    ):
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_after = Pt(0 if size == 14 else 12)
        run = title.add_run(text)
        run.bold, run.font.size = True, Pt(size)

    doc.add_paragraph(
        f"Căn cứ số liệu đã được phê duyệt trên hệ thống treem đến ngày {today:%d/%m/%Y}, "
        f"tình hình thực hiện các chỉ tiêu về trẻ em của {grid.unit.full_name} năm {grid.year} "
        f"so với mục tiêu kế hoạch như sau ({filters or 'tất cả chỉ tiêu'})."
    )
    doc.add_heading("I. TỔNG QUAN", level=2)
    own = [row.own for row in grid.rows]
    counts = status_counts(own)
    doc.add_paragraph(summary_sentence(counts, len(own)))
    if grid.children:
        everything = [cell for row in grid.rows for cell in row.cells[1:]]
        child_counts = status_counts(everything)
        where = LEVEL_WORDS.get(grid.unit.level, "đơn vị")  # type: ignore[call-overload]
        parts = "; ".join(f"{str(s.label).lower()} {_n(n)}" for s, n in child_counts if n)
        doc.add_paragraph(
            f"Xét theo {_n(len(grid.children))} {where} ({_n(len(everything))} lượt chỉ tiêu × "
            f"đơn vị): {parts}."
        )
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].paragraphs[0].add_run("Mức độ thực hiện").bold = True
    table.rows[0].cells[1].paragraphs[0].add_run("Số chỉ tiêu").bold = True
    for status, count in counts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(status.label), _n(count)
    docx_widths(table, (8.0, 4.0))

    doc.add_heading("II. KẾT QUẢ THEO NHÓM MỤC TIÊU", level=2)
    for number, section in enumerate(grid.sections, start=1):
        _section(doc, number, section, grid)

    note = page.footer.paragraphs[0]
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer_run = note.add_run(f"Báo cáo lập từ hệ thống treem ngày {today:%d/%m/%Y}.")
    footer_run.italic, footer_run.font.size = True, Pt(10)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
