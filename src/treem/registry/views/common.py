"""Helpers shared by the registry pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from treem.geo.models import Level, Unit
from treem.org import scope
from treem.registry import access
from treem.registry.models import Child


def require_writer(request: HttpRequest, child: Child) -> None:
    if not access.can_write(request.user, child.unit):
        raise Http404("Không tìm thấy trẻ em này trong địa bàn của bạn.")


def home_commune(request: HttpRequest) -> Unit | None:
    """The commune the user works in, when they have exactly one (officers, collaborators)."""
    communes = {
        (m.unit if m.unit.level == Level.COMMUNE else m.unit.parent)
        for m in scope.active_memberships(request.user)
        if m.role in access.READ_ROLES and m.unit.level in (Level.COMMUNE, Level.VILLAGE)
    }
    return communes.pop() if len(communes) == 1 else None


def can_register(request: HttpRequest) -> bool:
    return scope.has_role(request.user, access.WRITE_ROLES | access.PROPOSE_ROLES)
