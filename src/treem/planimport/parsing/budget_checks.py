"""Consistency checks on a parsed budget table, each problem naming the row and the fix."""

from __future__ import annotations

from typing import Any

from .numbers import format_number as fmt

_TOLERANCE = 0.5


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE


def _problem(row: dict[str, Any], kind: str, message: str) -> dict[str, Any]:
    return {"row": row["row"], "line": row["line"], "kind": kind, "message": message}


def _row_name(row: dict[str, Any]) -> str:
    return f"Dòng {row['row']} (dòng {row['line']} của văn bản)"


def _total_of(row: dict[str, Any]) -> float | None:
    if row["declared_total"] is not None:
        return float(row["declared_total"])
    if row["computed_total"] is not None:
        return float(row["computed_total"])
    return None


def check_budget(budget: dict[str, Any]) -> list[dict[str, Any]]:
    years: list[int] = budget["years"]
    rows: list[dict[str, Any]] = budget["lines"]
    problems: list[dict[str, Any]] = []
    n_years = len(years)
    span = f"{years[0]}-{years[-1]}" if years else ""
    expected = n_years + (1 if budget["has_total_column"] else 0)
    for row in rows:
        values = row["values"]
        if row["amounts"] is None and len(values) > expected:
            year_values = values[:-1]
            problems.append(
                _problem(
                    row,
                    "too_many_values",
                    (
                        f"{_row_name(row)} có {len(values)} giá trị số nhưng bảng chỉ có "
                        f"{n_years} cột "
                        f"năm ({span}); không biết số nào thuộc năm nào. Coi số cuối "
                        f"({fmt(values[-1])}) là tổng của dòng; hãy đối chiếu bản gốc và nhập lại "
                        "số liệu từng năm."
                    ),
                )
            )
            total = float(values[-1])
            computed = sum(float(v) for v in year_values)
            if not _same(computed, total):
                hint = ""
                if _same(sum(float(v) for v in year_values[1:]), total):
                    hint = " Bỏ giá trị năm đầu tiên thì khớp: có thể thừa một cột ở đầu."
                elif _same(sum(float(v) for v in year_values[:-1]), total):
                    hint = " Bỏ giá trị năm cuối cùng thì khớp: có thể thừa một cột ở cuối."
                problems.append(
                    _problem(
                        row,
                        "row_total_mismatch",
                        (
                            f"{_row_name(row)}: cộng {len(year_values)} giá trị năm được "
                            f"{fmt(computed)}"
                            f" nhưng tổng ghi {fmt(total)} (chênh {fmt(computed - total)}).{hint}"
                        ),
                    )
                )
        elif row["amounts"] is None and 0 < len(values) < n_years:
            problems.append(
                _problem(
                    row,
                    "too_few_values",
                    (
                        f"{_row_name(row)} chỉ có {len(values)} giá trị số cho {n_years} cột năm "
                        f"({span}); hãy bổ sung số còn thiếu (ghi 0 nếu không có kinh phí)."
                    ),
                )
            )
        elif row["amounts"] is not None and row["declared_total"] is not None:
            computed = float(row["computed_total"])
            if not _same(computed, float(row["declared_total"])):
                problems.append(
                    _problem(
                        row,
                        "row_total_mismatch",
                        (
                            f"{_row_name(row)}: cộng các năm được {fmt(computed)} nhưng cột "
                            "tổng ghi "
                            f"{fmt(row['declared_total'])}."
                        ),
                    )
                )
    problems.extend(_children_checks(rows, years))
    problems.extend(_grand_total_checks(budget, rows, years))
    return problems


