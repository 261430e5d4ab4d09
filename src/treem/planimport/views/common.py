"""Helpers shared by the plan-import pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse

from treem.core.errors import NotFound
from treem.geo.models import Unit
from treem.plans.models import Plan, PlanDraft
from treem.plans.selectors.drafts import draft_get, planning_units
from treem.web.shortcuts import acting_user


def planner_units(request: HttpRequest) -> list[Unit]:
    """The units where the signed-in user imports plans; 404 for everyone else."""
    units = planning_units(acting_user(request))
    if not units:
        raise Http404("Trang dành cho người quản lý kế hoạch của tỉnh hoặc xã.")
    return units


def draft_or_404(request: HttpRequest, pk: Any) -> PlanDraft:
    try:
        return draft_get(acting_user(request), pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


def plan_url(plan: Plan) -> str | None:
    """The plan's page, once the plans app offers one."""
    try:
        return reverse("plans:plan_detail", args=[plan.pk])
    except NoReverseMatch:
        return None
