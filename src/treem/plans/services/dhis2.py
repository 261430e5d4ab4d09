"""Writing the DHIS2 code mapping: which data elements carry an indicator's numerator and
denominator, and which org unit stands for an administrative unit.

Who may map: a national system administrator, or a specialist — a national one for the
catalogue, a province's own for its own indicators and for the units of its province.
A blank code removes the mapping (a unit then goes by its own code again).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from treem.core.audit import audit_write
from treem.core.cleaning import full_clean
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Level, Unit, Version
from treem.org import scope
from treem.org.roles import Role
from treem.plans.domain.measures import is_ratio
from treem.plans.models import Dhis2Element, Dhis2OrgUnit, Indicator

CODE_LENGTH = 64


def _national_specialist(actor: Any) -> bool:
    return any(
        m.role == Role.SPECIALIST and m.unit.level == Level.NATION
        for m in scope.active_memberships(actor)
    )


def _may_map(actor: Any, unit: Unit | None) -> bool:
    """`unit` None: the national catalogue."""
    if actor is None or scope.is_national_admin(actor) or _national_specialist(actor):
        return True
    return unit is not None and scope.covers(actor, unit, {Role.SPECIALIST})


def _code(value: str, label: str, field: str) -> str:
    code = (value or "").strip()
    if len(code) > CODE_LENGTH:
        raise Invalid(
            f"{label} '{code[:20]}…' dài quá {CODE_LENGTH} ký tự.",
            details={field: f"Tối đa {CODE_LENGTH} ký tự."},
        )
    if any(c.isspace() for c in code):
        raise Invalid(
            f"{label} '{code}' có khoảng trắng; mã DHIS2 (UID hoặc code) không chứa khoảng trắng.",
            details={field: "Bỏ khoảng trắng."},
        )
    return code


def _check_elements_free(
    indicator: Indicator, codes: list[str], combo: str, own: Dhis2Element | None
) -> None:
    """A data element (with its category option combo) carries one figure only, so an
    imported value is never read into two indicators."""
    if len(set(codes)) < len(codes):
        raise Invalid(
            f"Chỉ tiêu {indicator.code}: tử số và mẫu số phải là hai data element khác nhau.",
            details={"denominator": "Chọn data element khác tử số."},
        )
    others = Dhis2Element.objects.select_related("indicator").filter(category_option_combo=combo)
    if own is not None:
        others = others.exclude(pk=own.pk)
    for other in others:
        taken = {other.numerator, other.denominator} & set(codes)
        if taken:
            code = sorted(taken)[0]
            raise Invalid(
                f"Data element '{code}' đã dùng cho chỉ tiêu {other.indicator.code}; mỗi data "
                "element (cùng category option combo) chỉ mang một số liệu.",
                details={"numerator": f"'{code}' đã được dùng."},
            )


def dhis2_element_set(
    *,
    actor: Any,
    indicator: Indicator,
    numerator: str,
    denominator: str = "",
    category_option_combo: str = "",
) -> Dhis2Element | None:
    """Map the indicator to its data elements; a blank `numerator` removes the mapping."""
    province = None
    if indicator.province_code:
        province = Unit.objects.filter(
            version=Version.CURRENT, level=Level.PROVINCE, code=indicator.province_code
        ).first()
    if not _may_map(actor, province):
        raise Forbidden("Chỉ quản trị hệ thống hoặc chuyên viên cấp quốc gia được sửa mã DHIS2.")
    num = _code(numerator, "Data element tử số", "numerator")
    den = _code(denominator, "Data element mẫu số", "denominator")
    combo = _code(category_option_combo, "Category option combo", "category_option_combo")
    with transaction.atomic():
        row = Dhis2Element.objects.select_for_update().filter(indicator=indicator).first()
        if not num:
            if row is not None:
                audit_write(
                    actor=actor,
                    action="plans.dhis2.element.remove",
                    obj=indicator,
                    changes={"indicator": indicator.code, "numerator": row.numerator},
                )
                row.delete()
            return None
        if is_ratio(indicator.unit) and not den:
            raise Invalid(
                f"Chỉ tiêu {indicator.code} là tỷ lệ: cần data element cho mẫu số "
                f"({indicator.denominator or 'mẫu số'}).",
                details={"denominator": "Nhập data element mẫu số."},
            )
        if not is_ratio(indicator.unit) and den:
            raise Invalid(
                f"Chỉ tiêu {indicator.code} đếm số lượng, không có mẫu số.",
                details={"denominator": "Để trống."},
            )
        _check_elements_free(indicator, [c for c in (num, den) if c], combo, row)
        created = row is None
        before = {} if row is None else _fields(row)
        row = row or Dhis2Element(indicator=indicator)
        row.numerator, row.denominator, row.category_option_combo = num, den, combo
        full_clean(row)
        row.save()
        audit_write(
            actor=actor,
            action="plans.dhis2.element.create" if created else "plans.dhis2.element.update",
            obj=indicator,
            changes={"indicator": indicator.code, "before": before, "after": _fields(row)},
        )
    return row


def _fields(row: Dhis2Element) -> dict[str, str]:
    return {
        "numerator": row.numerator,
        "denominator": row.denominator,
        "category_option_combo": row.category_option_combo,
    }


def dhis2_org_unit_set(*, actor: Any, unit: Unit, org_unit: str) -> Dhis2OrgUnit | None:
    """Map the unit to a DHIS2 org unit; a blank `org_unit` goes back to the unit's code."""
    if not _may_map(actor, unit):
        raise Forbidden(f"Bạn không có quyền sửa mã DHIS2 của {unit.full_name}.")
    code = _code(org_unit, "Org unit", "org_unit")
    if unit.level == Level.VILLAGE:
        raise Invalid(
            "Số liệu chỉ tiêu ghi cho xã/phường trở lên; thôn/tổ dân phố không cần mã DHIS2.",
            details={"unit": "Chọn xã/phường, tỉnh hoặc toàn quốc."},
        )
    with transaction.atomic():
        row = Dhis2OrgUnit.objects.select_for_update().filter(unit=unit).first()
        old = row.org_unit if row is not None else ""
        if code and code != unit.code:
            _check_org_unit_free(unit, code)
        if not code or code == unit.code:
            # The unit's own code is the default: no row needed.
            if row is not None:
                row.delete()
            row = None
        else:
            row = row or Dhis2OrgUnit(unit=unit)
            row.org_unit = code
            full_clean(row)
            row.save()
        if old != (row.org_unit if row else ""):
            audit_write(
                actor=actor,
                action="plans.dhis2.org_unit.set",
                obj=unit,
                unit=unit,
                changes={"org_unit": [old or unit.code, code or unit.code]},
            )
    return row


def _check_org_unit_free(unit: Unit, code: str) -> None:
    taken = Dhis2OrgUnit.objects.select_related("unit").filter(org_unit=code).exclude(unit=unit)
    other = taken.first()
    if other is not None:
        message = f"Org unit '{code}' đã gán cho {other.unit.full_name} (mã {other.unit.code})."
        raise Invalid(message, details={"org_unit": message})
    # Units without a mapping go by their own code: a mapping must not take one of those.
    clash = Unit.objects.filter(code=code).exclude(pk=unit.pk).first()
    if clash is not None:
        message = (
            f"Org unit '{code}' trùng mã của {clash.full_name}; chọn mã khác để hai đơn vị "
            "không lẫn nhau khi trao đổi với DHIS2."
        )
        raise Invalid(message, details={"org_unit": message})
