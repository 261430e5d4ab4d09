"""A village collaborator proposes a new child or a change; the commune officer decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from treem.core.audit import audit_write
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Unit
from treem.registry import access
from treem.registry.models import Child, Proposal
from treem.registry.models.choices import Source
from treem.registry.services.children import EDITABLE_FIELDS, child_register, child_update
from treem.registry.services.common import (
    plain,
    require_commune,
    require_village_of,
    require_write,
)


def _restore(data: dict[str, Any]) -> dict[str, Any]:
    """Dates come back from JSON as strings."""
    restored = dict(data)
    for name in ("birth_date", "birth_registered_on", "life_status_on"):
        if isinstance(restored.get(name), str) and restored[name]:
            restored[name] = dt.date.fromisoformat(restored[name])
    return restored


def proposal_create(
    *,
    actor: Any,
    kind: str,
    unit: Unit,
    data: dict[str, Any],
    village: Unit | None = None,
    child: Child | None = None,
    caregivers: list[dict[str, Any]] | None = None,
    note: str = "",
) -> Proposal:
    require_commune(unit)
    require_village_of(village, unit)
    if child is not None:
        village = child.village
        unit = child.unit
    if not access.can_propose(actor, unit, village) and not access.can_write(actor, unit):
        raise Forbidden("Bạn không có quyền đề xuất thay đổi cho địa bàn này.")
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise Invalid(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    if kind == Proposal.Kind.UPDATE and child is None:
        raise Invalid("Đề xuất cập nhật phải gắn với một trẻ.")
    if not data:
        raise Invalid("Đề xuất chưa có nội dung thay đổi.")
    payload = {name: plain(value) for name, value in data.items()}
    if village is not None:
        payload["village_id"] = village.pk
    if caregivers:
        payload["caregivers"] = caregivers
    with transaction.atomic():
        proposal = Proposal(
            kind=kind,
            child=child,
            unit=unit,
            unit_path=unit.path,
            data=payload,
            note=note,
            proposed_by=actor,
        )
        proposal.save()
        audit_write(
            actor=actor,
            action="registry.proposal.create",
            obj=child or proposal,
            unit=unit,
            changes={"kind": kind, "data": payload},
        )
    return proposal


def proposal_accept(*, actor: Any, proposal: Proposal, note: str = "") -> Child:
    """Apply the proposal through the ordinary services, so the same rules hold."""
    require_write(actor, proposal.unit)
    if proposal.status != Proposal.Status.PENDING:
        raise Invalid("Đề xuất này đã được xử lý.")
    data = _restore(proposal.data)
    village_id = data.pop("village_id", None)
    caregivers = data.pop("caregivers", None)
    with transaction.atomic():
        if proposal.kind == Proposal.Kind.REGISTER:
            village = Unit.objects.filter(pk=village_id).first() if village_id else None
            child = child_register(
                actor=actor,
                unit=proposal.unit,
                village=village,
                data=data,
                caregivers=caregivers,
                source=Source.PROPOSAL,
            )
        else:
            assert proposal.child is not None
            child = child_update(
                actor=actor,
                child=proposal.child,
                data=data,
                reason=f"Theo đề xuất #{proposal.pk}",
            )
        proposal.child = child
        _decide(proposal, actor, Proposal.Status.ACCEPTED, note)
    return child


def proposal_reject(*, actor: Any, proposal: Proposal, note: str) -> Proposal:
    require_write(actor, proposal.unit)
    if proposal.status != Proposal.Status.PENDING:
        raise Invalid("Đề xuất này đã được xử lý.")
    if not note.strip():
        raise Invalid(
            "Hãy ghi lý do không chấp nhận để cộng tác viên biết cần sửa gì.",
            details={"note": "Bắt buộc khi không chấp nhận."},
        )
    with transaction.atomic():
        _decide(proposal, actor, Proposal.Status.REJECTED, note)
    return proposal


def _decide(proposal: Proposal, actor: Any, status: str, note: str) -> None:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save()
    audit_write(
        actor=actor,
        action=f"registry.proposal.{status}",
        obj=proposal.child or proposal,
        unit=proposal.unit,
        changes={"proposal": proposal.pk, "note": note},
    )
