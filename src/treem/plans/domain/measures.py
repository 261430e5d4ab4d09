"""What an indicator's number means: its unit of measure and the direction that is good."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", _("%")
    PER_1000 = "per_1000", _("‰ (trên 1.000 trẻ đẻ sống)")
    PER_100000 = "per_100000", _("trên 100.000 trẻ em")
    COUNT = "count", _("số lượng")
    YEARLY_CHANGE = "yearly_change", _("% thay đổi mỗi năm")


# A ratio's value is numerator / denominator × multiplier; counts have no denominator.
MULTIPLIERS: dict[str, Decimal] = {
    MeasureUnit.PERCENT: Decimal(100),
    MeasureUnit.PER_1000: Decimal(1000),
    MeasureUnit.PER_100000: Decimal(100000),
}

SHORT_LABELS: dict[str, str] = {
    MeasureUnit.PERCENT: "%",
    MeasureUnit.PER_1000: "‰",
    MeasureUnit.PER_100000: "/100.000",
    MeasureUnit.COUNT: "",
    MeasureUnit.YEARLY_CHANGE: "%/năm",
}


def is_ratio(unit: str) -> bool:
    return unit in MULTIPLIERS


class Direction(models.TextChoices):
    UP = "up", _("càng cao càng tốt")
    DOWN = "down", _("càng thấp càng tốt")
    MAINTAIN = "maintain", _("duy trì")


class Source(models.TextChoices):
    REGISTRY = "registry", _("Tính từ cơ sở dữ liệu trẻ em")
    CASES = "cases", _("Tính từ hồ sơ vụ việc")
    ENTERED = "entered", _("Cơ quan phụ trách nhập số liệu")


def ratio_value(
    numerator: Decimal | None, denominator: Decimal | None, unit: str
) -> Decimal | None:
    """The value of a measurement from its parts, rounded to 2 places; None when undefined."""
    if numerator is None:
        return None
    if not is_ratio(unit):
        return numerator
    if not denominator:
        return None
    return (numerator / denominator * MULTIPLIERS[unit]).quantize(Decimal("0.01"))


def format_value(value: Decimal | float | None, unit: str) -> str:
    """'97,5%', '9,3‰', '1.234' — Vietnamese separators."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    if number == number.to_integral_value():
        text = f"{int(number):,}".replace(",", ".")
    else:
        text = f"{number:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")
    suffix = SHORT_LABELS.get(unit, "")
    return f"{text}{suffix}" if suffix in ("%", "‰") else f"{text} {suffix}".strip()
