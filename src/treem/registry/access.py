"""Who may see and change child records.

Child records are personal data about minors: they are shown to the people who work with the
child (the village collaborator, the commune officer and chairman, the province specialist and
supervisors). Leaders and agency reporters see aggregates on dashboards, not records.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from treem.geo.models import Level, Unit
from treem.org import scope
from treem.org.roles import Role

READ_ROLES: set[str] = {
    Role.COLLABORATOR,
    Role.COMMUNE_OFFICER,
    Role.COMMUNE_CHAIRMAN,
    Role.SPECIALIST,
    Role.SUPERVISOR,
}
WRITE_ROLES: set[str] = {Role.COMMUNE_OFFICER, Role.SPECIALIST}
PROPOSE_ROLES: set[str] = {Role.COLLABORATOR}
MERGE_ROLES: set[str] = WRITE_ROLES


def _condition(user: Any, role_set: set[str], *, path_field: str, village_field: str) -> Q | None:
    """Subtree condition for the user's memberships in `role_set`; a village membership
    (a collaborator) covers the children recorded in that village only."""
    condition = Q()
    found = False
    for membership in scope.active_memberships(user):
        if membership.role not in role_set:
            continue
        found = True
        if membership.unit.level == Level.VILLAGE:
            condition |= Q(**{village_field: membership.unit_id})
        else:
            condition |= Q(**{f"{path_field}__prefix": membership.unit.path})
    return condition if found else None


def scoped(
    qs: QuerySet,
    user: Any,
    role_set: set[str] = READ_ROLES,
    *,
    path_field: str = "unit_path",
    village_field: str = "village_id",
) -> QuerySet:
    condition = _condition(user, role_set, path_field=path_field, village_field=village_field)
    return qs.none() if condition is None else qs.filter(condition)


def read_roots(user: Any) -> tuple[str, ...]:
    """Unit paths of the subtrees holding every child the user may read; a village membership
    counts as its commune (children are recorded at commune level). Coarser than `scoped`,
    never narrower: a hint for the search index, not an access rule."""
    paths = []
    for membership in scope.active_memberships(user):
        if membership.role not in READ_ROLES:
            continue
        path = membership.unit.path
        if membership.unit.level == Level.VILLAGE:
            path = path.rsplit("/", 2)[0] + "/"  # the village's commune
        paths.append(path)
    return tuple(scope.outermost(paths))


def _covers(user: Any, unit: Unit, village: Unit | None, role_set: set[str]) -> bool:
    for membership in scope.active_memberships(user):
        if membership.role not in role_set:
            continue
        if membership.unit.level == Level.VILLAGE:
            if village is not None and village.pk == membership.unit_id:
                return True
        elif unit.path.startswith(membership.unit.path):
            return True
    return False


def can_read(user: Any, unit: Unit, village: Unit | None = None) -> bool:
    return _covers(user, unit, village, READ_ROLES)


def can_write(user: Any, unit: Unit) -> bool:
    return _covers(user, unit, None, WRITE_ROLES)


def can_propose(user: Any, unit: Unit, village: Unit | None) -> bool:
    return _covers(user, unit, village, PROPOSE_ROLES)


def can_merge(user: Any, unit: Unit) -> bool:
    """Whether the user may merge records of `unit` or mark them as different children."""
    return _covers(user, unit, None, MERGE_ROLES)
