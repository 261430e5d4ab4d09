"""A province's own indicators, added to the national catalogue by its specialists."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Max

from treem.core.audit import audit_write
from treem.core.cleaning import full_clean
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Level, Unit, Version
from treem.org import scope
from treem.org.models import AgencyKind
from treem.org.roles import Role
from treem.plans.domain.measures import Direction, MeasureUnit, Source, is_ratio
from treem.plans.models import Indicator, ObjectiveGroup

CATALOGUE_ROLES = {Role.SPECIALIST}
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,11}$")
_NUMBERED = re.compile(r"^(\d{1,4})([a-z]{0,4})$")
# A province's items sort after the national ones (sort_order 10 … 350).
PROVINCE_SORT_START = 1000


def can_manage_catalogue(user: Any, province: Unit) -> bool:
    return scope.covers(user, province, CATALOGUE_ROLES)


def _require(actor: Any, province: Unit) -> None:
    if actor is not None and not can_manage_catalogue(actor, province):
        raise Forbidden(
            f"Chỉ chuyên viên cấp tỉnh của {province.full_name} được bổ sung chỉ tiêu riêng."
        )


def _check_choice(value: str, choices: list[str], field: str, label: str) -> None:
    if value not in choices:
        raise Invalid(f"{label} '{value}' không hợp lệ.", details={field: f"Chọn {label.lower()}."})


def _check(
    code: str,
    name: str,
    short_name: str,
    group: int,
    unit: str,
    direction: str,
    denominator: str,
    lead_sector: str,
) -> None:
    if not _CODE.match(code):
        raise Invalid(
            f"Mã chỉ tiêu '{code}' không hợp lệ: dùng chữ không dấu, số, dấu chấm hoặc gạch "
            "ngang, tối đa 12 ký tự (ví dụ KH-25).",
            details={"code": "Nhập mã như KH-25."},
        )
    if not name:
        raise Invalid("Thiếu tên chỉ tiêu.", details={"name": "Nhập tên đầy đủ của chỉ tiêu."})
    if not short_name:
        raise Invalid(
            "Thiếu tên ngắn của chỉ tiêu (dùng trong bảng).",
            details={"short_name": "Nhập tên ngắn, tối đa 80 ký tự."},
        )
    if group not in ObjectiveGroup.values:
        raise Invalid(
            f"Nhóm mục tiêu '{group}' không hợp lệ.", details={"group": "Chọn nhóm mục tiêu."}
        )
    _check_choice(unit, MeasureUnit.values, "unit", "Đơn vị tính")
    _check_choice(direction, Direction.values, "direction", "Chiều mong muốn")
    if lead_sector:
        _check_choice(lead_sector, AgencyKind.values, "lead_sector", "Ngành chủ trì")
    if is_ratio(unit) and not denominator:
        raise Invalid(
            f"Chỉ tiêu '{code}' là tỷ lệ nên cần ghi mẫu số (tính trên tổng số nào).",
            details={"denominator": "Nhập định nghĩa mẫu số."},
        )
    if not is_ratio(unit) and denominator:
        raise Invalid(
            f"Chỉ tiêu '{code}' tính bằng số lượng nên không có mẫu số.",
            details={"denominator": "Để trống mẫu số, hoặc chọn đơn vị tính là tỷ lệ."},
        )


def indicator_create(
    *,
    actor: Any,
    province: Unit,
    code: str,
    name: str,
    short_name: str,
    group: int,
    unit: str,
    direction: str,
    numerator: str,
    denominator: str,
    lead_sector: str,
) -> Indicator:
    """Add a province's own item to the catalogue (entered by the agencies, like the
    national items without a computation)."""
    if province.version != Version.CURRENT or province.level != Level.PROVINCE:
        raise Invalid(
            "Chỉ tiêu riêng được bổ sung cho một tỉnh/thành phố hiện hành.",
            details={"province": "Chọn tỉnh/thành phố."},
        )
    _require(actor, province)
    code, name, short_name = code.strip(), name.strip(), short_name.strip()
    numerator, denominator = numerator.strip(), denominator.strip()
    _check(code, name, short_name, group, unit, direction, denominator, lead_sector)
    with transaction.atomic():
        existing = Indicator.objects.filter(code__iexact=code).first()
        if existing is not None:
            owner = (
                f"của tỉnh mã {existing.province_code}"
                if existing.province_code
                else "của danh mục quốc gia"
            )
            raise Invalid(
                f"Mã chỉ tiêu '{code}' đã được dùng cho chỉ tiêu {owner} "
                f"({existing.short_name}). Chọn mã khác, ví dụ thêm tiền tố của tỉnh "
                f"({province.code}-{code}).",
                code="duplicate",
                details={"code": "Mã này đã có trong danh mục."},
            )
        numbered = _NUMBERED.match(code)
        last = Indicator.objects.aggregate(top=Max("sort_order"))["top"] or 0
        indicator = Indicator(
            code=code,
            number=int(numbered.group(1)) if numbered else 0,
            part=numbered.group(2) if numbered else "",
            name=name,
            short_name=short_name,
            group=group,
            unit=unit,
            direction=direction,
            numerator=numerator,
            denominator=denominator,
            lead_sector=lead_sector,
            source=Source.ENTERED,
            province_code=province.code,
            sort_order=max(last + 10, PROVINCE_SORT_START),
        )
        full_clean(indicator)
        indicator.save()
        audit_write(
            actor=actor,
            action="plans.indicator.create",
            obj=indicator,
            unit=province,
            changes={"code": code, "name": name, "unit": unit},
        )
    return indicator


def indicator_deactivate(*, actor: Any, indicator: Indicator, reason: str = "") -> Indicator:
    """Stop using a province's own item: it leaves the catalogue and the entry grids; its
    targets and figures are kept."""
    if not indicator.province_code:
        raise Invalid(
            f"Chỉ tiêu {indicator.code} thuộc danh mục quốc gia (QĐ 23/QĐ-TTg); tỉnh không "
            "ngừng dùng được chỉ tiêu này."
        )
    province = Unit.objects.filter(
        version=Version.CURRENT, level=Level.PROVINCE, code=indicator.province_code
    ).first()
    if province is None:
        raise Invalid(f"Không tìm thấy tỉnh mã {indicator.province_code} của chỉ tiêu này.")
    _require(actor, province)
    if not indicator.active:
        raise Invalid(f"Chỉ tiêu {indicator.code} đã ngừng dùng từ trước.")
    with transaction.atomic():
        indicator.active = False
        indicator.save(update_fields=["active"])
        audit_write(
            actor=actor,
            action="plans.indicator.deactivate",
            obj=indicator,
            unit=province,
            changes={"active": [True, False]},
            reason=reason.strip(),
        )
    return indicator
