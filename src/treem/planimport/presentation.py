"""What the review screen shows: the source lines with what was read from each, the parser's
warnings in Vietnamese, the budget table with its problems, and the counts of each part."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from treem.core.errors import Invalid
from treem.plans.domain.comparators import describe
from treem.plans.domain.draft_check import blocking_problems
from treem.plans.domain.extraction import budget_rows, measure_unit
from treem.plans.domain.measures import SHORT_LABELS, format_value
from treem.plans.models import PlanDraft

_SNIPPET = re.compile(r"«([^»]*)»")
_MISMATCH = re.compile(r"indicator (\d+) at line \d+ reads like national indicator (\d+)")
_PARSER_WARNINGS = {
    "unrecognised_target": "không nhận ra mục tiêu trong đoạn này; nếu có, hãy thêm dòng ở bảng "
    "chỉ tiêu",
    "unrecognised_number": "có con số không rõ thuộc mục tiêu nào",
    "year_inferred": "mục tiêu không ghi năm; tạm lấy năm cuối giai đoạn, hãy kiểm tra",
    "unreadable_number": "số, ký hiệu văn bản không đọc rõ; hãy nhập tay ở phần Thông tin văn bản",
}


@dataclass
class SourceLine:
    number: int
    cells: list[str]
    marks: set[str] = field(default_factory=set)

    @property
    def css(self) -> str:
        return " ".join(f"is-{mark}" for mark in sorted(self.marks))


def warning_text(warning: dict[str, Any]) -> str:
    """The parser writes its warnings in English for developers; people read Vietnamese."""
    kind, line, message = warning.get("kind"), warning.get("line"), warning.get("message", "")
    if kind == "catalogue_mismatch" and (found := _MISMATCH.search(message)):
        return (
            f"Dòng {line}: nội dung chỉ tiêu {found.group(1)} giống chỉ tiêu quốc gia "
            f"{found.group(2)}; hãy kiểm tra số thứ tự."
        )
    if kind in _PARSER_WARNINGS:
        snippet = _SNIPPET.search(message)
        quoted = f" «{snippet.group(1)}»" if snippet else ""
        return f"Dòng {line}: {_PARSER_WARNINGS[kind]}{quoted}."
    return str(message)


def source_lines(draft: PlanDraft) -> list[SourceLine]:
    data = draft.extraction
    lines = [
        SourceLine(number, text.split("\t"), set() if text.strip() else {"empty"})
        for number, text in enumerate(draft.text.split("\n"), start=1)
    ]

    def mark(line: Any, name: str) -> None:
        if isinstance(line, int) and 1 <= line <= len(lines):
            lines[line - 1].marks.add(name)

    for part in ("targets", "assignments", "tasks", "reporting"):
        for row in data.get(part, []):
            mark(row.get("line"), "used")
    for row in (data.get("budget") or {}).get("lines", []):
        mark(row.get("line"), "used")
    for warning in data.get("warnings", []):
        mark(warning.get("line"), "flagged")
    for problem in (data.get("budget") or {}).get("problems", []):
        mark(problem.get("line"), "flagged")
    return lines


def describe_target(row: dict[str, Any]) -> str:
    unit = measure_unit(row.get("unit"))
    return describe(row.get("comparator", ""), row.get("value"), unit, row.get("value_high"))


def unit_label(row: dict[str, Any]) -> str:
    return SHORT_LABELS.get(measure_unit(row.get("unit")), "")


def target_flag(
    row: dict[str, Any], targets: list[dict[str, Any]], period: tuple[int, int] | None
) -> str:
    """Why this target row stops the confirmation, in a few words ('' when it does not)."""
    code, year = row.get("code"), row.get("year")
    if not code:
        return "Chưa khớp mã chỉ tiêu nào: chọn mã hoặc xóa dòng."
    if period and isinstance(year, int) and not period[0] <= year <= period[1]:
        return f"Năm {year} ngoài giai đoạn {period[0]}–{period[1]}."
    if sum(1 for other in targets if other.get("code") == code and other.get("year") == year) > 1:
        return f"Trùng chỉ tiêu {code} năm {year} với dòng khác."
    return ""


@dataclass
class BudgetView:
    money_unit: str
    years: list[int]
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    declared_total: str
    stored_lines: int
    error: str = ""


def budget_view(budget: dict[str, Any] | None) -> BudgetView | None:
    if not budget:
        return None
    years = [int(y) for y in budget.get("years") or []]
    flagged = {p.get("line") for p in budget.get("problems", [])}
    rows = []
    for line in budget.get("lines", []):
        amounts = line.get("amounts") or {}
        if amounts:
            cells = [_money(amounts.get(str(year))) for year in years]
        else:  # values that cannot be put to years: shown as read
            values = line.get("values") or []
            cells = [_money(v) for v in values[: len(years)]]
            cells += [""] * (len(years) - len(cells))
        total = line.get("declared_total")
        if total is None:
            total = line.get("computed_total")
        rows.append(
            {
                "row": line.get("row") or "",
                "text": line.get("text") or "",
                "agency": line.get("agency") or line.get("unit") or "",
                "kind": line.get("kind") or ("total" if line.get("is_total") else "item"),
                "edited": bool(line.get("edited") or line.get("added")),
                "line": line.get("line"),
                "cells": cells,
                "extra": [_money(v) for v in (line.get("values") or [])[len(years) :]]
                if not amounts
                else [],
                "total": _money(total),
                # Numbers that could not be put to years: shown so the reviewer can place them.
                "raw": [] if amounts else [_money(v) for v in line.get("values") or []],
                "is_total": bool(line.get("is_total")),
                "flagged": line.get("line") in flagged,
            }
        )
    error = ""
    try:
        stored = len(budget_rows(budget))
    except Invalid as exc:
        stored, error = 0, exc.message
    declared = budget.get("declared_total")
    return BudgetView(
        money_unit=budget.get("money_unit") or "không ghi",
        years=years,
        rows=rows,
        problems=list(budget.get("problems", [])),
        declared_total=_money(declared) if declared is not None else "",
        stored_lines=stored,
        error=error,
    )


def _money(value: Any) -> str:
    return "" if value is None else format_value(value, "count")


def part_counts(data: dict[str, Any], budget: BudgetView | None) -> dict[str, int]:
    return {
        "targets": len(data.get("targets", [])),
        "assignments": len(data.get("assignments", [])),
        "tasks": len(data.get("tasks", [])),
        "reporting": len(data.get("reporting", [])),
        "budget_lines": budget.stored_lines if budget else 0,
        "warnings": len(data.get("warnings", [])),
    }


def problems(data: dict[str, Any]) -> list[dict[str, Any]]:
    return blocking_problems(data)
