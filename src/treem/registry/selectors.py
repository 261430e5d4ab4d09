"""Reads of the child registry, always through the user's scope. Opening a child's record is
audited as a sensitive read."""

from __future__ import annotations

from itertools import islice
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from treem.core.audit import audit_read
from treem.core.models import AuditEvent
from treem.geo.models import Unit
from treem.org import scope
from treem.registry import access
from treem.registry.dedupe import MIN_SCORE, Pair, scan
from treem.registry.models import (
    Caregiver,
    Child,
    ChildMerge,
    ImportRun,
    Proposal,
)


def children_visible_to(user: Any) -> QuerySet[Child]:
    return access.scoped(Child.objects.filter(merged_into__isnull=True), user)


def child_get(user: Any, pk: int, *, audit: bool = True, purpose: str = "") -> Child:
    """One child with caregivers and episodes; 404 outside the user's scope."""
    qs = (
        children_visible_to(user)
        .select_related("unit", "village")
        .prefetch_related(
            Prefetch("caregivers", queryset=Caregiver.objects.order_by("relation")),
            "circumstances",
            "risks",
            "supports__agency",
            "residences__unit",
        )
    )
    child = qs.filter(pk=pk).first()
    if child is None:
        raise Http404("Không tìm thấy trẻ em này trong địa bàn của bạn.")
    if audit:
        audit_read(
            actor=user, action="registry.child.view", obj=child, unit=child.unit, reason=purpose
        )
    return child


def child_timeline(user: Any, child: Child) -> QuerySet[AuditEvent]:
    """The record's history: every change (who, when, what), newest first."""
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.WRITE, object_type="registry.child", object_id=str(child.pk)
    ).select_related("actor")


def child_merges(user: Any, child: Child) -> QuerySet[ChildMerge]:
    return ChildMerge.objects.filter(Q(survivor=child) | Q(merged=child)).select_related(
        "merged", "survivor", "merged_by"
    )


def merge_get(user: Any, pk: int) -> ChildMerge:
    visible = children_visible_to(user).values("pk")
    merge = ChildMerge.objects.filter(pk=pk, survivor__in=visible).first()
    if merge is None:
        raise Http404("Không tìm thấy lần gộp này.")
    return merge


def children_mergeable_by(user: Any) -> QuerySet[Child]:
    """Live records the user may merge or mark as different children (commune officers and
    province specialists; not collaborators, chairmen or supervisors)."""
    return access.scoped(Child.objects.filter(merged_into__isnull=True), user, access.MERGE_ROLES)


def duplicate_pairs(
    user: Any, *, commune: Unit | None = None, min_score: float = MIN_SCORE, limit: int = 200
) -> list[tuple[Pair, Child, Child]]:
    """Likely duplicates among the records the user may merge, at most `limit` pairs, each with
    both records (unit loaded). 404 for a user who may not merge, or a commune outside their
    area; without `commune`, every commune the user may merge in."""
    if not scope.has_role(user, access.MERGE_ROLES):
        raise Http404("Chức năng dành cho cán bộ quản lý dữ liệu trẻ em.")
    if commune is not None and not access.can_merge(user, commune):
        raise Http404("Không tìm thấy xã/phường này trong địa bàn của bạn.")
    mergeable = children_mergeable_by(user)
    pairs = list(islice(scan(unit=commune, queryset=mergeable, min_score=min_score), limit))
    ids = [p.first.pk for p in pairs] + [p.second.pk for p in pairs]
    children = mergeable.select_related("unit").in_bulk(ids)
    return [
        (pair, children[pair.first.pk], children[pair.second.pk])
        for pair in pairs
        if pair.first.pk in children and pair.second.pk in children
    ]


# Totals for the list header: as one aggregate query, or carried by the page query itself
# (`core.pagination.WindowTotalsPaginator`).
LIST_TOTALS = {
    "total": Count("pk"),
    "girls": Count("pk", filter=Q(sex="F")),
    "unregistered": Count("pk", filter=Q(birth_registered=False)),
}


def counts(qs: QuerySet[Child]) -> dict[str, int]:
    """Totals for the list header, in one query."""
    return qs.aggregate(**LIST_TOTALS)


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    qs = Proposal.objects.select_related("unit", "child", "proposed_by")
    writers = access.scoped(qs, user, access.WRITE_ROLES, village_field="unit_id")
    mine = qs.filter(proposed_by=user) if user.is_authenticated else qs.none()
    return (writers | mine).distinct()


def proposal_get(user: Any, pk: int) -> Proposal:
    proposal = proposals_visible_to(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404("Không tìm thấy đề xuất này.")
    return proposal


def import_runs_visible_to(user: Any) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(actor=user).select_related("unit")


def import_run_get(user: Any, pk: str) -> ImportRun:
    run = import_runs_visible_to(user).filter(pk=pk).first()
    if run is None:
        raise Http404("Không tìm thấy lần nhập này.")
    return run
