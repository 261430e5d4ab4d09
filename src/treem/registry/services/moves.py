"""A child moving to another commune: the receiving commune takes the record over."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from treem.core.audit import audit_write
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Unit
from treem.registry import access
from treem.registry.models import Child, Residence
from treem.registry.services.common import require_commune, require_village_of, today


def child_move(
    *,
    actor: Any,
    child: Child,
    to_unit: Unit,
    moved_on: dt.date,
    village: Unit | None = None,
    reason: str = "",
) -> Child:
    """Close the current residence on the day before `moved_on` and open one in `to_unit`.
    Either the sending commune (it knows the child left) or the receiving commune (the child
    turned up) may record the move."""
    require_commune(to_unit)
    require_village_of(village, to_unit)
    if actor is not None and not (
        access.can_write(actor, child.unit) or access.can_write(actor, to_unit)
    ):
        raise Forbidden("Bạn không có quyền ghi nhận việc chuyển đi của trẻ này.")
    if to_unit.pk == child.unit_id:
        raise Invalid(
            "Trẻ đang ở xã này; hãy chọn xã chuyển đến khác.",
            details={"to_unit": "Chọn xã khác với xã hiện tại."},
        )
    if moved_on > today() or moved_on < child.birth_date:
        raise Invalid(
            f"Ngày chuyển {moved_on:%d/%m/%Y} không hợp lệ.",
            details={"moved_on": "Ngày chuyển phải sau ngày sinh và không ở tương lai."},
        )
    with transaction.atomic():
        current = child.residences.filter(valid_to__isnull=True).order_by("-valid_from").first()
        if current is not None:
            if moved_on <= current.valid_from:
                raise Invalid(
                    "Ngày chuyển phải sau ngày bắt đầu cư trú hiện tại "
                    f"({current.valid_from:%d/%m/%Y}).",
                    details={"moved_on": "Kiểm tra lại ngày chuyển."},
                )
            current.valid_to = moved_on - dt.timedelta(days=1)
            current.save(update_fields=["valid_to"])
        from_unit = child.unit
        Residence.objects.create(
            child=child,
            unit=to_unit,
            unit_path=to_unit.path,
            province_code=to_unit.province_code,
            valid_from=moved_on,
            reason=reason,
        )
        child.unit, child.unit_path = to_unit, to_unit.path
        child.province_code, child.village = to_unit.province_code, village
        child.save(update_fields=["unit", "unit_path", "province_code", "village", "updated_at"])
        changes = {
            "from": from_unit.full_name,
            "to": to_unit.full_name,
            "moved_on": moved_on.isoformat(),
        }
        # Written twice so each commune's audit log shows its side of the move.
        for unit in (from_unit, to_unit):
            audit_write(
                actor=actor,
                action="registry.child.move",
                obj=child,
                unit=unit,
                changes=changes,
                reason=reason,
            )
    return child
