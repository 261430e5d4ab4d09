"""Clients, units and figures shared by the plans API tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework.test import APIClient

from treem.geo.models import Unit
from treem.org.models import User
from treem.plans.models import Measurement, Plan, Target
from treem.plans.services.measurements import measurement_save, measurement_submit
from treem.plans.services.plans import plan_activate, plan_create, target_set
from treem.plans.tests.factories import indicator, unit

COMMUNE_A = "22366"  # Phường Nha Trang (officer_a, chairman_a)
COMMUNE_B = "22453"  # Xã Cam Lâm (officer_b)
PROVINCE = "56"  # Khánh Hòa

INDICATORS = "/api/v1/indicators/"
PLANS = "/api/v1/plans/"
MEASUREMENTS = "/api/v1/measurements/"
ANALYTICS = "/api/v1/analytics/"
DATA_VALUE_SETS = "/api/v1/dhis2/dataValueSets/"
ORG_UNITS = "/api/v1/dhis2/orgUnits/"


def client_for(user: User | None) -> APIClient:
    """A fresh user object per client: memberships are cached on the object."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def commune_a() -> Unit:
    return unit(COMMUNE_A)


def commune_b() -> Unit:
    return unit(COMMUNE_B)


def commune_plan(where: Unit | None = None, *, active: bool = True) -> Plan:
    plan = plan_create(
        actor=None,
        unit=where or commune_a(),
        number="15/KH-UBND",
        title="Kế hoạch thực hiện chương trình hành động vì trẻ em của phường",
        first_year=2025,
        last_year=2030,
    )
    return plan_activate(actor=None, plan=plan) if active else plan


def own_target(plan: Plan, code: str, year: int, comparator: str, value: str) -> Target:
    return target_set(
        actor=None,
        plan=plan,
        indicator=indicator(code),
        year=year,
        comparator=comparator,
        value=Decimal(value),
    )


def draft(
    code: str = "16",
    where: Unit | None = None,
    period: str = "2025",
    numerator: Any = 90,
    denominator: Any = 100,
) -> Measurement:
    return measurement_save(
        actor=None,
        indicator=indicator(code),
        unit=where or commune_a(),
        period=period,
        numerator=numerator,
        denominator=denominator,
    )


def submitted(**kwargs: Any) -> Measurement:
    return measurement_submit(actor=None, measurement=draft(**kwargs))


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert "error" in body, body
    return body["error"]
