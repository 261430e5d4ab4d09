"""Merging two records of the same child, and undoing a merge."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from treem.core.audit import audit_write
from treem.core.errors import Invalid
from treem.registry.models import (
    Caregiver,
    Child,
    ChildMerge,
    CircumstanceEpisode,
    DuplicateDismissal,
    Proposal,
    RiskFlag,
    SupportRecord,
)
from treem.registry.services.children import EDITABLE_FIELDS
from treem.registry.services.common import plain, require_write

# Related rows that follow the child to the surviving record.
MOVABLE: dict[str, Any] = {
    "circumstances": CircumstanceEpisode,
    "risks": RiskFlag,
    "supports": SupportRecord,
    "proposals": Proposal,
}


def child_merge(
    *,
    actor: Any,
    survivor: Child,
    merged: Child,
    score: float = 0.0,
    reasons: list[str] | None = None,
) -> ChildMerge:
    """`merged` is hidden behind `survivor`; the survivor takes over its episodes, support and
    proposals, the caregivers it lacks, and any field it has empty."""
    require_write(actor, survivor.unit)
    require_write(actor, merged.unit)
    if survivor.pk == merged.pk:
        raise Invalid("Không thể gộp một hồ sơ với chính nó.")
    if survivor.merged_into_id or merged.merged_into_id:
        raise Invalid("Một trong hai hồ sơ đã được gộp trước đó.")
    if survivor.personal_id and merged.personal_id and survivor.personal_id != merged.personal_id:
        raise Invalid(
            "Hai hồ sơ có số định danh khác nhau nên là hai trẻ khác nhau; không gộp.",
            details={"personal_id": f"{survivor.personal_id} ≠ {merged.personal_id}"},
        )
    with transaction.atomic():
        moved: dict[str, list[int]] = {}
        for name, model in MOVABLE.items():
            ids = list(model.objects.filter(child=merged).values_list("pk", flat=True))
            model.objects.filter(pk__in=ids).update(child=survivor)
            moved[name] = ids
        have = set(survivor.caregivers.values_list("relation", flat=True))
        caregiver_ids = list(
            merged.caregivers.exclude(relation__in=have).values_list("pk", flat=True)
        )
        Caregiver.objects.filter(pk__in=caregiver_ids).update(child=survivor)
        moved["caregivers"] = caregiver_ids

        before = {name: plain(getattr(survivor, name)) for name in EDITABLE_FIELDS}
        filled = [
            name
            for name in EDITABLE_FIELDS
            if getattr(survivor, name) in ("", None) and getattr(merged, name) not in ("", None)
        ]
        merged.merged_into = survivor
        merged.save(update_fields=["merged_into", "updated_at"])
        for name in filled:
            setattr(survivor, name, getattr(merged, name))
        survivor.save()
        merge = ChildMerge.objects.create(
            survivor=survivor,
            merged=merged,
            score=score,
            reasons=reasons or [],
            moved=moved,
            survivor_before={name: before[name] for name in filled},
            merged_by=actor,
        )
        audit_write(
            actor=actor,
            action="registry.child.merge",
            obj=survivor,
            unit=survivor.unit,
            changes={"merged": merged.pk, "filled": filled, "reasons": reasons or []},
        )
    return merge


def merge_undo(*, actor: Any, merge: ChildMerge) -> Child:
    """Put everything back as it was before the merge; returns the restored record."""
    survivor, merged = merge.survivor, merge.merged
    require_write(actor, survivor.unit)
    if merge.undone_at is not None:
        raise Invalid("Lần gộp này đã được hoàn tác.")
    with transaction.atomic():
        restore: list[tuple[str, Any]] = [*MOVABLE.items(), ("caregivers", Caregiver)]
        for name, model in restore:
            model.objects.filter(pk__in=merge.moved.get(name, [])).update(child=merged)
        for name, value in merge.survivor_before.items():
            field: Any = Child._meta.get_field(name)
            setattr(survivor, name, field.to_python(value))
        survivor.save()
        merged.merged_into = None
        merged.save(update_fields=["merged_into", "updated_at"])
        merge.undone_at = timezone.now()
        merge.undone_by = actor
        merge.save(update_fields=["undone_at", "undone_by"])
        audit_write(
            actor=actor,
            action="registry.child.unmerge",
            obj=survivor,
            unit=survivor.unit,
            changes={"restored": merged.pk},
        )
    return merged


def duplicate_dismiss(*, actor: Any, first: Child, second: Child, note: str = "") -> None:
    """Record that two similar records are different children, so the scan stops proposing
    them. Idempotent."""
    require_write(actor, first.unit)
    require_write(actor, second.unit)
    if first.pk == second.pk:
        raise Invalid("Cần hai hồ sơ khác nhau để ghi nhận là hai trẻ khác nhau.")
    low, high = sorted((first, second), key=lambda c: c.pk)
    with transaction.atomic():
        _, created = DuplicateDismissal.objects.get_or_create(
            first=low, second=high, defaults={"decided_by": actor, "note": note}
        )
        if created:
            audit_write(
                actor=actor,
                action="registry.duplicate.dismiss",
                obj=low,
                unit=low.unit,
                changes={"other": high.pk},
            )
