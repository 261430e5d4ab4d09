"""Build a .docx with real tables from a plain-text plan (tab-separated rows become tables)."""

from __future__ import annotations

from pathlib import Path

import docx


def build_docx(text: str, path: Path) -> Path:
    document = docx.Document()
    lines = text.split("\n")
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
    document.save(str(path))
    return path
