"""What the plan importer read from a document, turned into what a plan needs.

The parser (`treem.planimport.parsing`) speaks in indicator numbers and parts ("4", "c_rural"),
parser units ("%") and the money unit of the budget table. A plan speaks in catalogue codes
("4c"), measure units ("percent") and đồng. These pure functions translate, resolve the
clashes a plan cannot hold, and check the shape of a reviewer's edits. No database.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from treem.core.errors import Invalid
from treem.core.text import fold
from treem.plans.domain.comparators import Comparator
from treem.plans.domain.measures import MeasureUnit

# Sub-indicators the parser qualifies instead of lettering (obesity: rural and urban).
QUALIFIED_PARTS = {(4, "c_rural"): "4c", (4, "c_urban"): "4d"}
# Parser units and the catalogue's measure units, both accepted in a draft.
UNITS = {
    "%": MeasureUnit.PERCENT,
    **{unit.value: unit for unit in MeasureUnit},
}
UNIT_CHOICES = [
    (MeasureUnit.PERCENT.value, "%"),
    (MeasureUnit.PER_1000.value, "‰ (trên 1.000 trẻ đẻ sống)"),
    (MeasureUnit.PER_100000.value, "trên 100.000 trẻ em"),
    (MeasureUnit.COUNT.value, "số lượng"),
]
DOCUMENT_LIMITS = {"number": 60, "title": 500, "issuer": 200}
FIRST_YEAR, LAST_YEAR = 1945, 2100
_MONEY_UNITS = [
    (re.compile(r"\bty\b"), 1_000_000_000),
    (re.compile(r"\btrieu\b"), 1_000_000),
    (re.compile(r"\b(nghin|ngan)\b"), 1_000),
    (re.compile(r"\b(dong|vnd)\b"), 1),
]


def catalogue_code(number: int, part: str | None, codes: Collection[str]) -> str | None:
    """'4' + 'c_urban' → '4d'; '3' + 'a' → '3a'; '9' + None → '9'. None when the catalogue
    has no such item (the reviewer then picks one)."""
    if not part:
        code = str(number)
    elif (number, part) in QUALIFIED_PARTS:
        code = QUALIFIED_PARTS[(number, part)]
    else:
        code = f"{number}{part.split('_')[0]}"
    return code if code in codes else None


def measure_unit(unit: str | None) -> str:
    return UNITS.get(unit or "%", MeasureUnit.PERCENT).value


def money_multiplier(money_unit: str | None, fallback: Any = None) -> int | None:
    """'Nghìn đồng' → 1000, 'triệu đồng' → 1 000 000, 'đồng' → 1; the parser's multiplier
    when the words say nothing."""
    key = fold(money_unit or "")
    for pattern, multiplier in _MONEY_UNITS:
        if pattern.search(key):
            return multiplier
    if isinstance(fallback, int) and fallback > 0:
        return fallback
    return None


def enrich(result: dict[str, Any], codes: Collection[str]) -> dict[str, Any]:
    """The parser's result with a catalogue code and an upper bound on every target, and the
    two readings of one sentence a plan cannot hold together merged. Problems that depend on
    the reviewer's edits (unknown codes, duplicates) are found by `blocking_problems`."""
    data = copy.deepcopy(result)
    warnings: list[dict[str, Any]] = data.setdefault("warnings", [])
    for row in data.get("targets", []):
        row["code"] = catalogue_code(row["indicator"], row.get("part"), codes)
        span = row.get("range") or []
        high = span[1] if len(span) == 2 and span[1] != row.get("value") else None
        row["value_high"] = high
    data["targets"] = _merge_reductions(data.get("targets", []), warnings)
    for row in data["targets"]:
        if row["comparator"] == Comparator.REDUCE_BY and not row.get("per_year"):
            warnings.append(
                _warning(
                    row["line"],
                    "cumulative_reduction",
                    f"Dòng {row['line']}: «giảm {row['value']}%» đến năm {row['year']} là mức "
                    "giảm cả giai đoạn, còn mục tiêu của kế hoạch tính mức giảm mỗi năm; hãy "
                    "kiểm tra lại giá trị.",
                )
            )
    warnings.sort(key=lambda w: (w.get("line") or 0, w.get("kind", "")))
    return data


