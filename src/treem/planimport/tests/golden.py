"""Compare parser output with hand-written golden extractions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def load_golden(name: str) -> dict[str, Any]:
    path = next(FIXTURES.rglob(f"{name}.golden.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def target_tuples(result: dict[str, Any], with_line: bool = True) -> list[tuple[Any, ...]]:
    rows = []
    for t in result["targets"]:
        value = float(t["value"]) if t["value"] is not None else None
        row: tuple[Any, ...] = (
            t["indicator"],
            t["part"],
            t["year"],
            t["comparator"],
            value,
            t["unit"],
        )
        rows.append(row + ((t["line"],) if with_line else ()))
    return rows


def golden_tuples(golden: dict[str, Any], with_line: bool = True) -> list[tuple[Any, ...]]:
    rows = []
    for ind, part, year, cmp, value, unit, line in golden["targets"]:
        row: tuple[Any, ...] = (
            ind,
            part,
            year,
            cmp,
            float(value) if value is not None else None,
            unit,
        )
        rows.append(row + ((line,) if with_line else ()))
    return rows


def target_accuracy(result: dict[str, Any], golden: dict[str, Any]) -> tuple[float, int]:
    """Share of golden targets found exactly (without lines), and how many were invented."""
    found = target_tuples(result, with_line=False)
    expected = golden_tuples(golden, with_line=False)
    remaining = list(found)
    hits = 0
    for row in expected:
        if row in remaining:
            remaining.remove(row)
            hits += 1
    accuracy = hits / len(expected) if expected else 1.0
    return accuracy, len(remaining)


def assignment_keys(items: list[dict[str, Any]], with_role: bool = False) -> set[tuple[Any, ...]]:
    keys = set()
    for a in items:
        key: tuple[Any, ...] = (a["agency"], tuple(a["indicators"]), a["line"])
        keys.add(key + ((a.get("role", "lead"),) if with_role else ()))
    return keys


def reporting_keys(items: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {(r["period"], r["due_day"], r["due_month"], r["line"]) for r in items}
