"""Build a .docx with real tables from a plain-text plan (tab-separated rows become tables).

With `printable=True` the tables look like those of real plans (ruled cells, columns as wide
as their text needs, wide tables on landscape pages), which is what a PDF printed from Word
or LibreOffice carries into its text layer.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.section import Section
from docx.shared import Cm, Pt


def build_docx(text: str, path: Path, printable: bool = False) -> Path:
    document = docx.Document()
    lines = text.split("\n")
    if printable:
        document.styles["Normal"].font.size = Pt(11)
        wide = any(line.count("\t") > 4 for line in lines)
        _page(document.sections[0], landscape=wide)
    index = 0
    while index < len(lines):
        line = lines[index]
        if "\t" not in line:
            document.add_paragraph(line)
            index += 1
            continue
        rows: list[list[str]] = []
        while index < len(lines) and ("\t" in lines[index] or not lines[index].strip()):
            if "\t" in lines[index]:
                rows.append(lines[index].split("\t"))
            index += 1
        width = max(len(row) for row in rows)
        table = document.add_table(rows=0, cols=width)
        for cells in rows:
            row = table.add_row()
            for position, value in enumerate(cells):
                row.cells[position].text = value
            if printable and len(cells) > 2 and len(cells[0]) > 4 and not cells[1].strip():
                # "Tổng cộng" spans the number and content columns, as in real plans.
                row.cells[0].merge(row.cells[1])
        if printable:
            _style(document, table, rows, width)
    document.save(str(path))
    return path


def _page(section: Section, landscape: bool) -> None:
    """A4 with 2 cm margins; landscape when the plan has a wide table (as appendices are)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long_side, short_side = Cm(29.7), Cm(21.0)
    section.page_width = long_side if landscape else short_side
    section.page_height = short_side if landscape else long_side
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))


def _style(
    document: docx.document.Document, table: docx.table.Table, rows: list[list[str]], width: int
) -> None:
    table.style = document.styles["Table Grid"]
    table.autofit = False
    section = document.sections[-1]
    usable = (section.page_width or Cm(21)) - Cm(4)
    needs = []
    for column in range(width):
        # A typical cell, not the longest one (a merged header would take the whole width).
        lengths = sorted(len(row[column]) for row in rows if column < len(row))
        typical = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 1
        numeric = sum(1 for row in rows if column < len(row) and row[column][:1].isdigit())
        floor = 11 if numeric > len(rows) / 2 else 4
        needs.append(min(max(typical, floor), 45 if column == 1 else 20))
    for column, need in enumerate(needs):
        share = int(usable * need / sum(needs))
        table.columns[column].width = share  # the grid LibreOffice lays out by
        for cell in table.columns[column].cells:
            cell.width = share
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
