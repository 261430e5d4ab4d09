"""Roll-up of figures to any unit, for any period, across the 2025 reorganisation.

A measurement keeps the unit it was recorded against. For a target unit X of version V, a
row counts when its *effective path* lies under X's path: the unit's own path if it is of
version V, else its `counterpart_path` (the deepest unit of V that wholly contains it, see
`treem.geo.crosswalk`). Rows of a legacy unit that was split so that no single unit under X
contains it are left out and counted as `unassigned`, never shared out by guesswork.

Numerators and denominators are summed; a ratio is Σnumerator / Σdenominator. When figures
exist at several levels inside X (a province's own figure and its communes'), the level
closest to X wins, so nothing is counted twice; at equal depth the version of X wins.

The nation and provinces (paths of at most five characters) are read from `RollupSummary`,
sums per province kept up to date by triggers (`treem.plans.computed.rollup_cache`): a
national dashboard reads a few thousand sums instead of summing ~1.5 M commune rows. Deeper
units (districts, communes) are summed from the measurements of the units under them only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Substr

from treem.geo.models import LEVEL_DEPTH, Level, Unit
from treem.geo.selectors import ancestor_paths
from treem.plans.computed.rollup_cache import PREFIX, summary_groups, summary_ready
from treem.plans.domain.measures import ratio_value
from treem.plans.models import Indicator, Measurement, MeasurementState

APPROVED = (MeasurementState.APPROVED,)
DEPTH: dict[str, int] = {str(level): depth for level, depth in LEVEL_DEPTH.items()}


@dataclass
class Figure:
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    rows: int
    level: str
    unassigned: int = 0

    @property
    def level_label(self) -> str:
        return str(dict(Level.choices).get(self.level, self.level))


Key = tuple[int, str, str]  # (indicator id, unit path, period code)


def _effective_path(version: str) -> Case:
    return Case(
        When(unit__version=version, then=F("unit__path")),
        default=F("unit__counterpart_path"),
        output_field=CharField(),
    )


def rollup(
    *,
    indicators: Sequence[Indicator],
    units: Iterable[Unit],
    periods: Iterable[str],
    states: Sequence[str] = APPROVED,
) -> dict[Key, Figure]:
    """Figures for every indicator × unit × period asked for (missing keys: no data)."""
    by_id = {i.pk: i for i in indicators}
    period_codes = list(periods)
    groups: dict[tuple[str, int], list[Unit]] = defaultdict(list)
    for unit in units:
        groups[(unit.version, len(unit.path))].append(unit)
    result: dict[Key, Figure] = {}
    if any(length <= PREFIX for _, length in groups):
        summary_ready()
    for (version, length), targets in groups.items():
        if length <= PREFIX:
            result.update(_from_summary(by_id, targets, version, length, period_codes, states))
        else:
            result.update(_rollup_group(by_id, targets, version, length, period_codes, states))
    return result


def _from_summary(
    indicators: dict[int, Indicator],
    targets: list[Unit],
    version: str,
    length: int,
    periods: list[str],
    states: Sequence[str],
) -> dict[Key, Figure]:
    """The same figures as `_rollup_group`, from the per-province sums."""
    paths = [u.path for u in targets]
    above = sorted({a for path in paths for a in ancestor_paths(path)})
    rows = summary_groups(
        version=version,
        length=length,
        paths=paths,
        above=above,
        indicator_ids=list(indicators),
        periods=periods,
        states=states,
    )
    best: dict[Key, tuple[tuple[int, int], Figure]] = {}
    split: dict[Key, int] = defaultdict(int)
    for ind, period, path, is_split, level, source_version, num, den, n in rows:
        if is_split:
            split[(ind, path, period)] += n
            continue
        key = (ind, path, period)
        rank = (DEPTH[level], 0 if source_version == version else 1)
        if key not in best or rank < best[key][0]:
            value = ratio_value(num, den, indicators[ind].unit)
            best[key] = (rank, Figure(num, den, value, n, level))
    result = {key: figure for key, (_, figure) in best.items()}
    if split:
        for (ind, path, period), figure in result.items():
            for ancestor in ancestor_paths(path):
                figure.unassigned += split.get((ind, ancestor, period), 0)
    return result


def _base(
    indicator_ids: Iterable[int], periods: list[str], states: Sequence[str]
) -> QuerySet[Measurement]:
    return Measurement.objects.filter(
        indicator_id__in=list(indicator_ids), period__in=periods, state__in=list(states)
    )


def _rollup_group(
    indicators: dict[int, Indicator],
    targets: list[Unit],
    version: str,
    length: int,
    periods: list[str],
    states: Sequence[str],
) -> dict[Key, Figure]:
    paths = [u.path for u in targets]
    # Only rows of units under the targets, in either version (an indexed prefix on paths).
    under = Q()
    for path in paths:
        under |= Q(version=version, path__startswith=path)
        under |= Q(counterpart_path__startswith=path) & ~Q(version=version)
    rows = (
        _base(indicators, periods, states)
        .filter(unit__in=Unit.objects.filter(under).values("pk"))
        .annotate(eff=_effective_path(version))
        .annotate(key=Substr("eff", 1, length))
        .filter(key__in=paths)
        .values("indicator_id", "period", "key", "unit__level", "unit__version")
        .annotate(num=Sum("numerator"), den=Sum("denominator"), n=Count("id"))
        .order_by()
    )
    best: dict[Key, tuple[tuple[int, int], dict]] = {}
    for row in rows:
        key = (row["indicator_id"], row["key"], row["period"])
        rank = (LEVEL_DEPTH[Level(row["unit__level"])], 0 if row["unit__version"] == version else 1)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, row)
    result: dict[Key, Figure] = {}
    for key, (_, row) in best.items():
        indicator = indicators[key[0]]
        num, den = row["num"], row["den"]
        result[key] = Figure(
            numerator=num,
            denominator=den,
            value=ratio_value(num, den, indicator.unit),
            rows=row["n"],
            level=row["unit__level"],
        )
    _count_unassigned(result, indicators, targets, version, periods, states)
    return result


def _count_unassigned(
    result: dict[Key, Figure],
    indicators: dict[int, Indicator],
    targets: list[Unit],
    version: str,
    periods: list[str],
    states: Sequence[str],
) -> None:
    """Rows of the other version whose counterpart lies above the targets (split units)."""
    above: dict[str, list[str]] = defaultdict(list)
    for unit in targets:
        for path in ancestor_paths(unit.path):
            above[path].append(unit.path)
    if not above:
        return
    rows = (
        _base(indicators, periods, states)
        .exclude(unit__version=version)
        .filter(unit__counterpart_path__in=list(above))
        .values("indicator_id", "period", "unit__counterpart_path")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        for path in above[row["unit__counterpart_path"]]:
            key = (row["indicator_id"], path, row["period"])
            if key in result:
                result[key].unassigned += row["n"]


def rollup_one(indicator: Indicator, unit: Unit, period: str) -> Figure | None:
    return rollup(indicators=[indicator], units=[unit], periods=[period]).get(
        (indicator.pk, unit.path, period)
    )


__all__ = ["Figure", "rollup", "rollup_one"]
