"""Plans, targets and the catalogue as a user may see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from treem.core.errors import NotFound
from treem.geo.models import Level, Unit, Version
from treem.geo.selectors import ancestor_paths
from treem.org import scope
from treem.plans.access import READ_ROLES
from treem.plans.models import Indicator, Plan, PlanStatus, Target


def indicators_visible_to(user: Any) -> QuerySet[Indicator]:
    """The national catalogue plus the items the user's provinces added."""
    provinces = {
        m.unit.province_code for m in scope.active_memberships(user) if m.unit.province_code
    }
    return Indicator.objects.filter(
        Q(province_code="") | Q(province_code__in=provinces), active=True
    )


def indicator_get(user: Any, code: str) -> Indicator:
    found = indicators_visible_to(user).filter(code=code).first()
    if found is None:
        raise NotFound(f"Không có chỉ tiêu mã '{code}' trong danh mục.")
    return found


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    """Plans of the user's areas and of the units above them."""
    roots = scope.unit_paths(user, READ_ROLES)
    if not roots:
        return Plan.objects.none()
    above = {p for root in roots for p in ancestor_paths(root)}
    condition = Q(unit_path__in=above)
    for root in roots:
        condition |= Q(unit_path__startswith=root)
    return Plan.objects.filter(condition).select_related("unit", "agency", "parent")


def plan_get(user: Any, pk: int) -> Plan:
    plan = plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch, hoặc kế hoạch không thuộc địa bàn của bạn.")
    return plan


def governing_plan(unit: Unit, year: int) -> Plan | None:
    """The plan that sets the unit's targets for the year: the unit's own active plan, else
    the nearest enclosing unit's (a commune without a plan follows the province's)."""
    paths = [*ancestor_paths(unit.path), unit.path]
    candidates = Plan.objects.filter(
        unit_path__in=paths,
        status=PlanStatus.ACTIVE,
        first_year__lte=year,
        last_year__gte=year,
    ).order_by("-unit_path", "-first_year", "-pk")
    return candidates.first()


@dataclass(frozen=True)
class EffectiveTarget:
    target: Target
    inherited_from: Plan | None  # None when the plan sets the target itself


def effective_targets(plan: Plan) -> dict[tuple[int, int], EffectiveTarget]:
    """{(indicator id, year): target} — for each indicator, the targets of the nearest plan in
    the chain that sets any for it: the plan itself, else the plan it implements (then that
    plan's parent …), or failing a parent, the plan governing the enclosing unit. A plan that
    sets one target for an indicator thereby replaces all inherited targets of that indicator
    (its 2030 goal is not mixed with the national plan's yearly ones)."""
    chain: list[Plan] = []
    current: Plan | None = plan
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent or _enclosing_plan(current)
    rows = Target.objects.filter(plan__in=chain).select_related("indicator")
    by_plan: dict[int, list[Target]] = {p.pk: [] for p in chain}
    for target in rows:
        by_plan[target.plan_id].append(target)
    result: dict[tuple[int, int], EffectiveTarget] = {}
    decided: set[int] = set()
    for index, source in enumerate(chain):
        found = {t.indicator_id for t in by_plan[source.pk]} - decided
        for target in by_plan[source.pk]:
            if target.indicator_id in found:
                key = (target.indicator_id, target.year)
                result[key] = EffectiveTarget(target, None if index == 0 else source)
        decided |= found
    return result


def _enclosing_plan(plan: Plan) -> Plan | None:
    if plan.unit.level == Level.NATION:
        return None
    parent_paths = ancestor_paths(plan.unit_path)
    return (
        Plan.objects.filter(unit_path__in=parent_paths, status=PlanStatus.ACTIVE)
        .select_related("unit")
        .order_by("-unit_path", "-first_year", "-pk")
        .first()
    )


def national_plan() -> Plan | None:
    nation = Unit.objects.filter(version=Version.CURRENT, level=Level.NATION).first()
    if nation is None:
        return None
    return (
        Plan.objects.filter(unit=nation, status=PlanStatus.ACTIVE).order_by("-first_year").first()
    )
