"""Reads of the audit log and jobs, scoped to the actor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from treem.core.models import AuditEvent, Job


def audit_events_visible_to(actor: Any) -> QuerySet[AuditEvent]:
    """National administrators see everything; a province administrator sees events about
    records in their area and events by the users they administer."""
    from treem.org import scope

    if scope.is_national_admin(actor):
        return AuditEvent.objects.all()
    roots = scope.unit_paths(actor, scope.ADMIN_ROLES)
    if not roots:
        return AuditEvent.objects.none()
    condition = Q(actor__in=scope.users_visible_to(actor))
    for root in roots:
        condition |= Q(unit_path__prefix=root)
    return AuditEvent.objects.filter(condition)


def audit_search(
    actor: Any,
    *,
    who: str = "",
    action: str = "",
    obj: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str = "",
) -> QuerySet[AuditEvent]:
    qs = audit_events_visible_to(actor)
    if who:
        qs = qs.filter(actor_label__icontains=who)
    if action:
        qs = qs.filter(action__startswith=action)
    if obj:
        qs = qs.filter(Q(object_repr__icontains=obj) | Q(object_id=obj))
    if kind:
        qs = qs.filter(kind=kind)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def job_get(actor: Any, pk: Any) -> Job:
    """A job is visible to the person who started it."""
    return get_object_or_404(Job.objects.filter(owner=actor), pk=pk)
