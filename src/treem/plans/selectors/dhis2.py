"""Approved figures as DHIS2 `dataValueSets`, and the code look-ups both directions use.

A ratio goes out as two data values (numerator and denominator data elements), a count as
one. Indicators without a data element mapping are left out. A unit's org unit is its mapped
code, else its own code; codes are read in the structure of the period (before 01/7/2025 the
legacy units, from then on today's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from treem.geo.models import REORGANISATION_DATE, Unit, Version
from treem.plans.domain.periods import Period
from treem.plans.models import Dhis2Element, Dhis2OrgUnit, MeasurementState
from treem.plans.selectors.measurements import measurements_visible_to


def version_of(period: Period) -> str:
    """The unit structure a period's codes are read in."""
    return Version.LEGACY if period.end < REORGANISATION_DATE else Version.CURRENT


def plain(number: Decimal) -> str:
    """'45', '12.5' — no exponent, no trailing zeros (DHIS2 values are strings)."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class ElementRole:
    element: Dhis2Element
    part: str  # "numerator" | "denominator"


def element_index() -> dict[str, list[ElementRole]]:
    """{data element code: the indicator parts it carries} — one query."""
    index: dict[str, list[ElementRole]] = defaultdict(list)
    for element in Dhis2Element.objects.select_related("indicator"):
        index[element.numerator].append(ElementRole(element, "numerator"))
        if element.denominator:
            index[element.denominator].append(ElementRole(element, "denominator"))
    return index


def org_unit_codes(unit_ids: Iterable[int]) -> dict[int, str]:
    """{unit id: mapped org unit} for the mapped ones among `unit_ids` — one query."""
    ids = list(set(unit_ids))
    if not ids:
        return {}
    return dict(Dhis2OrgUnit.objects.filter(unit_id__in=ids).values_list("unit_id", "org_unit"))


class OrgUnitResolver:
    """Org unit codes back to units, in two queries for any number of codes."""

    def __init__(self, codes: Iterable[str]) -> None:
        wanted = {c for c in codes if c}
        self._mapped = {
            m.org_unit: m.unit
            for m in Dhis2OrgUnit.objects.filter(org_unit__in=wanted).select_related("unit")
        }
        rest = wanted - set(self._mapped)
        self._own: dict[tuple[str, str], Unit] = {
            (u.version, u.code): u for u in Unit.objects.filter(code__in=rest)
        }

    def unit(self, code: str, period: Period) -> Unit | None:
        return self.unit_in(code, version_of(period))

    def unit_in(self, code: str, version: str) -> Unit | None:
        return self._mapped.get(code) or self._own.get((version, code))


def data_values(
    user: Any, *, periods: Sequence[Period], units: Sequence[Unit], children: bool
) -> list[dict[str, str]]:
    """The approved figures of `units` (with `children`: of everything under them, legacy
    units through the crosswalk) for `periods`, as DHIS2 data values."""
    place = Q()
    for unit in units:
        if children:
            place |= Q(unit_path__prefix=unit.path) | Q(unit__counterpart_path__prefix=unit.path)
        else:
            place |= Q(unit=unit)
    rows = list(
        measurements_visible_to(user)
        .filter(place, state=MeasurementState.APPROVED, period__in=[p.code for p in periods])
        .filter(indicator__dhis2__isnull=False)
        .select_related(None)
        .select_related("indicator__dhis2", "unit")
        .order_by("period", "unit_path", "indicator__sort_order", "pk")
    )
    mapped = org_unit_codes(row.unit_id for row in rows)
    values: list[dict[str, str]] = []
    for row in rows:
        element: Dhis2Element = row.indicator.dhis2
        org_unit = mapped.get(row.unit_id, row.unit.code)
        parts = [(element.numerator, row.numerator)]
        if element.denominator and row.denominator is not None:
            parts.append((element.denominator, row.denominator))
        for data_element, number in parts:
            if number is None:
                continue
            value = {"dataElement": data_element, "period": row.period, "orgUnit": org_unit}
            if element.category_option_combo:
                value["categoryOptionCombo"] = element.category_option_combo
            value["value"] = plain(number)
            if row.notes:
                value["comment"] = row.notes
            values.append(value)
    return values
