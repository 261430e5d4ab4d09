"""Adding the parts of a plan besides its targets: who leads which indicators, the tasks of its
appendix, its reporting deadlines and its budget lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from treem.core.audit import audit_write
from treem.core.cleaning import full_clean
from treem.core.errors import Forbidden, Invalid
from treem.org.models import Agency
from treem.plans import access
from treem.plans.models import (
    BudgetLine,
    Indicator,
    Plan,
    PlanTask,
    ReportingRule,
    ReportPeriod,
    Responsibility,
)
from treem.plans.models.parts import BudgetLineKind


def _require_plan(actor: Any, plan: Plan) -> None:
    if actor is not None and not access.can_plan(actor, plan.unit):
        raise Forbidden(f"Bạn không có quyền quản lý kế hoạch của {plan.unit.full_name}.")


def responsibility_add(
    *,
    actor: Any,
    plan: Plan,
    agency_name: str,
    indicators: Iterable[Indicator] = (),
    agency: Agency | None = None,
    line: int | None = None,
) -> Responsibility:
    _require_plan(actor, plan)
    items = list(indicators)
    with transaction.atomic():
        row = Responsibility(plan=plan, agency_name=agency_name.strip(), agency=agency, line=line)
        full_clean(row)
        row.save()
        row.indicators.set(items)
        audit_write(
            actor=actor,
            action="plans.responsibility.add",
            obj=plan,
            unit=plan.unit,
            changes={
                "agency": row.agency_name,
                "agency_id": agency.pk if agency else None,
                "indicators": [item.code for item in items],
            },
        )
    return row


def task_add(
    *,
    actor: Any,
    plan: Plan,
    text: str,
    lead_name: str = "",
    coordinating: str = "",
    lead: Agency | None = None,
    order: int = 0,
    line: int | None = None,
) -> PlanTask:
    _require_plan(actor, plan)
    with transaction.atomic():
        task = PlanTask(
            plan=plan,
            order=order,
            text=text.strip(),
            lead_name=lead_name.strip(),
            lead=lead,
            coordinating=coordinating.strip(),
            line=line,
        )
        full_clean(task)
        task.save()
        audit_write(
            actor=actor,
            action="plans.task.add",
            obj=plan,
            unit=plan.unit,
            changes={"task": task.text[:200], "lead": task.lead_name},
        )
    return task


def reporting_rule_add(
    *,
    actor: Any,
    plan: Plan,
    period: str,
    due_day: int | None = None,
    due_month: int | None = None,
    recipient: str = "",
    line: int | None = None,
) -> ReportingRule:
    _require_plan(actor, plan)
    if period not in ReportPeriod.values:
        raise Invalid(
            f"Kỳ báo cáo «{period}» không hợp lệ.",
            details={"period": "Chọn 6 tháng, hằng năm hoặc đột xuất."},
        )
    if (due_day is None) != (due_month is None):
        raise Invalid(
            "Hạn báo cáo cần cả ngày và tháng.", details={"due_day": "Nhập đủ ngày và tháng."}
        )
    if due_day is not None and due_month is not None:
        try:
            dt.date(2024, due_month, due_day)  # a leap year: 29/02 is a valid deadline
        except ValueError:
            raise Invalid(
                f"Hạn báo cáo {due_day}/{due_month} không phải là một ngày có thật.",
                details={"due_day": "Nhập ngày và tháng hợp lệ, ví dụ 15/12."},
            ) from None
    with transaction.atomic():
        rule = ReportingRule(
            plan=plan,
            period=period,
            due_day=due_day,
            due_month=due_month,
            recipient=recipient.strip(),
            line=line,
        )
        full_clean(rule)
        rule.save()
        audit_write(
            actor=actor,
            action="plans.reporting.add",
            obj=plan,
            unit=plan.unit,
            changes={"period": period, "due": f"{due_day}/{due_month}", "to": rule.recipient},
        )
    return rule


def budget_line_add(
    *,
    actor: Any,
    plan: Plan,
    label: str,
    amount: Decimal,
    year: int | None = None,
    row: int = 0,
    line: int | None = None,
    kind: str = BudgetLineKind.ITEM,
    agency_name: str = "",
    agency: Agency | None = None,
) -> BudgetLine:
    """One amount (in đồng) of the plan's budget table: a row and a year (or the row's total
    when the year is unknown). `kind` marks rows that sum others, so that sums can skip them."""
    _require_plan(actor, plan)
    if kind not in BudgetLineKind.values:
        raise Invalid(
            f"Kinh phí «{label[:60]}»: loại dòng «{kind}» không hợp lệ.",
            details={"kind": "Chọn khoản chi, cộng nhóm hoặc tổng cộng."},
        )
    if amount < 0:
        raise Invalid(
            f"Kinh phí «{label[:60]}»: số tiền không được âm.", details={"amount": "Nhập số ≥ 0."}
        )
    if year is not None and not plan.first_year <= year <= plan.last_year:
        raise Invalid(
            f"Kinh phí «{label[:60]}»: năm {year} nằm ngoài giai đoạn kế hoạch "
            f"{plan.first_year}–{plan.last_year}.",
            details={"year": f"Chọn năm từ {plan.first_year} đến {plan.last_year}."},
        )
    with transaction.atomic():
        budget = BudgetLine(
            plan=plan,
            row=row,
            label=label.strip(),
            year=year,
            amount=amount,
            line=line,
            kind=kind,
            agency_name=agency_name.strip(),
            agency=agency,
        )
        full_clean(budget)
        budget.save()
        audit_write(
            actor=actor,
            action="plans.budget.add",
            obj=plan,
            unit=plan.unit,
            changes={
                "label": budget.label[:200],
                "year": year,
                "amount": str(amount),
                "kind": kind,
                "agency": budget.agency_name,
            },
        )
    return budget
