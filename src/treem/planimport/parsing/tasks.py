"""Tasks from appendix tables: task → lead agency → coordinating agencies."""

from __future__ import annotations

import re
from typing import Any

from .tables import Row, Table

_ROMAN = re.compile(r"^[IVXLC]{1,5}\.?$")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")


def _find_columns(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row index and the task/lead/coordinating/time columns."""
    for index, row in enumerate(table.rows[:4]):
        lowered = [cell.lower() for cell in row.cells]
        lead = next((i for i, c in enumerate(lowered) if "chủ trì" in c), None)
        if lead is None:
            continue
        columns = {"lead": lead}
        coord = next((i for i, c in enumerate(lowered) if "phối hợp" in c and i != lead), None)
        if coord is not None:
            columns["coordinating"] = coord
        task = next(
            (
                i
                for i, c in enumerate(lowered)
                if re.search(r"nhiệm vụ|nội dung|hoạt động|công việc", c) and i != lead
            ),
            None,
        )
        columns["task"] = task if task is not None else 1
        when = next((i for i, c in enumerate(lowered) if "thời gian" in c or "tiến độ" in c), None)
        if when is not None:
            columns["when"] = when
        output = next((i for i, c in enumerate(lowered) if "sản phẩm" in c), None)
        if output is not None:
            columns["output"] = output
        return index, columns
    return None


def split_agencies(text: str) -> list[str]:
    parts = re.split(r"\s*;\s*|\s*\n\s*|\s+-\s+(?=[A-ZĐ])", text)
    return [part.strip(" .,-") for part in parts if part.strip(" .,-")]


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^-\s+", "- ", text)


def extract_tasks(tables: list[Table]) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = []
    for table in tables:
        found = _find_columns(table)
        if found is None:
            continue
        header_index, columns = found
        section_number, section_title = None, None
        last: dict[str, Any] | None = None
        for row in table.rows[header_index + 1 :]:
            if not any(cell.strip() for cell in row.cells):
                continue
            number = row.cell(0)
            task_text = row.cell(columns["task"])
            lead = row.cell(columns["lead"])
            if _ROMAN.match(number) and not lead:
                section_number, section_title = number.rstrip("."), task_text
                last = None
                continue
            if not number and not lead and last is not None:
                continuation = " ".join(c.strip() for c in row.cells if c.strip())
                last["text"] = _clean(last["text"] + " " + continuation)
                continue
            if not task_text or not lead:
                continue
            last = _task(row, columns, number, section_number, section_title)
            tasks.append(last)
    return tasks


def _task(
    row: Row,
    columns: dict[str, int],
    number: str,
    section_number: str | None,
    section_title: str | None,
) -> dict[str, Any]:
    code = number.rstrip(".")
    if section_number and code:
        code = f"{section_number}.{code}"
    return {
        "number": code or None,
        "section": section_title,
        "text": _clean(row.cell(columns["task"])),
        "lead": _clean(row.cell(columns["lead"])),
        "coordinating": split_agencies(row.cell(columns["coordinating"]))
        if "coordinating" in columns
        else [],
        "when": row.cell(columns["when"]) or None if "when" in columns else None,
        "output": row.cell(columns["output"]) or None if "output" in columns else None,
        "line": row.line,
    }
