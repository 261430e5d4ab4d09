"""Builders shared by the tests of the plans working pages."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client

from treem.plans.models import Measurement, Plan
from treem.plans.services.catalogue import indicator_create
from treem.plans.services.measurements import (
    measurement_approve,
    measurement_save,
    measurement_submit,
)
from treem.plans.services.plans import plan_create
from treem.plans.tests.factories import indicator, unit

COMMUNE_A, COMMUNE_B = "22366", "22453"
LEGACY_IN_A = "22348"  # Phường Vạn Thạnh (before 01/7/2025), now part of Phường Nha Trang


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def commune_plan(code: str = COMMUNE_A) -> Plan:
    return plan_create(
        actor=None,
        unit=unit(code),
        number="12/KH-UBND",
        title="Kế hoạch thực hiện công tác trẻ em của phường giai đoạn 2026–2030",
        first_year=2026,
        last_year=2030,
    )


def figure(
    code: str = "16",
    where: str = COMMUNE_A,
    num: Any = 45,
    den: Any = 50,
    *,
    actor: Any = None,
    state: str = "draft",
    approver: Any = None,
    period: str = "2026",
) -> Measurement:
    """A figure of commune A (by default) taken to `state` ('draft', 'submitted', 'approved')."""
    row = measurement_save(
        actor=actor,
        indicator=indicator(code),
        unit=unit(where),
        period=period,
        numerator=num,
        denominator=den,
    )
    if state in ("submitted", "approved"):
        measurement_submit(actor=actor, measurement=row)
    if state == "approved":
        measurement_approve(actor=approver, measurement=row)
    return row


def province_indicator() -> Any:
    return indicator_create(
        actor=None,
        province=unit("56"),
        code="KH-25",
        name="Tỷ lệ trẻ em từ 6 đến 15 tuổi biết bơi an toàn",
        short_name="Trẻ biết bơi an toàn",
        group=2,
        unit="percent",
        direction="up",
        numerator="Số trẻ biết bơi",
        denominator="Tổng số trẻ 6–15 tuổi",
        lead_sector="van_hoa",
    )


def field_error(body: str, field: str) -> str:
    """The error text shown under one field of the target form (data-field marks it)."""
    found = re.findall(rf'data-field="{field}">([^<]*)<', body)
    return html.unescape(" ".join(found))


def text(body: str) -> str:
    """The page as plain text (tags dropped, spaces collapsed) for phrase checks."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
