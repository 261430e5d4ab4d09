"""Progress of each indicator at a unit against the targets that govern it.

Judged cells are kept (per process, a few dozen pages) with what they were judged from: the
roll-up's token (equal only for figures built from equal reads of the database) and every
plan and target row read. Each call reads those again; when all are equal the kept verdicts
are reused, else everything is judged afresh. So a write of a measurement, target or plan
shows at once, and a national page does not judge 1,225 cells again on every view.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from treem.geo.models import Unit
from treem.plans.domain.comparators import describe
from treem.plans.domain.progress import Point, Status, Thresholds, Verdict, judge
from treem.plans.models import Indicator, Plan, Target
from treem.plans.selectors.plans import EffectiveTarget
from treem.plans.selectors.rollup import Figure, Figures, rollup_token
from treem.plans.selectors.targets import Chosen, PlanResolver


def thresholds() -> Thresholds:
    return Thresholds(at_risk_share=Decimal(str(settings.PROGRESS_AT_RISK_SHARE)))


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
    years = sorted(y for i, y in targets if i == indicator.pk)
    if not years:
        return None
    chosen = next((y for y in years if y >= year), years[-1])
    return targets[(indicator.pk, chosen)]


# What a cell is judged to, without the request's objects: (figure, history, verdict, text).
Judged = tuple[Figure | None, tuple[Point, ...], Verdict, str]
_KEPT: OrderedDict[tuple[Any, ...], tuple[Any, dict[tuple[int, str], Judged]]] = OrderedDict()
_KEPT_SIZE = 32
_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget kept verdicts (benchmarks time the uncached path with it)."""
    with _LOCK:
        _KEPT.clear()


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
    figures, token = rollup_token(indicators=indicators, units=units, periods=years, copy=False)
    rule = thresholds()
    key = (
        tuple((i.pk, i.unit, i.direction) for i in indicators),
        tuple((u.path, u.version) for u in units),
        year,
        tuple(years),
        rule,
    )
    read = (token, resolver.fingerprint())
    with _LOCK:
        kept = _KEPT.get(key)
    if kept is not None and kept[0] == read:
        judged = kept[1]
    else:
        judged = _judge_all(indicators, units, resolver, figures, years, year, rule)
        with _LOCK:
            _KEPT[key] = (read, judged)
            _KEPT.move_to_end(key)
            while len(_KEPT) > _KEPT_SIZE:
                _KEPT.popitem(last=False)
    cells: dict[tuple[int, str], Cell] = {}
    targets: dict[int | None, list[tuple[Target | None, Plan | None]]] = {}
    for unit in units:
        plan = resolver.plan_for(unit)
        plan_id = plan.pk if plan else None
        if plan_id not in targets:
            targets[plan_id] = [resolver.milestone(plan, i) or (None, None) for i in indicators]
        for indicator, (target, inherited) in zip(indicators, targets[plan_id], strict=True):
            figure, history, verdict, text = judged[(indicator.pk, unit.path)]
            cells[(indicator.pk, unit.path)] = Cell(
                indicator, unit, figure, target, text, verdict, plan, inherited, list(history)
            )
    return cells


def _judge_all(
    indicators: Sequence[Indicator],
    units: Sequence[Unit],
    resolver: PlanResolver,
    figures: Figures,
    years: list[str],
    year: int,
    rule: Thresholds,
) -> dict[tuple[int, str], Judged]:
    texts: dict[int, str] = {}  # the milestone's words, once per target
    this_year = str(year)
    judged: dict[tuple[int, str], Judged] = {}
    for unit in units:
        plan = resolver.plan_for(unit)
        for indicator in indicators:
            history: list[Point] = []
            for y in years:
                found = figures.get((indicator.pk, unit.path, y))
                if found is not None and found.value is not None:
                    history.append(Point(int(y), found.value))
            chosen = resolver.milestone(plan, indicator)
            verdict, text = _verdict(indicator, chosen, history, rule, texts)
            figure = figures.get((indicator.pk, unit.path, this_year))
            judged[(indicator.pk, unit.path)] = (figure, tuple(history), verdict, text)
    return judged


def _verdict(
    indicator: Indicator,
    chosen: Chosen | None,
    history: list[Point],
    rule: Thresholds,
    texts: dict[int, str],
) -> tuple[Verdict, str]:
    latest = history[-1] if history else None
    if chosen is None:
        reason = "Chưa có chỉ tiêu kế hoạch cho chỉ tiêu này." if latest else "Chưa có số liệu."
        return Verdict(Status.NO_DATA, reason), ""
    target = chosen[0]
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
    if target.pk not in texts:
        goal = describe(target.comparator, target.value, target.unit, target.value_high)
        texts[target.pk] = f"{goal} ({target.year})"
    return verdict, texts[target.pk]


__all__ = ["Cell", "PlanResolver", "clear_cache", "milestone", "progress", "thresholds"]
