"""How a target compares a value with its threshold."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Comparator(models.TextChoices):
    GE = ">=", _("đạt từ … trở lên (≥)")
    GT = ">", _("trên (>)")
    LE = "<=", _("không quá (≤)")
    LT = "<", _("dưới (<)")
    EQ = "=", _("bằng (=)")
    MAINTAIN = "maintain", _("duy trì")
    REDUCE_BY = "reduce_by", _("giảm … % mỗi năm")


SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}

# Comparators whose value is a threshold on the indicator's own value.
THRESHOLD = {Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT, Comparator.EQ}


def meets(value: Decimal, comparator: str, threshold: Decimal) -> bool:
    if comparator == Comparator.GE:
        return value >= threshold
    if comparator == Comparator.GT:
        return value > threshold
    if comparator == Comparator.LE:
        return value <= threshold
    if comparator == Comparator.LT:
        return value < threshold
    if comparator == Comparator.EQ:
        return value == threshold
    raise ValueError(f"not a threshold comparator: {comparator}")


def wants_higher(comparator: str) -> bool | None:
    """True for ≥ and >, False for ≤ and <, None when the comparator has no side."""
    if comparator in (Comparator.GE, Comparator.GT):
        return True
    if comparator in (Comparator.LE, Comparator.LT):
        return False
    return None


def describe(
    comparator: str, value: Decimal | None, unit_label: str, high: Decimal | None = None
) -> str:
    """'≥ 95%', 'duy trì', 'giảm 2–3%/năm'."""
    from treem.plans.domain.measures import format_value

    if comparator == Comparator.MAINTAIN:
        return "duy trì" if value is None else f"duy trì {format_value(value, unit_label)}"
    if comparator == Comparator.REDUCE_BY:
        low = format_value(value, "count")
        span = f"{low}–{format_value(high, 'count')}" if high is not None else low
        return f"giảm {span}%/năm"
    return f"{SYMBOLS.get(comparator, comparator)} {format_value(value, unit_label)}"
