"""The governing plans of many units and their effective targets, in a fixed handful of
queries whatever the number of units and plans (the rules are those of
`selectors.plans.governing_plan` and `selectors.plans.effective_targets`, which answer for
one unit or plan at a time).

Targets are read as plain rows; a `Target` object is made only for the milestone a cell is
judged against. `fingerprint` is everything read, so a cache of judged cells can tell whether
a plan or a target changed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from treem.geo.models import Level, Unit
from treem.geo.selectors import ancestor_paths
from treem.plans.models import Indicator, Plan, PlanStatus, Target

TARGET_FIELDS = tuple(f.attname for f in Target._meta.concrete_fields)
_PK, _PLAN, _INDICATOR, _YEAR = (
    TARGET_FIELDS.index(name) for name in ("id", "plan_id", "indicator_id", "year")
)
TargetRow = tuple[Any, ...]
# (indicator id, year) → (target row, pk of the plan it is inherited from or None)
Effective = dict[tuple[int, int], tuple[TargetRow, int | None]]
Chosen = tuple[Target, Plan | None]


class PlanResolver:
    """Each unit's governing plan for the year (its own active plan, else the nearest
    enclosing unit's) and each plan's effective targets: one query for the plans on the
    units' paths, one for the targets of every plan in their chains (a parent plan off those
    paths costs one more)."""

    def __init__(self, units: Sequence[Unit], year: int) -> None:
        self.year = year
        self._plans: dict[int, Plan] = {}
        self._active: dict[str, list[Plan]] = {}  # active plans by unit path, any year
        self._paths: set[str] = set()
        self._load_paths({p for u in units for p in [*ancestor_paths(u.path), u.path]})
        self._governing: dict[str, Plan | None] = {}
        for unit in units:
            self._governing[unit.path] = self._governing_for(unit.path)
        self._chains: dict[int, list[Plan]] = {}
        for plan in {p.pk: p for p in self._governing.values() if p}.values():
            self._chains[plan.pk] = self._chain(plan)
        chain_ids = sorted({p.pk for chain in self._chains.values() for p in chain})
        self._rows: list[TargetRow] = []
        if chain_ids:
            self._rows = list(
                Target.objects.filter(plan_id__in=chain_ids)
                .order_by("pk")
                .values_list(*TARGET_FIELDS)
            )
        self._effective: dict[int, Effective] = {}
        self._years: dict[int, dict[int, list[int]]] = {}
        self._chosen: dict[tuple[int, int], Chosen | None] = {}
        self._db = Target.objects.db

    # --- reading plans -------------------------------------------------------------------

    def _load_paths(self, paths: Iterable[str]) -> None:
        missing = set(paths) - self._paths
        if not missing:
            return
        self._paths |= missing
        found = Plan.objects.filter(unit_path__in=missing, status=PlanStatus.ACTIVE)
        for plan in found.select_related("unit").order_by():
            self._plans.setdefault(plan.pk, plan)
            self._active.setdefault(plan.unit_path, []).append(plan)

    def _plan(self, pk: int) -> Plan:
        if pk not in self._plans:
            plan = Plan.objects.select_related("unit").get(pk=pk)
            self._plans[pk] = plan
        return self._plans[pk]

    def _governing_for(self, path: str) -> Plan | None:
        for candidate in [path, *reversed(ancestor_paths(path))]:
            running = [
                p
                for p in self._active.get(candidate, [])
                if p.first_year <= self.year <= p.last_year
            ]
            if running:
                return max(running, key=lambda p: (p.first_year, p.pk))
        return None

    def _enclosing(self, plan: Plan) -> Plan | None:
        """As `selectors.plans._enclosing_plan`: the nearest active plan above, any year."""
        if plan.unit.level == Level.NATION:
            return None
        above = ancestor_paths(plan.unit_path)
        self._load_paths(above)
        for path in reversed(above):  # nearest first
            found = self._active.get(path, [])
            if found:
                return max(found, key=lambda p: (p.first_year, p.pk))
        return None

    def _chain(self, plan: Plan) -> list[Plan]:
        chain: list[Plan] = []
        current: Plan | None = plan
        seen: set[int] = set()
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            if current.parent_id is not None:
                current = self._plan(current.parent_id)
            else:
                current = self._enclosing(current)
        return chain

    # --- answers ---------------------------------------------------------------------------

    def plan_for(self, unit: Unit) -> Plan | None:
        if unit.path not in self._governing:
            self._governing[unit.path] = self._governing_for(unit.path)
        return self._governing[unit.path]

    def fingerprint(self) -> tuple[Any, ...]:
        """Every plan and target row the answers depend on."""
        plans = tuple(
            (p.pk, p.unit_path, p.unit.level, p.status, p.first_year, p.last_year, p.parent_id)
            for p in sorted(self._plans.values(), key=lambda p: p.pk)
        )
        governing = tuple((path, p.pk if p else None) for path, p in self._governing.items())
        return plans, governing, tuple(self._rows)

    def effective(self, plan: Plan) -> Effective:
        """As `effective_targets(plan)`, from the rows read once."""
        if plan.pk not in self._effective:
            chain = self._chains.get(plan.pk) or self._chain(plan)
            by_plan: dict[int, list[TargetRow]] = {p.pk: [] for p in chain}
            for row in self._rows:
                if row[_PLAN] in by_plan:
                    by_plan[row[_PLAN]].append(row)
            result: Effective = {}
            decided: set[int] = set()
            for index, source in enumerate(chain):
                found = {row[_INDICATOR] for row in by_plan[source.pk]} - decided
                for row in by_plan[source.pk]:
                    if row[_INDICATOR] in found:
                        inherited = None if index == 0 else source.pk
                        result[(row[_INDICATOR], row[_YEAR])] = (row, inherited)
                decided |= found
            self._effective[plan.pk] = result
        return self._effective[plan.pk]

    def milestone(self, plan: Plan | None, indicator: Indicator) -> Chosen | None:
        """The target of the nearest target year at or after the year (else the last one),
        with the plan it is inherited from; one `Target` object per plan and indicator."""
        if plan is None:
            return None
        key = (plan.pk, indicator.pk)
        if key not in self._chosen:
            effective = self.effective(plan)
            if plan.pk not in self._years:
                index: dict[int, list[int]] = {}
                for indicator_id, year in sorted(effective):
                    index.setdefault(indicator_id, []).append(year)
                self._years[plan.pk] = index
            years = self._years[plan.pk].get(indicator.pk)
            chosen: Chosen | None = None
            if years:
                year = next((y for y in years if y >= self.year), years[-1])
                row, inherited = effective[(indicator.pk, year)]
                target = Target.from_db(self._db, list(TARGET_FIELDS), row)
                target.indicator = indicator  # as `select_related` would have it
                chosen = (target, self._plans[inherited] if inherited else None)
            self._chosen[key] = chosen
        return self._chosen[key]


__all__ = ["PlanResolver"]
