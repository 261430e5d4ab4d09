"""The dashboard's query string: unit (`don-vi`), year (`nam`), objective group (`nhom`), lead
sector (`nganh`) and the indicator of the map (`chi-tieu`). Unknown values fall back to the
defaults rather than failing; a unit the user may not read is a 404."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from django.utils import timezone

from treem.core.errors import NotFound
from treem.geo.models import Unit
from treem.org.models import AgencyKind
from treem.plans.models import Indicator, ObjectiveGroup
from treem.plans.selectors import dashboard

UNIT, YEAR, GROUP, SECTOR, INDICATOR = "don-vi", "nam", "nhom", "nganh", "chi-tieu"
YEARS_BACK = 6


@dataclass(frozen=True)
class Query:
    unit: Unit
    year: int
    group: int | None = None
    sector: str = ""
    indicator: str = ""  # code of the indicator drawn on the map

    def with_(self, **changes: Any) -> Query:
        return replace(self, **changes)

    def as_params(self) -> dict[str, str]:
        params = {UNIT: self.unit.code, YEAR: str(self.year)}
        if self.group:
            params[GROUP] = str(self.group)
        if self.sector:
            params[SECTOR] = self.sector
        if self.indicator:
            params[INDICATOR] = self.indicator
        return params

    def qs(self, **changes: Any) -> str:
        """The query string of this view with some parameters changed."""
        return urlencode(self.with_(**changes).as_params() if changes else self.as_params())

    def unit_qs(self, unit: Unit) -> str:
        return self.qs(unit=unit)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def read_query(request: HttpRequest) -> Query:
    try:
        unit = dashboard.dashboard_unit(request.user, request.GET.get(UNIT, "").strip())
    except NotFound as exc:
        raise Http404(exc.message) from None
    today = timezone.localdate()
    year = _int(request.GET.get(YEAR))
    if year is None or not 2000 <= year <= today.year + 10:
        year = dashboard.default_year(unit, today)
    group = _int(request.GET.get(GROUP))
    if group not in ObjectiveGroup.values:
        group = None
    sector = request.GET.get(SECTOR, "")
    if sector not in AgencyKind.values:
        sector = ""
    code = request.GET.get(INDICATOR, "").strip()[:12]
    return Query(unit=unit, year=year, group=group, sector=sector, indicator=code)


def year_choices(selected: int) -> list[int]:
    this_year = timezone.localdate().year
    years = set(range(this_year - YEARS_BACK, this_year + 1)) | {selected}
    return sorted(years, reverse=True)


def sector_choices(indicators: Sequence[Indicator]) -> list[tuple[str, str]]:
    """The sectors that lead at least one of the indicators, in AgencyKind order."""
    used = {i.lead_sector for i in indicators}
    return [(value, str(label)) for value, label in AgencyKind.choices if value in used]
