"""The dashboard (indicator × unit table with a tile map) and one indicator's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from treem.core.errors import NotFound
from treem.plans.domain.measures import format_value
from treem.plans.jobs import schedule_refresh
from treem.plans.models import Indicator, ObjectiveGroup
from treem.plans.selectors import dashboard as selectors
from treem.plans.selectors.plans import indicator_get
from treem.plans.views.dashboard import viewmodels as vm
from treem.plans.views.dashboard.params import (
    GROUP,
    INDICATOR,
    SECTOR,
    UNIT,
    YEAR,
    Query,
    read_query,
    sector_choices,
    year_choices,
)


def common_context(request: HttpRequest, query: Query, base_url: str) -> dict[str, Any]:
    """What both pages share: the unit with the readable units above it (each a link to the
    same page for that unit), the year choices and the parameter names."""
    unit = query.unit
    return {
        "query": query,
        "unit": unit,
        "year": query.year,
        "base_url": base_url,
        "crumbs": [(u, query.unit_qs(u)) for u in selectors.readable_ancestors(request.user, unit)],
        "years": year_choices(query.year),
        "names": {
            "unit": UNIT,
            "year": YEAR,
            "group": GROUP,
            "sector": SECTOR,
            "indicator": INDICATOR,
        },
    }


def shown_indicators(indicators: list[Indicator], query: Query) -> list[Indicator]:
    return selectors.filter_indicators(indicators, group=query.group, sector=query.sector)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    query = read_query(request)
    schedule_refresh()
    indicators = selectors.dashboard_indicators(request.user)
    mapped = next((i for i in indicators if i.code == query.indicator), None)
    if mapped is None and query.indicator:
        query = query.with_(indicator="")
    grid = selectors.dashboard_grid(
        unit=query.unit,
        year=query.year,
        indicators=shown_indicators(indicators, query),
        extra=[mapped] if mapped else [],
    )
    own_cells = [row.own for row in grid.rows]
    context = common_context(request, query, reverse("plans:dashboard"))
    context.update(
        grid=grid,
        sections=vm.sections_view(grid, query),
        columns=[(u, query.unit_qs(u)) for u in grid.columns],
        summary=vm.legend(own_cells),
        tracked=len(own_cells),
        groups=ObjectiveGroup.choices,
        sectors=sector_choices(indicators),
        indicators=indicators,
        tile_map=vm.tile_map(grid.row_for(mapped), query) if mapped and grid.children else None,
        mapped=mapped,
        export_query=query.qs(),
        clear_map_qs=query.qs(indicator=""),
        child_level=selectors.CHILD_LEVEL.get(query.unit.level),  # type: ignore[call-overload]
    )
    return render(request, "plans/dashboard/dashboard.html", context)


@login_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    query = read_query(request)
    try:
        indicator = indicator_get(request.user, code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    schedule_refresh()
    query = query.with_(indicator=indicator.code)
    trend = selectors.indicator_trend(indicator=indicator, unit=query.unit, year=query.year)
    own = trend.own
    figure = own.figure
    context = common_context(request, query, reverse("plans:indicator", args=[indicator.code]))
    context.update(
        indicator=indicator,
        group_label=selectors.group_label(indicator.group),
        trend=trend,
        own=own,
        own_value=vm.cell_value(own),
        own_parts=(
            (format_value(figure.numerator, "count"), format_value(figure.denominator, "count"))
            if figure is not None and figure.denominator is not None
            else None
        ),
        own_plan_is_enclosing=own.plan is not None and own.plan.unit_path != query.unit.path,
        children=[
            (cell, vm.cell_value(cell), vm.indicator_url(indicator, cell.unit, query.year))
            for cell in trend.children
        ],
        child_summary=vm.legend(trend.children) if trend.children else None,
        chart=trend.series(),
        unit_label=vm.unit_label(indicator),
        dashboard_url=f"{reverse('plans:dashboard')}?{query.qs()}",
    )
    return render(request, "plans/dashboard/indicator.html", context)
