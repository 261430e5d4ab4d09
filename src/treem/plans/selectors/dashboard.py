"""What the plans dashboard shows: the unit and year asked for, the indicator × unit grid and
one indicator's trend. Each page reads its figures through one `progress` call."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max

from treem.core.errors import NotFound
from treem.geo.models import LEVEL_DEPTH, Level, Unit, Version
from treem.geo.selectors import ancestor_paths, unit_get
from treem.org import scope
from treem.plans import access
from treem.plans.domain.comparators import describe
from treem.plans.domain.measures import SHORT_LABELS
from treem.plans.domain.progress import Status
from treem.plans.models import (
    Indicator,
    Measurement,
    MeasurementState,
    ObjectiveGroup,
    Origin,
    Plan,
)
from treem.plans.selectors.plans import effective_targets, indicators_visible_to
from treem.plans.selectors.progress import Cell, progress

DASHBOARD_LEVELS = (Level.NATION, Level.PROVINCE, Level.COMMUNE)
CHILD_LEVEL = {Level.NATION: Level.PROVINCE, Level.PROVINCE: Level.COMMUNE}
FIRST_YEAR = 2020  # the year before the 2021–2030 programme: the usual baseline
STATUS_ORDER = (
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.NO_DATA,
)
NOT_YOURS = "Không tìm thấy đơn vị này trong địa bàn bạn được xem."


def top_unit(user: Any) -> Unit | None:
    """The widest unit the user reads plans of (a province for its leader, a commune for
    its officer); the first by code when several are equally wide."""
    units = [m.unit for m in scope.active_memberships(user) if m.role in access.READ_ROLES]
    units = [u for u in units if u.version == Version.CURRENT and u.level in DASHBOARD_LEVELS]
    return min(units, key=lambda u: (LEVEL_DEPTH[Level(u.level)], u.path), default=None)


def dashboard_unit(user: Any, code: str | None) -> Unit:
    """The unit of the code (today's structure), or the user's top unit; NotFound when the
    user may not read it."""
    if not code:
        unit = top_unit(user)
        if unit is None:
            raise NotFound("Bạn chưa được phân công địa bàn nào để xem bảng điều khiển chỉ tiêu.")
        return unit
    found = unit_get(code, version=Version.CURRENT)
    if found.level not in DASHBOARD_LEVELS or not access.can_read(user, found):
        raise NotFound(NOT_YOURS)
    return found


def child_units(unit: Unit) -> list[Unit]:
    """Provinces under the nation, communes under a province, none under a commune."""
    level = CHILD_LEVEL.get(Level(unit.level))
    if level is None:
        return []
    return list(
        Unit.objects.filter(version=Version.CURRENT, parent=unit, level=level).order_by("code")
    )


def readable_ancestors(user: Any, unit: Unit) -> list[Unit]:
    """The units above `unit` the user may open too (for the breadcrumb), top first."""
    paths = ancestor_paths(unit.path)
    if not paths:
        return []
    above = Unit.objects.filter(version=Version.CURRENT, path__in=paths).order_by("path")
    return [u for u in above if access.can_read(user, u)]


def dashboard_indicators(user: Any) -> list[Indicator]:
    """The catalogue the user sees, in objective-group order."""
    return list(indicators_visible_to(user).order_by("group", "sort_order", "number", "part"))


def filter_indicators(
    indicators: Sequence[Indicator], *, group: int | None = None, sector: str = ""
) -> list[Indicator]:
    return [
        i
        for i in indicators
        if (not group or i.group == group) and (not sector or i.lead_sector == sector)
    ]


def default_year(unit: Unit, today: dt.date) -> int:
    """The latest year with an approved figure entered for the unit or inside it (computed
    figures exist for the running year at once, so they do not decide), else this year."""
    latest = (
        Measurement.objects.filter(unit_path__startswith=unit.path, state=MeasurementState.APPROVED)
        .exclude(origin=Origin.COMPUTED)
        .aggregate(top=Max("period"))["top"]
    )
    year = int(latest[:4]) if latest else today.year
    return min(year, today.year)


@dataclass
class Row:
    indicator: Indicator
    cells: list[Cell]

    @property
    def own(self) -> Cell:
        return self.cells[0]


@dataclass
class Section:
    group: int
    label: str
    rows: list[Row]


def status_counts(cells: Sequence[Cell]) -> list[tuple[Status, int]]:
    counted = Counter(cell.status for cell in cells)
    return [(status, counted.get(status, 0)) for status in STATUS_ORDER]


@dataclass
class Grid:
    unit: Unit
    year: int
    columns: list[Unit]  # the unit itself, then its child units
    sections: list[Section]
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)

    @property
    def children(self) -> list[Unit]:
        return self.columns[1:]

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    def row_for(self, indicator: Indicator) -> Row:
        return Row(indicator, [self.cells[(indicator.pk, u.path)] for u in self.columns])

    def own_counts(self) -> list[tuple[Status, int]]:
        return status_counts([row.own for row in self.rows])

    def child_counts(self, row: Row) -> list[tuple[Status, int]]:
        return status_counts(row.cells[1:] if self.children else row.cells)


def group_label(group: int) -> str:
    return str(dict(ObjectiveGroup.choices).get(group, f"Nhóm {group}"))


def dashboard_grid(
    *, unit: Unit, year: int, indicators: Sequence[Indicator], extra: Sequence[Indicator] = ()
) -> Grid:
    """The grid of `indicators` for the unit and its child units; `extra` indicators (the
    one drawn on the map when the table is filtered) are judged in the same pass."""
    columns = [unit, *child_units(unit)]
    judged = [*indicators, *(i for i in extra if i not in indicators)]
    cells = progress(indicators=judged, units=columns, year=year, first_year=FIRST_YEAR)
    sections: list[Section] = []
    for indicator in indicators:
        row = Row(indicator, [cells[(indicator.pk, u.path)] for u in columns])
        if not sections or sections[-1].group != indicator.group:
            sections.append(Section(indicator.group, group_label(indicator.group), []))
        sections[-1].rows.append(row)
    return Grid(unit=unit, year=year, columns=columns, sections=sections, cells=cells)


@dataclass(frozen=True)
class Milestone:
    year: int
    value: float | None
    text: str
    inherited_from: Plan | None


@dataclass
class Trend:
    indicator: Indicator
    unit: Unit
    year: int
    own: Cell
    children: list[Cell]
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        last = max([self.year, *(m.year for m in self.milestones)])
        first = min([FIRST_YEAR, *(p.year for p in self.own.history)])
        return list(range(first, last + 1))

    def series(self) -> dict[str, Any]:
        """The chart's data: values per year, milestone points and the planned path from the
        first figure to each milestone."""
        unit = self.indicator.unit
        by_year = {p.year: float(p.value) for p in self.own.history}
        points = [m for m in self.milestones if m.value is not None]
        path: list[list[float | int]] = []
        if self.own.history and points:
            start = self.own.history[0]
            path = [[start.year, float(start.value)]]
            path += [
                [m.year, m.value] for m in points if m.year > start.year and m.value is not None
            ]
        return {
            "years": self.years,
            "unit": unit,
            "values": [by_year.get(y) for y in self.years],
            "targets": [[m.year, m.value, m.text] for m in points],
            "path": path if len(path) > 1 else [],
            "name": self.unit.full_name,
            "suffix": SHORT_LABELS.get(unit, ""),
            "indicator": f"{self.indicator.code}. {self.indicator.short_name}",
        }


def indicator_trend(*, indicator: Indicator, unit: Unit, year: int) -> Trend:
    columns = [unit, *child_units(unit)]
    cells = progress(indicators=[indicator], units=columns, year=year, first_year=FIRST_YEAR)
    own = cells[(indicator.pk, unit.path)]
    milestones: list[Milestone] = []
    if own.plan is not None:
        targets = effective_targets(own.plan)
        for (indicator_id, _), chosen in sorted(targets.items(), key=lambda kv: kv[0][1]):
            if indicator_id != indicator.pk:
                continue
            target = chosen.target
            text = describe(target.comparator, target.value, target.unit, target.value_high)
            threshold = target.value if target.unit == indicator.unit else None
            milestones.append(
                Milestone(
                    target.year,
                    float(threshold) if threshold is not None else None,
                    text,
                    chosen.inherited_from,
                )
            )
    children = [cells[(indicator.pk, u.path)] for u in columns[1:]]
    return Trend(indicator, unit, year, own, children, milestones)
