"""Plan drafts (documents read by the importer) as a user may see them, and the look-ups the
import needs: the catalogue of the unit, the plans a new plan may implement, the agencies a
name in the document stands for."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import QuerySet

from treem.core.errors import NotFound
from treem.core.text import fold
from treem.geo.models import Level, Unit, Version
from treem.geo.selectors import ancestor_paths
from treem.org import scope
from treem.org.models import Agency
from treem.plans.access import PLAN_ROLES
from treem.plans.models import (
    BudgetLine,
    Indicator,
    Plan,
    PlanDraft,
    PlanTask,
    ReportingRule,
    Responsibility,
    Target,
)
from treem.plans.selectors.plans import plans_visible_to

# Words that may follow an agency's name without changing who it is ("Sở Y tế tỉnh Khánh Hòa").
_PLACE_WORDS = {"tinh", "thanh", "pho", "tp", "xa", "phuong", "dac", "khu", "huyen", "thi", "tran"}


def drafts_visible_to(user: Any) -> QuerySet[PlanDraft]:
    """Drafts of the units where the user manages plans."""
    qs = PlanDraft.objects.select_related("unit", "created_by", "plan")
    return scope.scope_filter(qs, user, path_field="unit_path", role_set=PLAN_ROLES)


def draft_get(user: Any, pk: Any) -> PlanDraft:
    draft = drafts_visible_to(user).filter(pk=pk).first()
    if draft is None:
        raise NotFound("Không tìm thấy bản đọc kế hoạch, hoặc bản đọc không thuộc địa bàn của bạn.")
    return draft


def plan_part_counts(plan: Plan) -> dict[str, int]:
    """How many targets, responsibilities, tasks, reporting rules and budget lines a plan has."""
    return {
        "targets": Target.objects.filter(plan=plan).count(),
        "assignments": Responsibility.objects.filter(plan=plan).count(),
        "tasks": PlanTask.objects.filter(plan=plan).count(),
        "reporting": ReportingRule.objects.filter(plan=plan).count(),
        "budget_lines": BudgetLine.objects.filter(plan=plan).count(),
    }


def planning_units(user: Any) -> list[Unit]:
    """Units where the user may import a plan (their own membership units)."""
    units = {
        m.unit.pk: m.unit
        for m in scope.active_memberships(user)
        if m.role in PLAN_ROLES
        and m.unit.version == Version.CURRENT
        and m.unit.level != Level.VILLAGE
    }
    return sorted(units.values(), key=lambda u: u.path)


def catalogue_for(unit: Unit) -> dict[str, Indicator]:
    """{code: indicator}: the national catalogue and the unit's province's own items."""
    qs = Indicator.objects.filter(active=True, province_code__in=["", unit.province_code or ""])
    return {item.code: item for item in qs.order_by("sort_order", "number", "part")}


def parent_plan_choices(user: Any, unit: Unit) -> QuerySet[Plan]:
    """Plans of the unit itself and of the units above it: what a new plan may implement."""
    paths = [*ancestor_paths(unit.path), unit.path]
    qs = Plan.objects.all() if user is None else plans_visible_to(user)
    return qs.filter(unit_path__in=paths).order_by("unit_path", "-first_year", "number")


def suggested_parent(choices: QuerySet[Plan], implements: list[dict[str, Any]]) -> Plan | None:
    """The plan among `choices` whose number the document says it implements."""
    numbers = [fold(ref.get("number") or "") for ref in implements if ref.get("number")]
    for plan in choices:
        if fold(plan.number) in numbers:
            return plan
    return None


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name)).split())


class AgencyMatcher:
    """Finds the agency a name in a plan document stands for, among the agencies of the plan's
    unit and of the units above it: the same name, or the name followed by the place
    ("Sở Y tế" → "Sở Y tế tỉnh Khánh Hòa"). Ambiguous names match nothing."""

    def __init__(self, unit: Unit, on: dt.date | None = None) -> None:
        paths = [*ancestor_paths(unit.path), unit.path]
        self.on = on
        self.agencies = [
            (agency, _key(agency.name))
            for agency in Agency.objects.filter(unit__path__in=paths).select_related("unit")
        ]
        self.place_words = set(_PLACE_WORDS)
        for place in Unit.objects.filter(path__in=paths):
            self.place_words.update(_key(place.name).split())
            self.place_words.update(_key(place.full_name).split())
        self._cache: dict[str, Agency | None] = {}

    def match(self, name: str) -> Agency | None:
        key = _key(name)
        if not key:
            return None
        if key not in self._cache:
            self._cache[key] = self._find(key)
        return self._cache[key]

    def _find(self, key: str) -> Agency | None:
        found = [
            agency
            for agency, agency_key in self.agencies
            if agency_key == key
            or (
                agency_key.startswith(key + " ")
                and set(agency_key[len(key) :].split()) <= self.place_words
            )
        ]
        if len(found) > 1 and self.on is not None:
            found = [agency for agency in found if agency.active_on(self.on)] or found
        if len(found) > 1:
            deepest = max(len(agency.unit.path) for agency in found)
            found = [agency for agency in found if len(agency.unit.path) == deepest]
        return found[0] if len(found) == 1 else None
