"""Demo figures for the plans dashboard: a provincial plan for Khánh Hòa, figures entered for
the legacy provinces it was formed from (2021–2024) and for its communes (2025), approved,
and the registry-derived indicators computed for 2025 and this year. Idempotent."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from treem.geo.models import Level, Unit, Version
from treem.plans.computed.refresh import indicators_recompute
from treem.plans.domain.measures import is_ratio
from treem.plans.domain.periods import Period
from treem.plans.models import Indicator, Plan
from treem.plans.selectors.plans import national_plan
from treem.plans.services.measurements import (
    measurement_approve,
    measurement_save,
    measurement_submit,
)
from treem.plans.services.plans import plan_activate, plan_create, target_set

PLAN_NUMBER = "186/KH-UBND"
# Starting level (2021) and yearly change of each entered indicator in the demo province.
TRENDS: dict[str, tuple[float, float]] = {
    "1": (55, 2.5), "2": (84, 1.2), "3a": (10.5, -0.3), "3b": (14.0, -0.5), "3c": (21.0, -0.8),
    "4a": (11.0, -0.5), "4b": (20.0, -0.7), "5a": (95.0, 0.5), "7": (96.0, 1.0),
    "10": (5.4, -0.1), "11a": (600, -12), "11b": (18, -0.4), "13": (40, -1.5),
    "16": (98.0, 0.3), "17a": (95.5, 0.4), "17b": (0.2, -0.02), "18a": (84, 1.0),
    "18b": (0.3, -0.04), "21": (34, 1.8), "22": (25, 1.5),
}  # fmt: skip
# Denominator sizes: (province-level, commune-level) base counts per indicator family.
BASES = {"per_1000": (30000, 450), "per_100000": (500000, 7000), "percent": (20000, 300)}


def _figure(
    rng: random.Random, code: str, unit_kind: str, year: int
) -> tuple[Decimal, Decimal | None]:
    start, step = TRENDS[code]
    level = max(0.0, start + step * (year - 2021) + rng.uniform(-1, 1) * abs(step) * 1.5)
    indicator_unit = Indicator.objects.get(code=code, province_code="").unit
    if not is_ratio(indicator_unit):
        return Decimal(
            round(level * (1 if unit_kind == "province" else 0.05) + rng.randint(0, 2))
        ), None
    base = BASES[indicator_unit][0 if unit_kind == "province" else 1]
    denominator = int(base * rng.uniform(0.7, 1.3))
    multiplier = {"percent": 100, "per_1000": 1000, "per_100000": 100000}[indicator_unit]
    numerator = min(denominator, round(denominator * level / multiplier))
    return Decimal(numerator), Decimal(denominator)


def _approved(code: str, unit: Unit, period: str, figure: tuple[Decimal, Decimal | None]) -> None:
    indicator = Indicator.objects.get(code=code, province_code="")
    row = measurement_save(
        actor=None, indicator=indicator, unit=unit, period=period, numerator=figure[0],
        denominator=figure[1], evidence="Số liệu trình diễn",
    )  # fmt: skip
    measurement_submit(actor=None, measurement=row)
    measurement_approve(actor=None, measurement=row)


@transaction.atomic
def load_plans_demo(province_code: str = "56") -> Plan:
    province = Unit.objects.get(version=Version.CURRENT, code=province_code)
    existing = Plan.objects.filter(number=PLAN_NUMBER, unit=province).first()
    if existing is not None:
        return existing
    plan = plan_create(
        actor=None,
        unit=province,
        number=PLAN_NUMBER,
        title=(
            f"Thực hiện Chương trình hành động vì trẻ em {province.full_name} giai đoạn 2021 - 2030"
        ),
        first_year=2021,
        last_year=2030,
        issuer=f"Ủy ban nhân dân {province.full_name}",
        parent=national_plan(),
    )
    for code, year, comparator, value in [
        ("1", 2025, ">=", "60"), ("1", 2030, ">=", "75"), ("16", 2030, ">=", "99.5"),
        ("11a", 2030, "<=", "480"), ("13", 2030, "reduce_by", "3"),
    ]:  # fmt: skip
        indicator = Indicator.objects.get(code=code, province_code="")
        target_set(
            actor=None,
            plan=plan,
            indicator=indicator,
            year=year,
            comparator=comparator,
            value=Decimal(value),
        )
    plan_activate(actor=None, plan=plan)
    rng = random.Random(2025)  # noqa: S311 - deterministic demo figures, not secrets
    legacy = Unit.objects.filter(
        version=Version.LEGACY, level=Level.PROVINCE, counterpart_path=province.path
    )
    communes = Unit.objects.filter(parent=province, level=Level.COMMUNE).order_by("code")
    for code in TRENDS:
        for year in range(2021, 2025):
            for old in legacy:
                _approved(code, old, str(year), _figure(rng, code, "province", year))
        for commune in communes:
            _approved(code, commune, "2025", _figure(rng, code, "commune", 2025))
    today = timezone.localdate()
    for period in {Period(2025), Period(today.year)}:
        indicators_recompute(actor=None, period=period)
    return plan
