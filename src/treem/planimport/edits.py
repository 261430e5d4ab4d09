"""The reviewer's edits of the appendix tasks, the indicator assignments, the reporting
deadlines and the budget table, applied to the draft's extraction: forms in, JSON-ready rows out
(no database)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from decimal import Decimal
from typing import Any

from treem.planimport.parsing.budget_checks import check_budget
from treem.planimport.parsing.tasks import split_agencies
from treem.planimport.part_forms import (
    AssignmentFormSet,
    BudgetFormSet,
    ReportingFormSet,
    TaskFormSet,
)
from treem.plans.domain.extraction import json_number, to_decimal


def stamp(rows: Any) -> str:
    """A fingerprint of the rows a form was built from, so that a save made on top of someone
    else's newer edit is refused instead of mixing rows up."""
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def budget_years(budget: dict[str, Any] | None) -> list[int]:
    return [int(year) for year in (budget or {}).get("years") or []]


def _row_formset(
    formset_class: Any, initial: list[dict[str, Any]], data: Any, editable: bool, **kwargs: Any
) -> Any:
    formset = formset_class(data, initial=initial, **kwargs)
    if not editable:
        _freeze(formset)
    return formset


def task_formset(tasks: list[dict[str, Any]], data: Any = None, editable: bool = True) -> Any:
    initial = [
        {
            "index": index,
            "number": row.get("number") or "",
            "text": row.get("text") or "",
            "lead": row.get("lead") or "",
            "coordinating": "; ".join(row.get("coordinating") or []),
        }
        for index, row in enumerate(tasks)
    ]
    return _row_formset(TaskFormSet, initial, data, editable, prefix="n")


def assignment_formset(
    assignments: list[dict[str, Any]],
    numbers: Collection[int],
    data: Any = None,
    editable: bool = True,
) -> Any:
    """`numbers`: the indicator numbers of the catalogue, the only ones a row may name."""
    initial = [
        {
            "index": index,
            "agency": row.get("agency") or "",
            "indicators": ", ".join(str(n) for n in row.get("indicators") or []),
        }
        for index, row in enumerate(assignments)
    ]
    return _row_formset(
        AssignmentFormSet, initial, data, editable, prefix="a", form_kwargs={"numbers": numbers}
    )


def reporting_formset(
    reporting: list[dict[str, Any]], data: Any = None, editable: bool = True
) -> Any:
    initial = [
        {
            "index": index,
            "period": row.get("period") or "",
            "due_day": row.get("due_day"),
            "due_month": row.get("due_month"),
            "to": row.get("to") or "",
        }
        for index, row in enumerate(reporting)
    ]
    return _row_formset(ReportingFormSet, initial, data, editable, prefix="r")


def budget_formset(budget: dict[str, Any] | None, data: Any = None, editable: bool = True) -> Any:
    years = budget_years(budget)
    initial = []
    for index, line in enumerate((budget or {}).get("lines", [])):
        amounts = line.get("amounts") or {}
        row: dict[str, Any] = {
            "index": index,
            "row": line.get("row") or "",
            "text": line.get("text") or "",
            "agency": line.get("agency") or line.get("unit") or "",
            "kind": line.get("kind") or ("total" if line.get("is_total") else "item"),
            "total": to_decimal(line.get("declared_total")),
        }
        for year in years:
            row[f"y{year}"] = to_decimal(amounts.get(str(year)))
        initial.append(row)
    return _row_formset(BudgetFormSet, initial, data, editable, prefix="b", years=years)


def _freeze(formset: Any) -> None:
    formset.extra = 0
    for form in formset.forms:
        for field in form.fields.values():
            field.disabled = True


def edited_rows(
    formset: Any,
    rows: list[dict[str, Any]],
    values_of: Callable[[dict[str, Any]], dict[str, Any]],
    new_row: dict[str, Any],
) -> list[dict[str, Any]]:
    """The rows after the edits: deleted rows dropped, changed rows marked «edited», rows typed
    into the empty line added (from `new_row`, marked «added»). `values_of` turns a form's
    cleaned data into the row's stored fields."""
    out = []
    for form in formset.forms:
        values = form.cleaned_data
        if not values or values.get("DELETE"):
            continue
        edits = values_of(values)
        index = values.get("index")
        if index is not None and index < len(rows):
            row = dict(rows[index])
            if any((row.get(name) or None) != (value or None) for name, value in edits.items()):
                row["edited"] = True
        else:
            row = {**new_row, "added": True}
        row.update(edits)
        out.append(row)
    return out


def edited_tasks(formset: Any, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return edited_rows(
        formset,
        tasks,
        lambda values: {
            "number": values["number"].strip() or None,
            "text": values["text"],
            "lead": " ".join(values["lead"].split()),
            "coordinating": split_agencies(values["coordinating"]),
        },
        {"section": None, "when": None, "output": None, "line": None},
    )


def edited_assignments(formset: Any, assignments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return edited_rows(
        formset,
        assignments,
        lambda values: {"agency": values["agency"], "indicators": values["indicators"]},
        {"line": None, "role": "lead", "text": ""},
    )


def edited_reporting(formset: Any, reporting: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return edited_rows(
        formset,
        reporting,
        lambda values: {
            "period": values["period"],
            "due_day": values.get("due_day"),
            "due_month": values.get("due_month"),
            "to": " ".join(values["to"].split()) or None,
        },
        {"line": None, "period_inferred": False, "text": ""},
    )


def edited_budget(formset: Any, budget: dict[str, Any]) -> dict[str, Any]:
    """The budget table after the edits, its sums and problems checked again."""
    years = budget_years(budget)
    lines: list[dict[str, Any]] = budget.get("lines", [])
    out: list[dict[str, Any]] = []
    for form in formset.forms:
        values = form.cleaned_data
        if not values or values.get("DELETE"):
            continue
        index = values.get("index")
        old = dict(lines[index]) if index is not None and index < len(lines) else None
        row = old or {"line": None, "level": 1, "parent": None, "unit": None, "added": True}
        year_values: list[Decimal | None] = [values.get(f"y{year}") for year in years]
        amounts: dict[str, int | float] | None = (
            {str(y): json_number(v) or 0 for y, v in zip(years, year_values, strict=True)}
            if any(v is not None for v in year_values)
            else None
        )
        declared = json_number(values.get("total"))
        kind = values["kind"]
        edits = {
            "row": values["row"].strip() or str(len(out) + 1),
            "text": " ".join(values["text"].split()),
            "agency": " ".join(values["agency"].split()) or None,
            "kind": kind,
            "amounts": amounts,
            "declared_total": declared,
        }
        if old is not None and any(old.get(k) != v for k, v in edits.items()):
            row["edited"] = True
        row.update(edits)
        row["is_total"] = kind == "total" or (kind == "subtotal" and row.get("level") == -1)
        if row["is_total"]:
            row["level"] = -1
        elif row.get("level") == -1:
            row["level"] = 1
        numbers = [v for v in amounts.values() if v is not None] if amounts else []
        row["values"] = numbers + ([declared] if declared is not None else [])
        row["computed_total"] = round(sum(numbers), 6) if amounts else None
        out.append(row)
    result = {**budget, "lines": out}
    result["declared_total"] = next((r["declared_total"] for r in out if r["is_total"]), None)
    result["problems"] = check_budget(result) if years else []
    return result
