"""One plan's page: header, documents it implements, the targets table (own and inherited),
its parts, and the forms of a planner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treem.plans import access
from treem.plans.domain.comparators import describe
from treem.plans.forms import ReferenceForm, TargetForm
from treem.plans.models import (
    BudgetLine,
    Indicator,
    Plan,
    PlanStatus,
    PlanTask,
    ReportingRule,
    Responsibility,
    Target,
)
from treem.plans.selectors.plans import effective_targets, indicators_visible_to, plans_visible_to
from treem.plans.views.work.common import STATUS_BADGES, mark_invalid, plan_or_404
from treem.web.shortcuts import bootstrap


@dataclass(frozen=True)
class TargetCell:
    target: Target
    text: str
    inherited_from: Plan | None


@dataclass(frozen=True)
class TargetRow:
    indicator: Indicator
    cells: list[TargetCell | None]


@dataclass(frozen=True)
class TargetTable:
    years: list[int]
    rows: list[TargetRow]
    own: int
    inherited: int


def target_table(plan: Plan) -> TargetTable:
    """Rows: indicators with a target in the plan's period; columns: the years that have one.
    A year the plan leaves open shows the target it inherits (and from which plan)."""
    effective = {
        key: item
        for key, item in effective_targets(plan).items()
        if plan.first_year <= key[1] <= plan.last_year
    }
    years = sorted({year for (_, year) in effective})
    indicators: dict[int, Indicator] = {}
    for item in effective.values():
        indicators.setdefault(item.target.indicator_id, item.target.indicator)
    ordered = sorted(indicators.values(), key=lambda i: (i.sort_order, i.number, i.part))
    rows = []
    for indicator in ordered:
        cells: list[TargetCell | None] = []
        for year in years:
            found = effective.get((indicator.pk, year))
            if found is None:
                cells.append(None)
                continue
            t = found.target
            text = describe(t.comparator, t.value, t.unit, t.value_high)
            cells.append(TargetCell(t, text, found.inherited_from))
        rows.append(TargetRow(indicator, cells))
    own = sum(1 for item in effective.values() if item.inherited_from is None)
    return TargetTable(years, rows, own, len(effective) - own)


def detail_context(
    user: Any,
    plan: Plan,
    *,
    target_form: TargetForm | None = None,
    reference_form: ReferenceForm | None = None,
) -> dict[str, Any]:
    can_plan = access.can_plan(user, plan.unit)
    context: dict[str, Any] = {
        "plan": plan,
        "badge": STATUS_BADGES.get(PlanStatus(plan.status), ""),
        "can_plan": can_plan,
        "references": plan.references.select_related("referenced_plan"),
        "table": target_table(plan),
        "responsibilities": Responsibility.objects.filter(plan=plan).prefetch_related("indicators"),
        "tasks": PlanTask.objects.filter(plan=plan),
        "reporting": ReportingRule.objects.filter(plan=plan),
        "budget_lines": BudgetLine.objects.filter(plan=plan).select_related("agency"),
        "children": plans_visible_to(user).filter(parent=plan),
    }
    if can_plan:
        indicators = indicators_visible_to(user).order_by("sort_order", "number", "part")
        context["target_form"] = mark_invalid(
            bootstrap(
                target_form
                or TargetForm(
                    indicators=indicators, initial={"year": plan.last_year}, prefix="target"
                )
            )
        )
        context["reference_form"] = mark_invalid(
            bootstrap(reference_form or ReferenceForm(prefix="ref"))
        )
    return context


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = plan_or_404(request, pk)
    return render(request, "plans/work/plan_detail.html", detail_context(user, plan))
