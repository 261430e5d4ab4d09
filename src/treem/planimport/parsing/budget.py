"""Budget tables: rows, years, amounts, money unit, declared totals and their problems."""

from __future__ import annotations

import re
from typing import Any

from .budget_checks import check_budget
from .numbers import parse_number
from .tables import Row, Table

_YEAR_CELL = re.compile(r"^(?:năm\s+)?(20\d\d)$", re.IGNORECASE)
_AMOUNT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
_TOTAL_LABEL = re.compile(r"^(?:tổng\s+cộng|tổng\s+số|tổng|cộng)\b", re.IGNORECASE)
_MONEY_UNIT = re.compile(
    r"(?:ĐVT|Đơn vị tính|Đơn vị)\s*[:.]?\s*(?P<unit>nghìn đồng|ngàn đồng|triệu đồng|tỷ đồng|đồng)"
    r"|\((?P<unit2>nghìn đồng|ngàn đồng|triệu đồng|tỷ đồng)\)",
    re.IGNORECASE,
)
_MULTIPLIER = {
    "đồng": 1,
    "nghìn đồng": 1_000,
    "ngàn đồng": 1_000,
    "triệu đồng": 1_000_000,
    "tỷ đồng": 1_000_000_000,
}
_TEXT_TOTAL = re.compile(
    r"[Tt]ổng\s+(?:kinh\s+phí|dự\s+toán|ngân\s+sách)[^.;]*?(?:là|:)\s*(?P<amount>\d[\d.,]*)\s*"
    r"(?P<unit>tỷ đồng|triệu đồng|nghìn đồng|ngàn đồng|đồng)"
)


def _year_columns(table: Table) -> tuple[int, list[tuple[int, int]], bool] | None:
    """Header row index, (cell index, year) pairs, and whether a row-total column exists."""
    for index, row in enumerate(table.rows[:4]):
        years = [
            (i, int(m.group(1)))
            for i, cell in enumerate(row.cells)
            if (m := _YEAR_CELL.match(cell.strip()))
        ]
        if len(years) >= 2:
            header_text = " ".join(" ".join(r.cells) for r in table.rows[: index + 1]).lower()
            has_total = bool(
                re.search(r"\b(?:tổng|cộng)\b", header_text.replace("tổng kinh phí thực hiện", ""))
            )
            last_year_cell = years[-1][0]
            trailing = [c for c in row.cells[last_year_cell + 1 :] if c.strip()]
            has_total = has_total and bool(trailing or "tổng" in header_text)
            return index, years, has_total
    return None


_AGENCY_HEADER = re.compile(
    r"đơn\s+vị\s+(?:thực\s+hiện|chủ\s+trì|phụ\s+trách)|cơ\s+quan\s+(?:thực\s+hiện|chủ\s+trì)"
    r"|^đơn\s+vị$|^chủ\s+trì$",
    re.IGNORECASE,
)


def _agency_column(table: Table, header_index: int) -> int | None:
    """The column naming the unit in charge of each row, when the table has one."""
    for row in table.rows[: header_index + 1]:
        for index, cell in enumerate(row.cells):
            if index >= 2 and _AGENCY_HEADER.search(cell.strip()):
                return index
    return None


def _mark_kinds(rows: list[dict[str, Any]]) -> None:
    """item, subtotal (a row that sums others) or total (the table's last total row)."""
    parents = {r["parent"] for r in rows if r["parent"]}
    last_total = max((i for i, r in enumerate(rows) if r["is_total"]), default=None)
    for index, row in enumerate(rows):
        if row["is_total"]:
            row["kind"] = "total" if index == last_total else "subtotal"
        else:
            row["kind"] = "subtotal" if row["row"] in parents else "item"


def money_unit(lines: list[str], table: Table) -> str | None:
    start = table.start
    window = lines[max(0, start - 7) : start - 1] + [" ".join(r.cells) for r in table.rows[:3]]
    for text in reversed(window):
        match = _MONEY_UNIT.search(text)
        if match:
            return (match.group("unit") or match.group("unit2")).lower().replace("ngàn", "nghìn")
    return None


def _level(label: str) -> int:
    if re.fullmatch(r"[IVXLC]{1,5}\.?", label):
        return 0
    if re.fullmatch(r"\d{1,3}\.?", label):
        return 1
    if re.fullmatch(r"\d{1,3}\.\d{1,3}\.?", label):
        return 2
    return 3  # "-", "+", "a)", ""


def _numbers(cells: list[str]) -> list[float | int]:
    return [parse_number(c.strip()) for c in cells if _AMOUNT.match(c.strip())]


