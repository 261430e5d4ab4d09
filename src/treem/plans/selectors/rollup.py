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

Figures built from a read are kept (per process, a few dozen reads) beside the rows they were
built from: a later identical roll-up reads the rows again (the database stays the only
judge of what is current, so any writer's change shows at once) and, when they are equal,
reuses the figures instead of building thousands again. `rollup_token` names the reads a
result was built from, for caches of what is derived from figures (`progress`).
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Substr

from treem.geo.models import LEVEL_DEPTH, Level, Unit
from treem.geo.selectors import ancestor_paths
from treem.plans.computed.rollup_cache import (
    PREFIX,
    RawRow,
    SummaryGroup,
    SummaryRow,
    group_sums,
    summary_ready,
    summary_rows,
)
from treem.plans.domain.measures import ratio_value
from treem.plans.models import Indicator, Measurement, MeasurementState

APPROVED = (MeasurementState.APPROVED,)
DEPTH: dict[str, int] = {str(level): depth for level, depth in LEVEL_DEPTH.items()}
LEVEL_LABELS: dict[str, Any] = dict(Level.choices)  # lazy: read in the active language


@dataclass(frozen=True, slots=True)
class Figure:
    """Frozen: one figure may be handed to many callers from the cache."""

    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    rows: int
    level: str
    unassigned: int = 0

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, self.level))


Key = tuple[int, str, str]  # (indicator id, unit path, period code)
Figures = dict[Key, Figure]


@dataclass(frozen=True)
class _Built:
    rows: Any  # what the figures were built from, as read
    figures: Figures
    generation: int


_BUILT: OrderedDict[tuple[Any, ...], _Built] = OrderedDict()
_BUILT_SIZE = 64
_LOCK = threading.Lock()
_GENERATIONS = itertools.count(1)


def _reuse(key: tuple[Any, ...], rows: Any, build: Any) -> _Built:
    """The figures built from `rows`: kept ones if the same read gave the same rows."""
    with _LOCK:
        kept = _BUILT.get(key)
    if kept is not None and kept.rows == rows:
        with _LOCK:
            if key in _BUILT:
                _BUILT.move_to_end(key)
        return kept
    built = _Built(rows, build(rows), next(_GENERATIONS))
    with _LOCK:
        _BUILT[key] = built
        while len(_BUILT) > _BUILT_SIZE:
            _BUILT.popitem(last=False)
    return built


def clear_cache() -> None:
    """Forget kept figures (benchmarks time the uncached path with it)."""
    with _LOCK:
        _BUILT.clear()


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
) -> Figures:
    """Figures for every indicator × unit × period asked for (missing keys: no data)."""
    return rollup_token(indicators=indicators, units=units, periods=periods, states=states)[0]


def rollup_token(
    *,
    indicators: Sequence[Indicator],
    units: Iterable[Unit],
    periods: Iterable[str],
    states: Sequence[str] = APPROVED,
    copy: bool = True,
) -> tuple[Figures, tuple[int, ...]]:
    """`rollup`, with a token that is equal for two calls only if their figures were built
    from equal reads (so anything derived from the figures alone may be reused). With
    `copy=False` the kept mapping itself may be handed out: the caller must not change it."""
    by_id = {i.pk: i for i in indicators}
    units_of = tuple((i.pk, i.unit) for i in indicators)
    period_codes = list(periods)
    groups: dict[tuple[str, int], list[Unit]] = defaultdict(list)
    for unit in units:
        groups[(unit.version, len(unit.path))].append(unit)
    shallow = [
        SummaryGroup(version, length, tuple(u.path for u in targets), _above(targets))
        for (version, length), targets in groups.items()
        if length <= PREFIX
    ]
    parts: list[_Built] = []
    if shallow:
        summary_ready()
    for version in sorted({group.version for group in shallow}):
        mine = [group for group in shallow if group.version == version]
        rows = summary_rows(
            version=version,
            groups=mine,
            indicator_ids=list(by_id),
            periods=period_codes,
            states=states,
        )
        key: tuple[Any, ...] = (
            "summary",
            tuple(mine),
            units_of,
            tuple(period_codes),
            tuple(states),
        )
        parts.append(_reuse(key, rows, lambda read, g=mine: _from_summary(by_id, g, read)))
    for (version, length), targets in groups.items():
        if length > PREFIX:
            paths = tuple(u.path for u in targets)
            read = _read_group(by_id, targets, version, length, period_codes, states)
            key = ("group", version, length, paths, units_of, tuple(period_codes), tuple(states))
            parts.append(
                _reuse(key, read, lambda r, t=targets, v=version: _group_figures(by_id, t, v, r))
            )
    if len(parts) == 1:
        result = dict(parts[0].figures) if copy else parts[0].figures
    else:
        result = {}
        for part in parts:
            result.update(part.figures)
    return result, tuple(part.generation for part in parts)


def _above(targets: list[Unit]) -> tuple[str, ...]:
    return tuple(sorted({a for unit in targets for a in ancestor_paths(unit.path)}))


