"""Builders shared by the plan-import tests: seed files, drafts made through the service, and
the counts a confirmed plan should have according to the parser's own output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from treem.geo.models import Unit, Version
from treem.planimport.parsing import parse_file
from treem.plans.models import PlanDraft
from treem.plans.services.drafts import plan_draft_create, plan_draft_update

from .golden import FIXTURES

SEEDS = FIXTURES / "seeds"
SOC_TRANG = SEEDS / "soctrang_2021.txt"
KHANH_HOA_2024 = SEEDS / "khanhhoa_2024.txt"
KHANH_HOA_2025 = SEEDS / "khanhhoa_2025.txt"
PROVINCE = "56"  # Khánh Hòa, the demo province


def province() -> Unit:
    return Unit.objects.get(version=Version.CURRENT, code=PROVINCE)


def draft_from(path: Path, actor: Any = None, number: str | None = None) -> PlanDraft:
    draft = plan_draft_create(
        actor=actor, unit=province(), file_name=path.name, data=path.read_bytes()
    )
    if number:
        draft = set_document(draft, actor, number=number)
    return draft


def set_document(draft: PlanDraft, actor: Any, **fields: Any) -> PlanDraft:
    extraction = dict(draft.extraction)
    extraction["document"] = {**extraction["document"], **fields}
    return plan_draft_update(actor=actor, draft=draft, extraction=extraction)


def expected_counts(path: Path) -> dict[str, int]:
    """What a plan made from the document should hold, from the parser's output: one target
    per parser target except a whole-period reduction read from the same sentence as a yearly
    one; one budget line per row and year (a row whose years cannot be told apart: one line
    for its total; total rows are stored too, marked as such)."""
    result = parse_file(path)
    targets = result["targets"]
    yearly = {
        (t["indicator"], t["part"], t["year"], t["line"])
        for t in targets
        if t["comparator"] == "reduce_by" and t["per_year"]
    }
    merged = [
        t
        for t in targets
        if t["comparator"] == "reduce_by"
        and not t["per_year"]
        and (t["indicator"], t["part"], t["year"], t["line"]) in yearly
    ]
    budget = 0
    for row in (result["budget"] or {}).get("lines", []):
        if row["amounts"]:
            budget += sum(1 for value in row["amounts"].values() if value is not None)
        elif row["declared_total"] is not None:
            budget += 1
    return {
        "targets": len(targets) - len(merged),
        "assignments": len(result["assignments"]),
        "tasks": len(result["tasks"]),
        "reporting": len(result["reporting"]),
        "budget_lines": budget,
    }