def _warning(line: int | None, kind: str, message: str) -> dict[str, Any]:
    return {"line": line, "kind": kind, "message": message}


def _merge_reductions(
    targets: list[dict[str, Any]], warnings: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """ "Giảm 20% vào năm 2030, mỗi năm giảm 2%": both read as reductions for 2030. A plan
    keeps the yearly one; the sentence stays in the target's text."""
    yearly = {
        (t["code"], t["year"], t["line"])
        for t in targets
        if t["comparator"] == Comparator.REDUCE_BY and t.get("per_year")
    }
    kept = []
    for row in targets:
        key = (row["code"], row["year"], row["line"])
        if row["comparator"] == Comparator.REDUCE_BY and not row.get("per_year") and key in yearly:
            warnings.append(
                _warning(
                    row["line"],
                    "merged_target",
                    f"Dòng {row['line']}: chỉ tiêu {row['code']} có cả mức giảm cả giai đoạn "
                    f"({row['value']}% đến năm {row['year']}) và mức giảm mỗi năm; kế hoạch lưu "
                    "mức giảm mỗi năm, nguyên văn giữ cả hai.",
                )
            )
            continue
        kept.append(row)
    return kept


def duplicate_targets(targets: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    seen: dict[tuple[Any, Any], dict[str, Any]] = {}
    pairs = []
    for row in targets:
        if not row.get("code"):
            continue
        key = (row["code"], row["year"])
        if key in seen:
            pairs.append((seen[key], row))
        else:
            seen[key] = row
    return pairs


def plan_period(data: dict[str, Any]) -> tuple[int, int] | None:
    """The plan's years: the document's period, else the years of its targets, else the year
    it was issued."""
    document = data.get("document") or {}
    period = document.get("period")
    if period and period.get("start") and period.get("end"):
        return int(period["start"]), int(period["end"])
    years = [int(t["year"]) for t in data.get("targets", []) if t.get("year")]
    if years:
        return min(years), max(years)
    year = document.get("issued_year") or (document.get("issued_on") or "")[:4]
    return (int(year), int(year)) if str(year).isdigit() else None


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value:  # Vietnamese decimal comma, thousands dots
                value = value.replace(".", "").replace(",", ".")
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class BudgetRow:
    order: int
    label: str
    year: int | None  # None: the row's total when its years cannot be told apart
    amount: Decimal  # đồng
    line: int | None
    kind: str = "item"  # item, subtotal or total: sums skip the last two
    agency: str = ""


def budget_rows(budget: dict[str, Any] | None) -> list[BudgetRow]:
    """One row per table row and year, in đồng, each marked item, subtotal or total (the
    total row is kept so the declared sum is on record). A row whose values cannot be put to
    years keeps its declared total, year unknown."""
    if not budget or not budget.get("lines"):
        return []
    multiplier = money_multiplier(budget.get("money_unit"), budget.get("multiplier"))
    if multiplier is None:
        raise Invalid(
            f"Bảng kinh phí: không rõ đơn vị tiền «{budget.get('money_unit') or 'không ghi'}» "
            "(cần «đồng», «nghìn đồng», «triệu đồng» hoặc «tỷ đồng»)."
        )
    rows: list[BudgetRow] = []
    for order, line in enumerate(budget["lines"], start=1):
        kind = line.get("kind") or ("total" if line.get("is_total") else "item")
        if line.get("is_total"):
            label = str(line.get("text") or line.get("row") or "Tổng cộng").strip()
        else:
            label = f"{line.get('row') or order}. {line.get('text') or ''}".strip()
        agency = str(line.get("agency") or "")
        amounts = line.get("amounts")
        if amounts:
            for year, value in sorted(amounts.items()):
                if value is not None:
                    amount = _dong(value, multiplier)
                    rows.append(
                        BudgetRow(order, label, int(year), amount, line["line"], kind, agency)
                    )
        elif line.get("declared_total") is not None:
            amount = _dong(line["declared_total"], multiplier)
            rows.append(BudgetRow(order, label, None, amount, line.get("line"), kind, agency))
    return rows


def _dong(value: Any, multiplier: int) -> Decimal:
    number = to_decimal(value) or Decimal(0)
    return (number * multiplier).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
