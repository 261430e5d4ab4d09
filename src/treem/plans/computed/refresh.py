"""Writing computed figures as measurements, in full or for the communes that changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from treem.core.audit import audit_write
from treem.core.errors import Forbidden
from treem.core.models import AuditEvent
from treem.geo.models import Level, Unit, Version
from treem.plans.computed.registry import FORMULAS, registry_figures
from treem.plans.domain.measures import ratio_value
from treem.plans.domain.periods import Period, period_of
from treem.plans.models import Indicator, Measurement, MeasurementState, Origin, RefreshMark

FEED = "registry"


@dataclass
class RecomputeSummary:
    period: str
    as_of: str
    communes: int = 0
    written: int = 0
    removed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def as_of_date(period: Period, today: dt.date | None = None) -> dt.date:
    """The period's last day, or today while the period is still running."""
    today = today or timezone.localdate()
    return min(period.end, today)


def indicators_recompute(
    *, actor: Any, period: Period, unit_ids: Iterable[int] | None = None
) -> RecomputeSummary:
    """Recompute the registry-derived indicators for one period, for all current communes or
    the given ones; stale rows of communes with no children left are removed."""
    if actor is not None:
        from treem.org.scope import is_admin

        if not is_admin(actor):
            raise Forbidden("Chỉ quản trị hệ thống được chạy tính lại chỉ tiêu.")
    as_of = as_of_date(period)
    indicators = list(Indicator.objects.filter(computation__in=FORMULAS.keys(), active=True))
    ids = list(unit_ids) if unit_ids is not None else None
    figures = registry_figures(as_of=as_of, period_start=period.start, unit_ids=ids)
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=[f.unit_id for f in figures]).only(
            "pk", "path", "province_code"
        )
    }
    now = timezone.now()
    rows: list[Measurement] = []
    for figure in figures:
        unit = units[figure.unit_id]
        for indicator in indicators:
            numerator, denominator = FORMULAS[indicator.computation](figure)
            if not denominator:
                continue
            num, den = Decimal(numerator), Decimal(denominator)
            rows.append(
                Measurement(
                    indicator=indicator,
                    unit_id=unit.pk,
                    unit_path=unit.path,
                    province_code=unit.province_code,
                    period=period.code,
                    numerator=num,
                    denominator=den,
                    value=ratio_value(num, den, indicator.unit),
                    origin=Origin.COMPUTED,
                    state=MeasurementState.APPROVED,
                    approved_at=now,
                    evidence=f"Tính từ cơ sở dữ liệu trẻ em ngày {as_of:%d/%m/%Y}",
                )
            )
    summary = RecomputeSummary(period=period.code, as_of=as_of.isoformat(), communes=len(figures))
    with transaction.atomic():
        stale = Measurement.objects.filter(
            indicator__in=indicators, period=period.code, origin=Origin.COMPUTED
        )
        if ids is not None:
            stale = stale.filter(unit_id__in=ids)
        written = {(m.indicator_id, m.unit_id) for m in rows}
        removed = [
            pk
            for pk, ind, unit_id in stale.values_list("pk", "indicator_id", "unit_id")
            if (ind, unit_id) not in written
        ]
        Measurement.objects.filter(pk__in=removed).delete()
        Measurement.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["indicator", "unit", "period"],
            update_fields=[
                "numerator",
                "denominator",
                "value",
                "approved_at",
                "evidence",
                "updated_at",
            ],
        )
        summary.written, summary.removed = len(rows), len(removed)
        audit_write(actor=actor, action="plans.computed.recompute", changes=summary.as_dict())
    return summary


def _communes_under(paths: set[str]) -> list[int]:
    if not paths:
        return []
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return list(
        Unit.objects.filter(condition, version=Version.CURRENT, level=Level.COMMUNE).values_list(
            "pk", flat=True
        )
    )


def pending_paths(mark: int) -> tuple[set[str], int]:
    """Units named by registry changes after the mark, and the newest audit id seen."""
    changes = AuditEvent.objects.filter(
        pk__gt=mark, kind=AuditEvent.Kind.WRITE, action__startswith="registry."
    )
    newest = changes.aggregate(top=Max("pk"))["top"] or mark
    paths = {p for p in changes.values_list("unit_path", flat=True).distinct() if p}
    return paths, newest


def refresh_pending(*, today: dt.date | None = None) -> RecomputeSummary | None:
    """Recompute the current half-year and year for the communes changed since the last
    refresh (a commune-sized group-by each), then move the mark. System-run."""
    mark, _ = RefreshMark.objects.get_or_create(feed=FEED)
    paths, newest = pending_paths(mark.last_audit_id)
    if newest == mark.last_audit_id:
        return None
    # A commune path names one commune; a village path its commune; a province path all.
    commune_paths = {p if p.count("/") <= 3 else "/".join(p.split("/")[:3]) + "/" for p in paths}
    ids = _communes_under(commune_paths)
    day = today or timezone.localdate()
    summary = None
    for period in (period_of(day), period_of(day, half=True)):
        summary = indicators_recompute(actor=None, period=period, unit_ids=ids)
    RefreshMark.objects.filter(pk=mark.pk).update(last_audit_id=newest, refreshed_at=timezone.now())
    return summary