def extract_budget(lines: list[str], tables: list[Table]) -> dict[str, Any] | None:
    for table in tables:
        found = _year_columns(table)
        if found is None:
            continue
        header_index, year_cells, has_total = found
        years = [year for _, year in year_cells]
        unit = money_unit(lines, table)
        header_width = len(table.rows[header_index].cells)
        rows = _rows(table.rows[header_index + 1 :], year_cells, header_width, has_total)
        agency_column = _agency_column(table, header_index)
        for entry, source in zip(rows, _kept_rows(table.rows[header_index + 1 :]), strict=True):
            agency = source.cell(agency_column) if agency_column is not None else ""
            if agency_column is not None and (not agency or _AMOUNT.match(agency)):
                # A row with extra cells is shifted right: its last text cell is the agency.
                agency = entry["unit"] or ""
            entry["agency"] = agency or None
        _mark_kinds(rows)
        text_total = _text_total(lines)
        result: dict[str, Any] = {
            "money_unit": unit,
            "multiplier": _MULTIPLIER.get(unit or ""),
            "years": years,
            "has_total_column": has_total,
            "has_agency_column": agency_column is not None,
            "lines": rows,
            "declared_total": next((r["declared_total"] for r in rows if r["is_total"]), None),
            "text_total": text_total,
            "problems": [],
        }
        result["problems"] = check_budget(result)
        return result
    return None


def _kept_rows(rows: list[Row]) -> list[Row]:
    """The rows _rows keeps (it skips rows with neither content nor amounts)."""
    return [
        row for row in rows if row.cell(1) or any(_AMOUNT.match(c.strip()) for c in row.cells[2:])
    ]


def _rows(
    rows: list[Row], year_cells: list[tuple[int, int]], header_width: int, has_total: bool
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    parents: dict[int, dict[str, Any]] = {}
    child_counts: dict[str, int] = {}
    top_count = 0
    for row in rows:
        label = row.cell(0)
        content = row.cell(1)
        if _TOTAL_LABEL.match(label) or (not label and _TOTAL_LABEL.match(content)):
            label, level = (label or content), -1
        else:
            level = _level(label)
        numeric_cells = [c for c in row.cells[2:] if _AMOUNT.match(c.strip())]
        texts = [c.strip() for c in row.cells[2:] if c.strip() and not _AMOUNT.match(c.strip())]
        if not numeric_cells and not content:
            continue
        values = _numbers(row.cells[2:])
        amounts: dict[str, float | int] | None = None
        declared = None
        known = {i for i, _ in year_cells}
        if has_total:
            known.add(year_cells[-1][0] + 1)
        stray = any(
            _AMOUNT.match(cell.strip())
            for i, cell in enumerate(row.cells)
            if i >= 2 and i not in known
        )
        if len(row.cells) == header_width and year_cells and not stray:
            by_position = {
                str(year): parse_number(row.cell(i)) if _AMOUNT.match(row.cell(i)) else 0
                for i, year in year_cells
            }
            if any(_AMOUNT.match(row.cell(i)) for i, _ in year_cells):
                amounts = by_position
            if has_total:
                total_cell = row.cell(year_cells[-1][0] + 1)
                declared = parse_number(total_cell) if _AMOUNT.match(total_cell) else None
        elif len(values) == len(year_cells):
            amounts = {str(year): v for (_, year), v in zip(year_cells, values, strict=True)}
        elif has_total and len(values) == len(year_cells) + 1:
            amounts = {str(year): v for (_, year), v in zip(year_cells, values, strict=False)}
            declared = values[-1]
        elif len(values) > len(year_cells):
            declared = values[-1]
        if level == -1:
            code = label
        elif level == 3:
            parent = parents.get(1) or parents.get(0)
            base = parent["row"] if parent else "?"
            child_counts[base] = child_counts.get(base, 0) + 1
            code = f"{base}.{child_counts[base]}"
        else:
            top_count += 1
            code = label.rstrip(".") or str(top_count)
        parent_row = (
            None
            if level <= 0
            else next(
                (parents[lv]["row"] for lv in range(level - 1, -1, -1) if lv in parents), None
            )
        )
        entry = {
            "row": code,
            "line": row.line,
            "level": level,
            "parent": parent_row,
            "is_total": level == -1,
            "text": content,
            "unit": texts[-1] if texts else None,
            "values": values,
            "amounts": amounts,
            "declared_total": declared,
            "computed_total": round(sum(amounts.values()), 6) if amounts else None,
        }
        if level >= 0:
            parents[level] = entry
            for deeper in [lv for lv in parents if lv > level]:
                del parents[deeper]
        out.append(entry)
    return out


def _text_total(lines: list[str]) -> dict[str, Any] | None:
    for line_no, line in enumerate(lines, start=1):
        match = _TEXT_TOTAL.search(line)
        if match:
            unit = match.group("unit").replace("ngàn", "nghìn")
            return {
                "amount": parse_number(match.group("amount").rstrip(".,")),
                "unit": unit,
                "line": line_no,
            }
    return None
