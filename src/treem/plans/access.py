"""Who may do what with plans, targets and measurements.

- Everyone with a membership reads the catalogue, the plans of their area and of the levels
  above it (a commune sees the provincial and national plans), and figures for their area.
- Province/national specialists manage plans and targets of their area; a commune officer
  manages the commune's own plan.
- Figures are entered by the agency reporter (for the indicators of the agency's sector), the
  specialist, or the commune officer, for units they cover; approved by a specialist, leader
  or commune chairman covering the unit who did not enter the figure; reopened only from a
  level above the unit.
"""

from __future__ import annotations

from typing import Any

from treem.geo.models import LEVEL_DEPTH, Level, Unit
from treem.org import scope
from treem.org.roles import Role
from treem.plans.models import Indicator

READ_ROLES = {
    Role.COMMUNE_OFFICER,
    Role.COMMUNE_CHAIRMAN,
    Role.AGENCY_REPORTER,
    Role.SPECIALIST,
    Role.SUPERVISOR,
    Role.LEADER,
    Role.SYSADMIN,
}
PLAN_ROLES = {Role.SPECIALIST, Role.COMMUNE_OFFICER}
ENTRY_ROLES = {Role.AGENCY_REPORTER, Role.SPECIALIST, Role.COMMUNE_OFFICER}
APPROVE_ROLES = {Role.SPECIALIST, Role.LEADER, Role.COMMUNE_CHAIRMAN}


def _current(unit: Unit) -> Unit:
    """Legacy units are covered through the current unit that contains them."""
    if unit.version == "current" or not unit.counterpart_path:
        return unit
    return Unit(path=unit.counterpart_path, level=unit.level, version="current")


def can_read(user: Any, unit: Unit) -> bool:
    return scope.covers(user, _current(unit), READ_ROLES)


def can_plan(user: Any, unit: Unit) -> bool:
    return scope.covers(user, unit, PLAN_ROLES)


def can_enter(user: Any, unit: Unit, indicator: Indicator) -> bool:
    target = _current(unit)
    for membership in scope.active_memberships(user):
        if membership.role not in ENTRY_ROLES or not target.path.startswith(membership.unit.path):
            continue
        if membership.role == Role.AGENCY_REPORTER:
            agency = membership.agency
            if agency is None or (indicator.lead_sector and agency.kind != indicator.lead_sector):
                continue
        return True
    return False


def can_approve(user: Any, unit: Unit) -> bool:
    return scope.covers(user, _current(unit), APPROVE_ROLES)


def can_reopen(user: Any, unit: Unit) -> bool:
    """A membership strictly above the unit (a province for a commune, the nation for a
    province) with an approving role."""
    target = _current(unit)
    depth = LEVEL_DEPTH[Level(unit.level)]
    return any(
        m.role in APPROVE_ROLES
        and target.path.startswith(m.unit.path)
        and LEVEL_DEPTH[Level(m.unit.level)] < depth
        for m in scope.active_memberships(user)
    )
