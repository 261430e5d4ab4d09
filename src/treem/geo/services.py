"""Changes to administrative units: loading the reference file, and villages (thôn, tổ dân
phố) that communes add under themselves."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from treem.core.audit import audit_write, diff, snapshot
from treem.core.errors import Forbidden, Invalid
from treem.core.text import fold, nfc
from treem.geo import reference
from treem.geo.models import VILLAGE_KINDS, Level, Unit, Version

VILLAGE_FIELDS = ["name", "kind", "full_name"]


def _require_unit_admin(actor: Any, unit: Unit) -> None:
    from treem.org.scope import can_manage_unit

    # actor=None is the system itself (CLI, demo set-up), which may do anything.
    if actor is not None and not can_manage_unit(actor, unit):
        raise Forbidden("Bạn không có quyền quản lý đơn vị này.")


def geo_load_reference(*, actor: Any) -> reference.LoadSummary:
    """Load the official reference file. Administrators only (or the system, actor=None)."""
    if actor is not None:
        from treem.org.scope import is_national_admin

        if not is_national_admin(actor):
            raise Forbidden(
                "Chỉ quản trị hệ thống cấp quốc gia được nạp dữ liệu đơn vị hành chính."
            )
    return reference.load_reference(actor=actor)


def _village_full_name(kind: str, name: str) -> str:
    label = dict(Unit._meta.get_field("kind").flatchoices)[kind]
    return f"{label} {name}"


def village_create(*, actor: Any, commune: Unit, name: str, kind: str) -> Unit:
    if commune.level != Level.COMMUNE or commune.version != Version.CURRENT:
        raise Invalid(
            f"Chỉ thêm thôn/tổ dân phố dưới một xã/phường hiện hành; {commune.full_name} "
            "không phải xã/phường hiện hành."
        )
    if kind not in VILLAGE_KINDS:
        raise Invalid("Loại đơn vị phải là thôn, tổ dân phố, ấp, bản hoặc khu phố.")
    _require_unit_admin(actor, commune)
    name = nfc(name)
    if not name:
        raise Invalid("Tên thôn/tổ dân phố không được để trống.")
    with transaction.atomic():
        siblings = Unit.objects.select_for_update().filter(parent=commune)
        if any(fold(s.name) == fold(name) and s.kind == kind for s in siblings):
            raise Invalid(f"{commune.full_name} đã có {_village_full_name(kind, name)}.")
        number = len(siblings) + 1
        code = f"{commune.code}-{number:03d}"
        while Unit.objects.filter(version=Version.CURRENT, code=code).exists():
            number += 1
            code = f"{commune.code}-{number:03d}"
        full_name = _village_full_name(kind, name)
        village = Unit(
            version=Version.CURRENT,
            code=code,
            level=Level.VILLAGE,
            kind=kind,
            name=name,
            full_name=full_name,
            search_key=fold(full_name),
            parent=commune,
            path=f"{commune.path}{code}/",
            counterpart_path=commune.counterpart_path,
            province_code=commune.province_code,
            valid_from=None,
        )
        village.full_clean()
        village.save()
        audit_write(actor=actor, action="geo.village.create", obj=village, unit=village)
    return village


def village_update(*, actor: Any, village: Unit, name: str, kind: str) -> Unit:
    if village.level != Level.VILLAGE:
        raise Invalid("Chỉ sửa được thôn/tổ dân phố; đơn vị hành chính chính thức không sửa tay.")
    if kind not in VILLAGE_KINDS:
        raise Invalid("Loại đơn vị phải là thôn, tổ dân phố, ấp, bản hoặc khu phố.")
    _require_unit_admin(actor, village)
    with transaction.atomic():
        before = snapshot(village, VILLAGE_FIELDS)
        village.name = nfc(name)
        village.kind = kind
        village.full_name = _village_full_name(kind, village.name)
        village.search_key = fold(village.full_name)
        village.full_clean()
        village.save()
        audit_write(
            actor=actor,
            action="geo.village.update",
            obj=village,
            unit=village,
            changes=diff(village, before, VILLAGE_FIELDS),
        )
    return village
