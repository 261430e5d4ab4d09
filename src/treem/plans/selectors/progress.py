"""Progress of each indicator at a unit against the targets that govern it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from treem.geo.models import Unit
from treem.geo.selectors import ancestor_paths
from treem.plans.domain.comparators import describe
from treem.plans.domain.progress import Point, Status, Thresholds, Verdict, judge
from treem.plans.models import Indicator, Plan, PlanStatus, Target
from treem.plans.selectors.plans import EffectiveTarget, effective_targets
from treem.plans.selectors.rollup import Figure, rollup


def thresholds() -> Thresholds:
    return Thresholds(at_risk_share=Decimal(str(settings.PROGRESS_AT_RISK_SHARE)))


class PlanResolver:
    """The governing plan of many units with one query: each unit's own active plan, else the
    nearest enclosing unit's."""

    def __init__(self, units: Sequence[Unit], year: int) -> None:
        paths = {p for u in units for p in [*ancestor_paths(u.path), u.path]}
        plans = Plan.objects.filter(
            unit_path__in=paths, status=PlanStatus.ACTIVE, first_year__lte=year, last_year__gte=year
        ).select_related("unit", "parent__unit")
        self._by_path: dict[str, Plan] = {}
        for plan in sorted(plans, key=lambda p: (p.first_year, p.pk)):
            self._by_path[plan.unit_path] = plan
        self._targets: dict[int, dict[tuple[int, int], EffectiveTarget]] = {}

    def plan_for(self, unit: Unit) -> Plan | None:
        for path in [unit.path, *reversed(ancestor_paths(unit.path))]:
            if path in self._by_path:
                return self._by_path[path]
        return None

    def targets(self, plan: Plan) -> dict[tuple[int, int], EffectiveTarget]:
        if plan.pk not in self._targets:
            self._targets[plan.pk] = effective_targets(plan)
        return self._targets[plan.pk]


@dataclass
class Cell:
    indicator: Indicator
    unit: Unit
    figure: Figure | None
    target: Target | None
    target_text: str
    verdict: Verdict
    plan: Plan | None = None
    inherited_from: Plan | None = None
    history: list[Point] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return self.verdict.status


def milestone(
    targets: dict[tuple[int, int], EffectiveTarget], indicator: Indicator, year: int
) -> EffectiveTarget | None:
    """The target of the nearest target year at or after `year` (else the last one)."""
    years = _years_index(targets).get(indicator.pk)
    if not years:
        return None
    chosen = next((y for y in years if y >= year), years[-1])
    return targets[(indicator.pk, chosen)]


_INDEX: dict[int, tuple[dict[tuple[int, int], EffectiveTarget], dict[int, list[int]]]] = {}


def _years_index(targets: dict[tuple[int, int], EffectiveTarget]) -> dict[int, list[int]]:
    """Target years per indicator, built once per targets mapping (a page judges hundreds of
    cells against the same few plans)."""
    cached = _INDEX.get(id(targets))
    if cached is not None and cached[0] is targets:
        return cached[1]
    index: dict[int, list[int]] = {}
    for indicator_id, year in sorted(targets):
        index.setdefault(indicator_id, []).append(year)
    if len(_INDEX) > 256:
        _INDEX.clear()
    _INDEX[id(targets)] = (targets, index)
    return index


def progress(
    *,
    indicators: Sequence[Indicator],
    units: Sequence[Unit],
    year: int,
    first_year: int | None = None,
) -> dict[tuple[int, str], Cell]:
    """{(indicator id, unit path): cell} for the year, judging each against its milestone."""
    resolver = PlanResolver(units, year)
    start = first_year or min(
        [p.first_year - 1 for u in units if (p := resolver.plan_for(u))] or [year - 5]
    )
    years = [str(y) for y in range(start, year + 1)]
    figures = rollup(indicators=indicators, units=units, periods=years)
    rule = thresholds()
    cells: dict[tuple[int, str], Cell] = {}
    for unit in units:
        plan = resolver.plan_for(unit)
        targets = resolver.targets(plan) if plan else {}
        for indicator in indicators:
            history = [
                Point(int(y), f.value)
                for y in years
                if (f := figures.get((indicator.pk, unit.path, y))) is not None
                and f.value is not None
            ]
            cells[(indicator.pk, unit.path)] = _cell(
                indicator,
                unit,
                plan,
                targets,
                history,
                figures.get((indicator.pk, unit.path, str(year))),
                year,
                rule,
            )
    return cells


def _cell(
    indicator: Indicator,
    unit: Unit,
    plan: Plan | None,
    targets: dict[tuple[int, int], EffectiveTarget],
    history: list[Point],
    figure: Figure | None,
    year: int,
    rule: Thresholds,
) -> Cell:
    chosen = milestone(targets, indicator, year)
    latest = history[-1] if history else None
    if chosen is None:
        reason = "Chưa có chỉ tiêu kế hoạch cho chỉ tiêu này." if latest else "Chưa có số liệu."
        return Cell(
            indicator, unit, figure, None, "", Verdict(Status.NO_DATA, reason), plan, None, history
        )
    target = chosen.target
    previous = next((p for p in history if latest and p.year == latest.year - 1), None)
    verdict = judge(
        comparator=target.comparator,
        target=target.value,
        target_year=target.year,
        unit=target.unit,
        baseline=history[0] if history else None,
        latest=latest,
        previous=previous,
        high=target.value_high,
        direction=indicator.direction,
        thresholds=rule,
    )
    goal = describe(target.comparator, target.value, target.unit, target.value_high)
    text = f"{goal} ({target.year})"
    return Cell(
        indicator, unit, figure, target, text, verdict, plan, chosen.inherited_from, history
    )
