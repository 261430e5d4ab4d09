"""Which units, agencies and records a user may see or change.

A membership gives a role over a unit's subtree. Everything scoped starts here: selectors
filter by `unit_paths(user)`, services ask `can_*`. Case files add a stricter rule in their
own app (assigned workers and their supervisors only).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from treem.geo.models import Level, Unit
from treem.org.models import Agency, Membership, User
from treem.org.roles import ADMIN_ROLES, VILLAGE_ADMIN_ROLES, Role

_CACHE_ATTR = "_treem_memberships"


def active_memberships(user: Any) -> list[Membership]:
    """The user's memberships valid today, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        today = timezone.localdate()
        cached = list(
            Membership.objects.filter(user=user, valid_from__lte=today)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .select_related("unit", "agency")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Any) -> None:
    """Drop the cached memberships (after the user's memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user: Any) -> set[str]:
    return {m.role for m in active_memberships(user)}


def has_role(user: Any, role_set: Iterable[str]) -> bool:
    wanted = set(role_set)
    return any(m.role in wanted for m in active_memberships(user))


def unit_paths(user: Any, role_set: Iterable[str] | None = None) -> list[str]:
    """Subtree roots the user covers (with any of `role_set`), redundant nested ones removed."""
    wanted = set(role_set) if role_set is not None else None
    return outermost(
        m.unit.path for m in active_memberships(user) if wanted is None or m.role in wanted
    )


def outermost(paths: Iterable[str]) -> list[str]:
    """The paths not inside another of them, sorted (a subtree's root covers its branches)."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def covers(user: Any, unit: Unit, role_set: Iterable[str] | None = None) -> bool:
    return any(unit.path.startswith(root) for root in unit_paths(user, role_set))


def scope_filter(
    qs: QuerySet, user: Any, *, path_field: str, role_set: Iterable[str] | None = None
) -> QuerySet:
    """Restrict `qs` to rows whose unit path lies under one of the user's subtrees."""
    roots = unit_paths(user, role_set)
    if not roots:
        return qs.none()
    condition = Q()
    for root in roots:
        condition |= Q(**{f"{path_field}__prefix": root})
    return qs.filter(condition)


def is_national_admin(user: Any) -> bool:
    return any(
        m.role in ADMIN_ROLES and m.unit.level == Level.NATION for m in active_memberships(user)
    )


def can_manage_unit(user: Any, unit: Unit) -> bool:
    """Add or rename villages: administrators of the area, and the commune's officer."""
    return covers(user, unit, VILLAGE_ADMIN_ROLES)


def can_administer(user: Any, unit: Unit) -> bool:
    """Manage users, memberships and agencies attached to `unit`."""
    return covers(user, unit, ADMIN_ROLES)


def is_admin(user: Any) -> bool:
    return has_role(user, ADMIN_ROLES)


def users_visible_to(user: Any) -> QuerySet[User]:
    """Administrators see the users who hold a membership inside their subtrees."""
    roots = unit_paths(user, ADMIN_ROLES)
    if not roots:
        return User.objects.none()
    condition = Q()
    for root in roots:
        condition |= Q(unit__path__prefix=root)
    member_ids = Membership.objects.filter(condition).values("user_id")
    return User.objects.filter(Q(pk__in=member_ids) | Q(pk=user.pk))


def agencies_visible_to(user: Any) -> QuerySet[Agency]:
    """Agencies in the user's subtrees, plus those of the units above (a commune officer sees
    the province's departments it reports to)."""
    from treem.geo.selectors import ancestor_paths

    roots = unit_paths(user)
    if not roots:
        return Agency.objects.none()
    above = {p for root in roots for p in ancestor_paths(root)}
    condition = Q(unit__path__in=above)
    for root in roots:
        condition |= Q(unit__path__prefix=root)
    return Agency.objects.filter(condition).select_related("unit")


def home_role(user: Any) -> str | None:
    """The role whose home page the user lands on (the most senior one they hold)."""
    order = [
        Role.SYSADMIN,
        Role.LEADER,
        Role.SPECIALIST,
        Role.SUPERVISOR,
        Role.COMMUNE_CHAIRMAN,
        Role.COMMUNE_OFFICER,
        Role.AGENCY_REPORTER,
        Role.COLLABORATOR,
    ]
    held = roles(user)
    return next((role for role in order if role in held), None)
