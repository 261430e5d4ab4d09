"""Pieces every registry service uses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from treem.core.cleaning import full_clean as full_clean  # re-exported for the services
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Level, Unit, Version
from treem.registry import access
from treem.registry.validation import FieldProblem


def today() -> dt.date:
    return timezone.localdate()


def require_write(actor: Any, unit: Unit) -> None:
    if actor is not None and not access.can_write(actor, unit):
        raise Forbidden(f"Bạn không có quyền cập nhật dữ liệu trẻ em của {unit.full_name}.")


def require_commune(unit: Unit) -> None:
    if unit.level != Level.COMMUNE or unit.version != Version.CURRENT:
        raise Invalid(
            f"{unit.full_name} không phải xã/phường hiện hành; hãy chọn xã/phường sau sắp xếp "
            "01/7/2025.",
            details={"unit": "Chọn xã/phường hiện hành."},
        )


def require_village_of(village: Unit | None, unit: Unit) -> None:
    if village is not None and (village.level != Level.VILLAGE or village.parent_id != unit.pk):
        raise Invalid(
            f"{village.full_name} không thuộc {unit.full_name}.",
            details={"village": "Chọn thôn/tổ dân phố của xã này."},
        )


def invalid_from(problem: FieldProblem) -> Invalid:
    return Invalid(str(problem), details={problem.field: str(problem)})


def plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
