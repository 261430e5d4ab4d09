"""Registering and updating children, their caregivers and life status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from treem.core.audit import audit_write, diff, snapshot
from treem.core.errors import Invalid
from treem.geo.models import Unit
from treem.registry.models import Caregiver, Child, Residence
from treem.registry.models.choices import LifeStatus, Relation, Source
from treem.registry.services.common import (
    full_clean,
    invalid_from,
    plain,
    require_commune,
    require_village_of,
    require_write,
    today,
)
from treem.registry.validation import (
    FieldProblem,
    check_birth_date,
    clean_insurance,
    clean_name,
    clean_personal_id,
    clean_phone,
    name_key,
)

# Fields a person edits on the record; unit and village change only by moving.
EDITABLE_FIELDS = [
    "full_name",
    "sex",
    "birth_date",
    "personal_id",
    "ethnicity",
    "nationality",
    "address",
    "contact_phone",
    "birth_registered",
    "birth_registered_on",
    "birth_registered_place",
    "health_insurance_no",
    "disability_kind",
    "disability_degree",
    "school_level",
    "school_name",
    "dropped_out",
    "poverty",
    "life_status",
    "life_status_on",
]


def _normalise(child: Child, *, new_record: bool, on: dt.date) -> list[FieldProblem]:
    """Clean the typed values in place; errors raise, warnings are returned."""
    try:
        child.full_name = clean_name(child.full_name)
        child.name_key = name_key(child.full_name)
        if child.birth_date:
            check_birth_date(child.birth_date, on, new_record=new_record)
        child.personal_id, warnings = clean_personal_id(
            child.personal_id or "", sex=child.sex, birth_date=child.birth_date
        )
        child.contact_phone = clean_phone(child.contact_phone)
        child.health_insurance_no = clean_insurance(child.health_insurance_no)
    except FieldProblem as problem:
        raise invalid_from(problem) from None
    if (
        child.birth_registered_on
        and child.birth_date
        and child.birth_registered_on < child.birth_date
    ):
        raise Invalid(
            "Ngày đăng ký khai sinh trước ngày sinh.",
            details={"birth_registered_on": "Ngày đăng ký khai sinh phải từ ngày sinh trở đi."},
        )
    if child.life_status != LifeStatus.LIVING and not child.life_status_on:
        child.life_status_on = on
    return warnings


def _check_unique_id(child: Child) -> None:
    if not child.personal_id:
        return
    clash = Child.objects.filter(personal_id=child.personal_id, merged_into__isnull=True)
    if child.pk:
        clash = clash.exclude(pk=child.pk)
    if clash.exists():
        raise Invalid(
            f"Số định danh {child.personal_id} đã có trong hồ sơ một trẻ khác.",
            details={
                "personal_id": "Số này đã được dùng. Nếu trẻ chuyển đến từ xã khác, đề nghị xã "
                "cũ làm thủ tục chuyển đi thay vì đăng ký mới."
            },
        )


def child_register(
    *,
    actor: Any,
    unit: Unit,
    village: Unit | None = None,
    data: dict[str, Any],
    caregivers: list[dict[str, Any]] | None = None,
    source: str = Source.FORM,
    on: dt.date | None = None,
) -> Child:
    """Register a new child in `unit` (a current commune)."""
    require_commune(unit)
    require_write(actor, unit)
    require_village_of(village, unit)
    on = on or today()
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise Invalid(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    child = Child(
        unit=unit,
        unit_path=unit.path,
        province_code=unit.province_code,
        village=village,
        source=source,
        created_by=actor if actor is not None else None,
        **data,
    )
    _normalise(child, new_record=True, on=on)
    _check_unique_id(child)  # before full_clean: its message says what to do instead
    full_clean(child, exclude=["name_key", "unit_path", "province_code"])
    with transaction.atomic():
        child.save()
        Residence.objects.create(
            child=child,
            unit=unit,
            unit_path=unit.path,
            province_code=unit.province_code,
            valid_from=child.birth_date,
        )
        for caregiver in caregivers or []:
            _caregiver_save(child, Caregiver(child=child, **caregiver))
        audit_write(
            actor=actor,
            action="registry.child.register",
            obj=child,
            unit=unit,
            changes={
                name: plain(value)
                for name, value in snapshot(child, EDITABLE_FIELDS).items()
                if value not in ("", None, False)
            },
        )
    return child


def child_update(
    *, actor: Any, child: Child, data: dict[str, Any], reason: str = "", on: dt.date | None = None
) -> Child:
    """Change fields of the record; the audit row keeps old and new values (the history)."""
    require_write(actor, child.unit)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise Invalid(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    before = snapshot(child, EDITABLE_FIELDS)
    for name, value in data.items():
        setattr(child, name, value)
    _normalise(child, new_record=False, on=on or today())
    _check_unique_id(child)
    full_clean(child, exclude=["name_key", "unit_path", "province_code"])
    changes = diff(child, before, EDITABLE_FIELDS)
    if not changes:
        return child
    with transaction.atomic():
        child.save()
        audit_write(
            actor=actor,
            action="registry.child.update",
            obj=child,
            unit=child.unit,
            changes=changes,
            reason=reason,
        )
    return child


def _caregiver_save(child: Child, caregiver: Caregiver) -> Caregiver:
    try:
        caregiver.full_name = clean_name(caregiver.full_name, "full_name")
        caregiver.phone = clean_phone(caregiver.phone, "phone")
        number, _warnings = clean_personal_id(caregiver.personal_id, sex=None, birth_date=None)
    except FieldProblem as problem:
        raise invalid_from(problem) from None
    caregiver.personal_id = number or ""
    caregiver.name_key = name_key(caregiver.full_name)
    full_clean(caregiver, exclude=["name_key", "child"])
    caregiver.save()
    return caregiver


def caregiver_set(
    *,
    actor: Any,
    child: Child,
    relation: str,
    full_name: str,
    phone: str = "",
    personal_id: str = "",
) -> Caregiver:
    """Add or replace the caregiver of this relation (one father, one mother, one guardian)."""
    require_write(actor, child.unit)
    if relation not in Relation.values:
        raise Invalid(f"Quan hệ '{relation}' không hợp lệ.")
    with transaction.atomic():
        existing = child.caregivers.filter(relation=relation).first()
        caregiver = existing or Caregiver(child=child, relation=relation)
        before = {"full_name": caregiver.full_name, "phone": caregiver.phone}
        caregiver.full_name, caregiver.phone = full_name, phone
        caregiver.personal_id = personal_id
        _caregiver_save(child, caregiver)
        audit_write(
            actor=actor,
            action="registry.caregiver.set",
            obj=child,
            unit=child.unit,
            changes={
                "relation": relation,
                "full_name": [before["full_name"], caregiver.full_name],
                "phone": [before["phone"], caregiver.phone],
            },
        )
    return caregiver


def caregiver_remove(*, actor: Any, caregiver: Caregiver) -> None:
    child = caregiver.child
    require_write(actor, child.unit)
    with transaction.atomic():
        audit_write(
            actor=actor,
            action="registry.caregiver.remove",
            obj=child,
            unit=child.unit,
            changes={"relation": caregiver.relation, "full_name": caregiver.full_name},
        )
        caregiver.delete()
