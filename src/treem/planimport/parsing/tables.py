"""Group tab-separated lines into tables (a blank line inside a table does not end it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    line: int
    cells: list[str]

    def cell(self, index: int) -> str:
        return self.cells[index].strip() if 0 <= index < len(self.cells) else ""


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.rows[0].line


def find_tables(lines: list[str], max_gap: int = 2) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    gap = 0
    for line_no, line in enumerate(lines, start=1):
        if "\t" in line:
            if current is None:
                current = Table()
                tables.append(current)
            current.rows.append(Row(line_no, line.split("\t")))
            gap = 0
        elif not line.strip() and current is not None and gap < max_gap:
            gap += 1
        else:
            current = None
            gap = 0
    return [table for table in tables if len(table.rows) >= 2]
