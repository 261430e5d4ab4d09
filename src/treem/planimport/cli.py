"""`treem plan import FILE --unit CODE [--user USERNAME] [--parent PLAN_NUMBER] [--confirm]`:
read a plan document into a draft (and with --confirm, into a plan) through the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from treem.core.errors import Invalid, NotFound
from treem.core.text import fold
from treem.geo.models import Unit, Version
from treem.org.models import User
from treem.plans.domain.extraction import budget_rows
from treem.plans.models import Plan, PlanDraft
from treem.plans.selectors.drafts import parent_plan_choices, plan_part_counts
from treem.plans.services.drafts import plan_draft_confirm, plan_draft_create, plan_draft_update


def import_plan(
    path: str,
    *,
    unit_code: str,
    username: str | None = None,
    parent_number: str | None = None,
    number: str | None = None,
    confirm: bool = False,
    activate: bool = False,
) -> dict[str, Any]:
    """Create the draft (and the plan); return the summary printed as the last line."""
    actor = _user(username) if username else None
    unit = Unit.objects.filter(version=Version.CURRENT, code=unit_code).first()
    if unit is None:
        raise NotFound(f"Không có đơn vị hành chính hiện hành mã «{unit_code}».")
    parent = _parent(actor, unit, parent_number) if parent_number else None
    file = Path(path)
    if not file.is_file():
        raise NotFound(f"Không tìm thấy tệp «{path}». Hãy kiểm tra lại đường dẫn.")
    draft = plan_draft_create(actor=actor, unit=unit, file_name=file.name, data=file.read_bytes())
    if number:
        extraction = dict(draft.extraction)
        extraction["document"] = {**extraction["document"], "number": number}
        plan_draft_update(actor=actor, draft=draft, extraction=extraction)
    plan = None
    if confirm:
        try:
            plan = plan_draft_confirm(actor=actor, draft=draft, parent=parent, activate=activate)
        except Invalid as exc:
            raise Invalid(
                f"{exc.message} (Bản đọc {draft.pk} đã lưu: sửa trên web rồi xác nhận.)",
                details=exc.details,
            ) from None
    return summary(draft, plan)


def summary(draft: PlanDraft, plan: Plan | None) -> dict[str, Any]:
    data = draft.extraction
    if plan is not None:
        counts = plan_part_counts(plan)
    else:
        try:
            budget = len(budget_rows(data.get("budget")))
        except Invalid:
            budget = 0
        counts = {
            "targets": len(data.get("targets", [])),
            "assignments": len(data.get("assignments", [])),
            "tasks": len(data.get("tasks", [])),
            "reporting": len(data.get("reporting", [])),
            "budget_lines": budget,
        }
    return {
        "draft": str(draft.pk),
        "plan": plan.pk if plan else None,
        **counts,
        "warnings": len(data.get("warnings", [])),
    }


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"Không có người dùng «{username}» (hoặc tài khoản đã bị khóa).")
    return user


def _parent(actor: User | None, unit: Unit, number: str) -> Plan:
    found = [p for p in parent_plan_choices(actor, unit) if fold(p.number) == fold(number)]
    if not found:
        raise NotFound(
            f"Không có kế hoạch số «{number}» của {unit.full_name} hoặc cấp trên để làm kế "
            "hoạch cấp trên."
        )
    if len(found) > 1:
        places = ", ".join(f"{p.unit.full_name} ({p.first_year}–{p.last_year})" for p in found)
        raise Invalid(f"Có nhiều kế hoạch số «{number}»: {places}. Hãy chọn trên web.")
    return found[0]