def _children_checks(rows: list[dict[str, Any]], years: list[int]) -> list[dict[str, Any]]:
    problems = []
    for parent in rows:
        children = [r for r in rows if r["parent"] == parent["row"] and not r["is_total"]]
        if not children or parent["is_total"]:
            continue
        if parent["amounts"] and all(c["amounts"] for c in children):
            for year in years:
                key = str(year)
                total = sum(float(c["amounts"][key]) for c in children)
                if not _same(total, float(parent["amounts"][key])):
                    problems.append(
                        _problem(
                            parent,
                            "children_sum_mismatch",
                            (
                                f"{_row_name(parent)}, năm {year}: ghi "
                                f"{fmt(parent['amounts'][key])} "
                                f"nhưng cộng các dòng con được {fmt(total)}."
                            ),
                        )
                    )
            continue
        parent_total = _total_of(parent)
        child_totals = [_total_of(c) for c in children]
        if parent_total is None or any(t is None for t in child_totals):
            continue
        summed = sum(t for t in child_totals if t is not None)
        if not _same(summed, parent_total):
            problems.append(
                _problem(
                    parent,
                    "children_sum_mismatch",
                    (
                        f"{_row_name(parent)}: tổng {fmt(parent_total)} nhưng cộng các dòng "
                        "con được "
                        f"{fmt(summed)}."
                    ),
                )
            )
    return problems


def _grand_total_checks(
    budget: dict[str, Any], rows: list[dict[str, Any]], years: list[int]
) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    total_row = next((r for r in rows if r["is_total"]), None)
    levels = [r["level"] for r in rows if not r["is_total"]]
    if total_row is None or not levels:
        return problems
    top = [r for r in rows if r["level"] == min(levels) and not r["is_total"]]
    if total_row["amounts"] and all(r["amounts"] for r in top):
        for year in years:
            key = str(year)
            summed = sum(float(r["amounts"][key]) for r in top)
            if not _same(summed, float(total_row["amounts"][key])):
                problems.append(
                    _problem(
                        total_row,
                        "column_total_mismatch",
                        (
                            f"Năm {year}: dòng {total_row['row']} ghi "
                            f"{fmt(total_row['amounts'][key])} "
                            f"nhưng cộng các dòng {', '.join(r['row'] for r in top)} được "
                            f"{fmt(summed)}."
                        ),
                    )
                )
    grand = _total_of(total_row)
    parts = [_total_of(r) for r in top]
    if grand is not None and all(p is not None for p in parts):
        summed = sum(p for p in parts if p is not None)
        if not _same(summed, grand):
            difference = summed - grand
            problems.append(
                _problem(
                    total_row,
                    "grand_total_mismatch",
                    (
                        f"Dòng {total_row['row']} ghi tổng {fmt(grand)} nhưng cộng tổng các dòng "
                        f"{', '.join(r['row'] for r in top)} được {fmt(summed)} (chênh "
                        f"{fmt(difference)})."
                    ),
                )
            )
            for row in top:
                values = row["values"]
                if (
                    row["amounts"]
                    and len(values) > 2
                    and _same(sum(float(v) for v in values[:-1]), difference)
                ):
                    problems.append(
                        _problem(
                            row,
                            "suspect_total",
                            (
                                f"{_row_name(row)}: số cuối ({fmt(values[-1])}) có lẽ là "
                                "tổng của dòng, "
                                "không phải kinh phí năm cuối: khi đó dòng này thiếu một giá "
                                "trị năm và "
                                "tổng toàn bảng khớp. Hãy kiểm tra bản gốc."
                            ),
                        )
                    )
    text_total = budget.get("text_total")
    multiplier = budget.get("multiplier")
    if text_total and grand is not None and multiplier:
        from_text = (
            float(text_total["amount"])
            * {"đồng": 1, "nghìn đồng": 1e3, "triệu đồng": 1e6, "tỷ đồng": 1e9}[text_total["unit"]]
        )
        if not _same(from_text, grand * multiplier):
            problems.append(
                _problem(
                    total_row,
                    "text_total_mismatch",
                    (
                        f"Tổng kinh phí ghi trong văn bản (dòng {text_total['line']}: "
                        f"{fmt(text_total['amount'])} {text_total['unit']}) khác tổng của bảng "
                        f"({fmt(grand)} {budget['money_unit']})."
                    ),
                )
            )
    return problems
