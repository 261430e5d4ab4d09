"""Small builders for plan tests (through the services, as users would)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from treem.geo.models import Level, Unit, Version
from treem.plans.models import Indicator, Measurement, Plan
from treem.plans.services.measurements import (
    measurement_approve,
    measurement_save,
    measurement_submit,
)
from treem.plans.services.plans import plan_activate, plan_create, target_set


def unit(code: str, version: str = Version.CURRENT) -> Unit:
    return Unit.objects.get(version=version, code=code)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code, province_code="")


def approved(
    code: str, where: Unit, period: str, numerator: Any, denominator: Any = None
) -> Measurement:
    """A figure entered, submitted and approved by the system."""
    row = measurement_save(
        actor=None,
        indicator=indicator(code),
        unit=where,
        period=period,
        numerator=numerator,
        denominator=denominator,
    )
    measurement_submit(actor=None, measurement=row)
    return measurement_approve(actor=None, measurement=row)


def province_plan(
    where: Unit, targets: dict[str, list[tuple[int, str, str | None]]] | None = None
) -> Plan:
    plan = plan_create(
        actor=None,
        unit=where,
        number="204/KH-UBND",
        title="Kế hoạch thực hiện Chương trình hành động vì trẻ em",
        first_year=2021,
        last_year=2030,
    )
    for code, rows in (targets or {}).items():
        for year, comparator, value in rows:
            target_set(
                actor=None,
                plan=plan,
                indicator=indicator(code),
                year=year,
                comparator=comparator,
                value=Decimal(value) if value is not None else None,
            )
    return plan_activate(actor=None, plan=plan)


def communes_of(province_code: str, count: int = 2) -> list[Unit]:
    return list(
        Unit.objects.filter(
            version=Version.CURRENT, level=Level.COMMUNE, province_code=province_code
        ).order_by("code")[:count]
    )
