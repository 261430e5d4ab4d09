"""Figures (measurements) as a user may see them.

Scoped like the registry: a figure is visible when its unit lies under one of the user's
subtrees. A figure recorded against a legacy unit (before 01/7/2025) is reached through the
current unit that wholly contains it (`counterpart_path`), as `treem.plans.access` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from treem.core.errors import NotFound
from treem.core.models import AuditEvent
from treem.geo.models import Level, Unit, Version
from treem.org import scope
from treem.org.roles import Role
from treem.plans import access
from treem.plans.domain.periods import Period
from treem.plans.models import Indicator, Measurement, MeasurementState, Origin
from treem.plans.selectors.plans import indicators_visible_to

RELATED = ("indicator", "unit", "agency", "entered_by", "approved_by")


def _condition(user: Any, role_set: Iterable[str]) -> Q | None:
    roots = scope.unit_paths(user, role_set)
    if not roots:
        return None
    condition = Q()
    for root in roots:
        condition |= Q(unit_path__prefix=root)
        condition |= Q(unit__version=Version.LEGACY, unit__counterpart_path__prefix=root)
    return condition


def _scoped(user: Any, role_set: Iterable[str]) -> QuerySet[Measurement]:
    condition = _condition(user, role_set)
    if condition is None:
        return Measurement.objects.none()
    return Measurement.objects.filter(condition).select_related(*RELATED)


def measurements_visible_to(user: Any) -> QuerySet[Measurement]:
    """Every figure of the user's areas (any state)."""
    return _scoped(user, access.READ_ROLES)


def measurement_get(user: Any, pk: int) -> Measurement:
    found = measurements_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy số liệu, hoặc số liệu không thuộc địa bàn của bạn.")
    return found


def awaiting_approval(user: Any) -> QuerySet[Measurement]:
    """Submitted figures of the units the user may approve, oldest first."""
    return (
        _scoped(user, access.APPROVE_ROLES)
        .filter(state=MeasurementState.SUBMITTED)
        .order_by("period", "unit_path", "indicator__sort_order", "pk")
    )


def approved_in_scope(user: Any, period: str = "") -> QuerySet[Measurement]:
    """Approved, entered figures of the units the user may approve (latest approvals first);
    whether the user may reopen one is `access.can_reopen`."""
    qs = _scoped(user, access.APPROVE_ROLES).filter(state=MeasurementState.APPROVED)
    qs = qs.exclude(origin=Origin.COMPUTED)
    if period:
        qs = qs.filter(period=period)
    return qs.order_by("-approved_at", "-pk")


def figures_at(user: Any, unit: Unit, period: Period) -> dict[int, Measurement]:
    """{indicator id: figure} of one unit and period, within the user's scope."""
    rows = measurements_visible_to(user).filter(unit=unit, period=period.code)
    return {row.indicator_id: row for row in rows}


@dataclass(frozen=True)
class EntryRow:
    indicator: Indicator
    computed: bool  # computed from the registry for this unit: shown read-only


def entry_indicators(user: Any, unit: Unit) -> list[EntryRow]:
    """The catalogue items the user may enter for the unit (a reporter: their agency's
    sector), with registry-derived items of today's units marked as computed."""
    rows = []
    for indicator in indicators_visible_to(user).order_by("sort_order", "number", "part"):
        if not access.can_enter(user, unit, indicator):
            continue
        computed = indicator.computation.startswith("registry.") and unit.version == "current"
        rows.append(EntryRow(indicator, computed))
    return rows


def entry_units(user: Any, period: Period | None = None) -> list[Unit]:
    """Units the user may enter figures for: their own units and, below a province, its
    communes; legacy units (before 01/7/2025) through the current unit containing them.
    With a period, only the units that existed during it."""
    memberships = [m for m in scope.active_memberships(user) if m.role in access.ENTRY_ROLES]
    if not memberships:
        return []
    condition = Q()
    for m in memberships:
        root = m.unit.path
        below = (
            [Level.PROVINCE]
            if m.unit.level == Level.NATION
            else [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
        )
        condition |= Q(pk=m.unit.pk)
        condition |= Q(version=Version.CURRENT, path__prefix=root, level__in=below)
        condition |= Q(version=Version.LEGACY, counterpart_path__prefix=root, level__in=below)
    units = list(Unit.objects.filter(condition).exclude(level=Level.VILLAGE).order_by("path"))
    if period is not None:
        units = [u for u in units if u.valid_on(period.start) or u.valid_on(period.end)]
    return units


def entry_unit_get(user: Any, version: str, code: str) -> Unit:
    unit = Unit.objects.filter(version=version, code=code).first()
    if unit is None or unit.level == Level.VILLAGE or not _enters_somewhere(user, unit):
        raise NotFound("Không tìm thấy đơn vị, hoặc đơn vị không thuộc địa bàn bạn nhập số liệu.")
    return unit


def _covered_path(unit: Unit) -> str:
    """Where a unit sits in today's tree: a legacy unit through its counterpart."""
    if unit.version != Version.CURRENT and unit.counterpart_path:
        return unit.counterpart_path
    return unit.path


def _enters_somewhere(user: Any, unit: Unit) -> bool:
    path = _covered_path(unit)
    return any(
        m.role in access.ENTRY_ROLES and path.startswith(m.unit.path)
        for m in scope.active_memberships(user)
    )


def reporter_agency(user: Any, unit: Unit, indicator: Indicator) -> Any:
    """The agency a reporter enters this figure for (None for other roles)."""
    path = _covered_path(unit)
    for m in scope.active_memberships(user):
        if m.role != Role.AGENCY_REPORTER or m.agency is None:
            continue
        if not path.startswith(m.unit.path):
            continue
        if not indicator.lead_sector or m.agency.kind == indicator.lead_sector:
            return m.agency
    return None


@dataclass(frozen=True)
class Returned:
    reason: str
    by: str
    at: Any


def return_reasons(rows: Iterable[Measurement]) -> dict[int, Returned]:
    """For figures in draft that were sent back, the latest reason given (from the audit
    log), so the author sees what to correct."""
    ids = [str(r.pk) for r in rows if r.state == MeasurementState.DRAFT]
    if not ids:
        return {}
    events = AuditEvent.objects.filter(
        object_type="plans.measurement",
        object_id__in=ids,
        action__in=["plans.measurement.return", "plans.measurement.reopen"],
    ).order_by("object_id", "-pk")
    found: dict[int, Returned] = {}
    for event in events:
        key = int(event.object_id)
        if key not in found:
            found[key] = Returned(event.reason, event.actor_label, event.at)
    return found
