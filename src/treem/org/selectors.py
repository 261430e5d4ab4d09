"""Reads of users, memberships and agencies, always through the actor's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from treem.core.text import fold
from treem.org import scope
from treem.org.models import Agency, Membership, User


def agency_list(actor: Any, *, query: str = "", kind: str = "") -> QuerySet[Agency]:
    qs = scope.agencies_visible_to(actor)
    if query:
        for word in fold(query).split():
            qs = qs.filter(search_key__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("unit__path", "name")


def agency_get(actor: Any, pk: int) -> Agency:
    return get_object_or_404(scope.agencies_visible_to(actor), pk=pk)


def user_list(actor: Any, *, query: str = "") -> QuerySet[User]:
    memberships = Membership.objects.select_related("unit", "agency").order_by("unit__path")
    qs = scope.users_visible_to(actor).prefetch_related(
        Prefetch("memberships", queryset=memberships)
    )
    if query:
        qs = qs.filter(username__icontains=query) | qs.filter(full_name__icontains=query)
    return qs.distinct().order_by("username")


def user_get(actor: Any, pk: int) -> User:
    return get_object_or_404(user_list(actor), pk=pk)


def membership_get(actor: Any, pk: int) -> Membership:
    qs = scope.scope_filter(
        Membership.objects.select_related("user", "unit", "agency"),
        actor,
        path_field="unit__path",
        role_set=scope.ADMIN_ROLES,
    )
    return get_object_or_404(qs, pk=pk)
