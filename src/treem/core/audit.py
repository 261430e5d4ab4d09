"""Writing audit rows. Services call `audit_write` inside their transaction; views and
selectors that show sensitive data call `audit_read`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from django.db import models, transaction

from treem.core import context
from treem.core.models import AuditEvent


class HasPath(Protocol):
    path: str
    province_code: str


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": "hệ thống" if actor is None else "ẩn danh"}
    return {"actor": actor, "actor_label": actor.get_username()}


def _object_fields(obj: models.Model | None) -> dict[str, Any]:
    if obj is None:
        return {}
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
    }


def _unit_fields(unit: HasPath | None) -> dict[str, Any]:
    if unit is None:
        return {}
    return {"unit_path": unit.path, "province_code": unit.province_code or ""}


def audit_write(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    unit: HasPath | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Record a change. Must run inside the transaction that makes the change, so the row and
    the change commit or roll back together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit_write({action}) called outside a transaction")
    return _create(AuditEvent.Kind.WRITE, actor, action, obj, unit, changes, reason)


def audit_read(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    unit: HasPath | None = None,
    details: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Record that a person looked at sensitive data (a child record, a case file, an export)."""
    return _create(AuditEvent.Kind.READ, actor, action, obj, unit, details, reason)


def audit_auth(*, actor: Any, action: str, details: dict[str, Any] | None = None) -> AuditEvent:
    return _create(AuditEvent.Kind.AUTH, actor, action, None, None, details, "")


def _create(
    kind: str,
    actor: Any,
    action: str,
    obj: models.Model | None,
    unit: HasPath | None,
    changes: dict[str, Any] | None,
    reason: str,
) -> AuditEvent:
    ctx = context.current()
    return AuditEvent.objects.create(
        kind=kind,
        action=action,
        ip=ctx.ip,
        channel=ctx.channel,
        reason=reason[:300],
        changes=changes or {},
        **_actor_fields(actor),
        **_object_fields(obj),
        **_unit_fields(unit),
    )


def diff(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """{'field': [old, new]} for the fields that changed, JSON-friendly."""
    changed: dict[str, Any] = {}
    for name in fields:
        new = getattr(instance, name)
        old = before.get(name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
    return changed


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
