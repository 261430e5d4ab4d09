"""Creating plans and setting their targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from treem.core.audit import audit_write, diff, snapshot
from treem.core.cleaning import full_clean
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Level, Unit, Version
from treem.org.models import Agency
from treem.plans import access, seed
from treem.plans.domain.comparators import THRESHOLD, Comparator
from treem.plans.models import Indicator, Plan, PlanReference, PlanStatus, Target

PLAN_FIELDS = ["number", "title", "issuer", "issued_on", "first_year", "last_year", "status"]
TARGET_FIELDS = ["comparator", "value", "value_high", "unit", "text", "line"]


def _require_plan(actor: Any, unit: Unit) -> None:
    if actor is not None and not access.can_plan(actor, unit):
        raise Forbidden(f"Bạn không có quyền quản lý kế hoạch của {unit.full_name}.")


def _check_period(first_year: int, last_year: int) -> None:
    if last_year < first_year:
        raise Invalid(
            f"Giai đoạn kế hoạch không hợp lệ: năm kết thúc {last_year} trước năm bắt đầu "
            f"{first_year}.",
            details={"last_year": "Năm kết thúc phải từ năm bắt đầu trở đi."},
        )


def plan_create(
    *,
    actor: Any,
    unit: Unit,
    number: str,
    title: str,
    first_year: int,
    last_year: int,
    issued_on: dt.date | None = None,
    issuer: str = "",
    agency: Agency | None = None,
    parent: Plan | None = None,
    source_name: str = "",
    source_sha256: str = "",
) -> Plan:
    if unit.version != Version.CURRENT or unit.level == Level.VILLAGE:
        raise Invalid(
            "Kế hoạch gắn với một đơn vị hành chính hiện hành (toàn quốc, tỉnh hoặc xã).",
            details={"unit": "Chọn tỉnh/thành phố hoặc xã/phường hiện hành."},
        )
    _require_plan(actor, unit)
    _check_period(first_year, last_year)
    if parent is not None and not unit.path.startswith(parent.unit_path):
        raise Invalid(
            f"Kế hoạch cấp trên {parent.number} không phải của địa bàn chứa {unit.full_name}.",
            details={"parent": "Chọn kế hoạch của cấp tỉnh hoặc quốc gia chứa địa bàn này."},
        )
    with transaction.atomic():
        plan = Plan(
            unit=unit,
            unit_path=unit.path,
            province_code=unit.province_code,
            number=number.strip(),
            title=title.strip(),
            first_year=first_year,
            last_year=last_year,
            issued_on=issued_on,
            issuer=issuer.strip(),
            agency=agency,
            parent=parent,
            source_name=source_name,
            source_sha256=source_sha256,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        full_clean(plan)
        plan.save()
        audit_write(actor=actor, action="plans.plan.create", obj=plan, unit=unit)
    return plan


def plan_update(*, actor: Any, plan: Plan, **fields: Any) -> Plan:
    _require_plan(actor, plan.unit)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise Invalid(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        before = snapshot(plan, PLAN_FIELDS)
        for name, value in fields.items():
            setattr(plan, name, value)
        _check_period(plan.first_year, plan.last_year)
        full_clean(plan)
        outside = plan.targets.exclude(year__range=(plan.first_year, plan.last_year))
        if outside.exists():
            years = sorted(set(outside.values_list("year", flat=True)))
            raise Invalid(
                f"Kế hoạch còn chỉ tiêu cho năm {', '.join(map(str, years))} nằm ngoài giai "
                f"đoạn {plan.first_year}–{plan.last_year}; sửa hoặc xóa các chỉ tiêu đó trước."
            )
        plan.save()
        audit_write(
            actor=actor,
            action="plans.plan.update",
            obj=plan,
            unit=plan.unit,
            changes=diff(plan, before, PLAN_FIELDS),
        )
    return plan


def plan_activate(*, actor: Any, plan: Plan) -> Plan:
    return plan_update(actor=actor, plan=plan, status=PlanStatus.ACTIVE)


def plan_reference_add(
    *,
    actor: Any,
    plan: Plan,
    number: str,
    issuer: str = "",
    issued_on: dt.date | None = None,
    title: str = "",
) -> PlanReference:
    _require_plan(actor, plan.unit)
    with transaction.atomic():
        # Numbers like "14/KH-UBND" repeat between provinces: only plans of this unit and
        # the units above it can be the document referred to.
        from treem.geo.selectors import ancestor_paths

        referenced = (
            Plan.objects.filter(
                number__iexact=number.strip(),
                unit_path__in=[*ancestor_paths(plan.unit_path), plan.unit_path],
            )
            .exclude(pk=plan.pk)
            .first()
        )
        ref = PlanReference(
            plan=plan,
            number=number.strip(),
            issuer=issuer.strip(),
            issued_on=issued_on,
            title=title.strip(),
            referenced_plan=referenced,
        )
        full_clean(ref)
        ref.save()
        audit_write(
            actor=actor,
            action="plans.reference.add",
            obj=plan,
            unit=plan.unit,
            changes={"reference": ref.number},
        )
    return ref


def _check_target(
    plan: Plan,
    indicator: Indicator,
    year: int,
    comparator: str,
    value: Decimal | None,
    high: Decimal | None,
) -> None:
    where = f"Chỉ tiêu {indicator.code} năm {year}"
    if not comparator:
        raise Invalid(
            f"{where}: thiếu phép so sánh (≥, ≤, <, >, =, duy trì hoặc giảm % mỗi năm).",
            details={"comparator": "Chọn phép so sánh."},
        )
    if comparator not in Comparator.values:
        raise Invalid(f"{where}: phép so sánh '{comparator}' không hợp lệ.")
    if not plan.first_year <= year <= plan.last_year:
        raise Invalid(
            f"{where}: năm {year} nằm ngoài giai đoạn kế hoạch {plan.first_year}–{plan.last_year}.",
            details={"year": f"Chọn năm từ {plan.first_year} đến {plan.last_year}."},
        )
    if comparator in THRESHOLD or comparator == Comparator.REDUCE_BY:
        if value is None:
            raise Invalid(f"{where}: thiếu giá trị mục tiêu.", details={"value": "Nhập giá trị."})
    if value is not None and value < 0:
        raise Invalid(
            f"{where}: giá trị mục tiêu không được âm.", details={"value": "Nhập số ≥ 0."}
        )
    if high is not None and (value is None or high < value):
        raise Invalid(
            f"{where}: cận trên {high} nhỏ hơn giá trị {value}.",
            details={"value_high": "Cận trên phải lớn hơn hoặc bằng giá trị."},
        )


def target_set(
    *,
    actor: Any,
    plan: Plan,
    indicator: Indicator,
    year: int,
    comparator: str,
    value: Decimal | None,
    unit: str | None = None,
    value_high: Decimal | None = None,
    text: str = "",
    line: int | None = None,
) -> Target:
    """Create or replace the plan's target for this indicator and year."""
    _require_plan(actor, plan.unit)
    _check_target(plan, indicator, year, comparator, value, value_high)
    if comparator == Comparator.REDUCE_BY:
        unit = "yearly_change"
    with transaction.atomic():
        target = Target.objects.filter(plan=plan, indicator=indicator, year=year).first()
        created = target is None
        if target is None:
            target = Target(plan=plan, indicator=indicator, year=year)
        before = snapshot(target, TARGET_FIELDS)
        target.comparator = comparator
        target.value = value
        target.value_high = value_high
        target.unit = unit or indicator.unit
        target.text = text[:1000]
        target.line = line
        full_clean(target)
        target.save()
        audit_write(
            actor=actor,
            action="plans.target.create" if created else "plans.target.update",
            obj=plan,
            unit=plan.unit,
            changes={
                "indicator": indicator.code,
                "year": year,
                **diff(target, before, TARGET_FIELDS),
            },
        )
    return target


def target_remove(*, actor: Any, target: Target) -> None:
    plan = target.plan
    _require_plan(actor, plan.unit)
    with transaction.atomic():
        audit_write(
            actor=actor,
            action="plans.target.remove",
            obj=plan,
            unit=plan.unit,
            changes={"indicator": target.indicator.code, "year": target.year},
        )
        target.delete()


def national_plan_seed(*, actor: Any = None) -> Plan:
    """The national plan of QĐ 23/QĐ-TTg with its 2025 and 2030 targets (system only)."""
    if actor is not None:
        from treem.org.scope import is_national_admin

        if not is_national_admin(actor):
            raise Forbidden("Chỉ quản trị hệ thống cấp quốc gia được nạp kế hoạch quốc gia.")
    nation = Unit.objects.get(version=Version.CURRENT, level=Level.NATION)
    with transaction.atomic():
        seed.load_catalogue(Indicator)
        plan = seed.load_national_plan(Plan, Target, Indicator, nation)
        audit_write(actor=actor, action="plans.national.seed", obj=plan, unit=nation)
    return plan