def _from_summary(
    indicators: dict[int, Indicator], groups: list[SummaryGroup], rows: list[RawRow]
) -> Figures:
    """The same figures as `_rollup_group`, from the per-province sums (one version)."""
    result: Figures = {}
    for group in groups:
        result.update(_summary_figures(indicators, group.version, group_sums(group, rows)))
    return result


def _summary_figures(
    indicators: dict[int, Indicator], version: str, rows: list[SummaryRow]
) -> Figures:
    best: dict[Key, tuple[tuple[int, int], SummaryRow]] = {}
    split: dict[Key, int] = defaultdict(int)
    for row in rows:
        ind, period, path, is_split, level, source_version = row[:6]
        key = (ind, path, period)
        if is_split:
            split[key] += row[8]
            continue
        rank = (DEPTH[level], 0 if source_version == version else 1)
        kept = best.get(key)
        if kept is None or rank < kept[0]:
            best[key] = (rank, row)
    ancestors: dict[str, list[str]] = {}
    result: Figures = {}
    for key, (_, row) in best.items():
        ind, period, path, _, level, _, num, den, n = row
        unassigned = 0
        if split:
            if path not in ancestors:
                ancestors[path] = ancestor_paths(path)
            unassigned = sum(split.get((ind, a, period), 0) for a in ancestors[path])
        value = ratio_value(num, den, indicators[ind].unit)
        result[key] = Figure(num, den, value, n, level, unassigned)
    return result


def _base(
    indicator_ids: Iterable[int], periods: list[str], states: Sequence[str]
) -> QuerySet[Measurement]:
    return Measurement.objects.filter(
        indicator_id__in=list(indicator_ids), period__in=periods, state__in=list(states)
    )


GroupRead = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _read_group(
    indicators: dict[int, Indicator],
    targets: list[Unit],
    version: str,
    length: int,
    periods: list[str],
    states: Sequence[str],
) -> GroupRead:
    """Sums per target, level and version of the rows' units, and the rows of the other
    version whose counterpart lies above the targets (split units), as read."""
    paths = [u.path for u in targets]
    # Only rows of units under the targets, in either version (an indexed prefix on paths).
    under = Q()
    for path in paths:
        under |= Q(version=version, path__startswith=path)
        under |= Q(counterpart_path__startswith=path) & ~Q(version=version)
    sums = list(
        _base(indicators, periods, states)
        .filter(unit__in=Unit.objects.filter(under).values("pk"))
        .annotate(eff=_effective_path(version))
        .annotate(key=Substr("eff", 1, length))
        .filter(key__in=paths)
        .values_list("indicator_id", "period", "key", "unit__level", "unit__version")
        .annotate(num=Sum("numerator"), den=Sum("denominator"), n=Count("id"))
        .order_by()
    )
    above = _above(targets)
    split: list[tuple[Any, ...]] = []
    if above:
        split = list(
            _base(indicators, periods, states)
            .exclude(unit__version=version)
            .filter(unit__counterpart_path__in=above)
            .values_list("indicator_id", "period", "unit__counterpart_path")
            .annotate(n=Count("id"))
            .order_by()
        )
    return sums, split


def _group_figures(
    indicators: dict[int, Indicator], targets: list[Unit], version: str, read: GroupRead
) -> Figures:
    sums, split = read
    best: dict[Key, tuple[tuple[int, int], tuple[Any, ...]]] = {}
    for row in sums:
        ind, period, path, level, source_version = row[:5]
        key = (ind, path, period)
        rank = (LEVEL_DEPTH[Level(level)], 0 if source_version == version else 1)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, row)
    unassigned: dict[Key, int] = defaultdict(int)
    if split:
        below: dict[str, list[str]] = defaultdict(list)
        for unit in targets:
            for path in ancestor_paths(unit.path):
                below[path].append(unit.path)
        for ind, period, counterpart, n in split:
            for path in below[counterpart]:
                unassigned[(ind, path, period)] += n
    result: Figures = {}
    for key, (_, row) in best.items():
        num, den, n = row[5:8]
        value = ratio_value(num, den, indicators[key[0]].unit)
        result[key] = Figure(num, den, value, n, row[3], unassigned.get(key, 0))
    return result


def _rollup_group(
    indicators: dict[int, Indicator],
    targets: list[Unit],
    version: str,
    length: int,
    periods: list[str],
    states: Sequence[str],
) -> Figures:
    """Figures summed from the measurement rows themselves (no summary, no cache)."""
    read = _read_group(indicators, targets, version, length, periods, states)
    return _group_figures(indicators, targets, version, read)


def rollup_one(indicator: Indicator, unit: Unit, period: str) -> Figure | None:
    return rollup(indicators=[indicator], units=[unit], periods=[period]).get(
        (indicator.pk, unit.path, period)
    )


__all__ = ["Figure", "clear_cache", "rollup", "rollup_one", "rollup_token"]
