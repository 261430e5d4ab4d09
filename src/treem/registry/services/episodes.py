"""Special-circumstance episodes, risk flags and support received."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from treem.core.audit import audit_write
from treem.core.errors import Invalid
from treem.org.models import Agency
from treem.registry.domain import circumstances
from treem.registry.models import Child, CircumstanceEpisode, RiskFlag, SupportRecord
from treem.registry.services.common import full_clean, require_write, today


def _check_period(child: Child, started_on: dt.date, ended_on: dt.date | None) -> None:
    if started_on < child.birth_date:
        raise Invalid(
            f"Ngày bắt đầu {started_on:%d/%m/%Y} trước ngày sinh của trẻ.",
            details={"started_on": "Ngày bắt đầu phải từ ngày sinh trở đi."},
        )
    if started_on > today():
        raise Invalid("Ngày bắt đầu ở tương lai.", details={"started_on": "Ghi ngày đã xảy ra."})
    if ended_on is not None and ended_on < started_on:
        raise Invalid(
            "Ngày kết thúc trước ngày bắt đầu.",
            details={"ended_on": "Ngày kết thúc phải sau ngày bắt đầu."},
        )


def episode_open(
    *,
    actor: Any,
    child: Child,
    group: str,
    started_on: dt.date,
    subgroup: str = "",
    source: str = "",
    note: str = "",
) -> CircumstanceEpisode:
    require_write(actor, child.unit)
    group_def = next((g for g in circumstances.GROUPS if g.letter == group), None)
    if group_def is None:
        raise Invalid(f"Không có nhóm hoàn cảnh đặc biệt '{group}'.")
    if subgroup and subgroup not in dict(group_def.subgroups):
        raise Invalid(
            f"Nhóm nhỏ '{subgroup}' không thuộc nhóm {group}).",
            details={"subgroup": "Chọn nhóm nhỏ trong danh sách của nhóm này."},
        )
    _check_period(child, started_on, None)
    with transaction.atomic():
        if child.circumstances.filter(group=group, ended_on__isnull=True).exists():
            raise Invalid(
                f"Trẻ đang thuộc nhóm {group}) {group_def.name}; không mở thêm giai đoạn trùng.",
                details={"group": "Kết thúc giai đoạn đang mở trước khi mở giai đoạn mới."},
            )
        episode = CircumstanceEpisode(
            child=child,
            group=group,
            subgroup=subgroup,
            started_on=started_on,
            source=source,
            note=note,
            created_by=actor,
        )
        full_clean(episode)
        episode.save()
        audit_write(
            actor=actor,
            action="registry.circumstance.open",
            obj=child,
            unit=child.unit,
            changes={"group": group, "subgroup": subgroup, "started_on": started_on.isoformat()},
        )
    return episode


def episode_close(
    *, actor: Any, episode: CircumstanceEpisode, ended_on: dt.date, note: str = ""
) -> CircumstanceEpisode:
    child = episode.child
    require_write(actor, child.unit)
    if episode.ended_on is not None:
        raise Invalid("Giai đoạn này đã kết thúc.")
    _check_period(child, episode.started_on, ended_on)
    with transaction.atomic():
        episode.ended_on = ended_on
        if note:
            episode.note = note
        episode.save(update_fields=["ended_on", "note"])
        audit_write(
            actor=actor,
            action="registry.circumstance.close",
            obj=child,
            unit=child.unit,
            changes={"group": episode.group, "ended_on": ended_on.isoformat()},
        )
    return episode


def risk_flag_add(
    *, actor: Any, child: Child, kind: str, started_on: dt.date, note: str = ""
) -> RiskFlag:
    require_write(actor, child.unit)
    _check_period(child, started_on, None)
    with transaction.atomic():
        flag = RiskFlag(child=child, kind=kind, started_on=started_on, note=note)
        full_clean(flag)
        flag.save()
        audit_write(
            actor=actor,
            action="registry.risk.add",
            obj=child,
            unit=child.unit,
            changes={"kind": kind, "started_on": started_on.isoformat()},
        )
    return flag


def risk_flag_close(*, actor: Any, flag: RiskFlag, ended_on: dt.date) -> RiskFlag:
    require_write(actor, flag.child.unit)
    _check_period(flag.child, flag.started_on, ended_on)
    with transaction.atomic():
        flag.ended_on = ended_on
        flag.save(update_fields=["ended_on"])
        audit_write(
            actor=actor,
            action="registry.risk.close",
            obj=flag.child,
            unit=flag.child.unit,
            changes={"kind": flag.kind, "ended_on": ended_on.isoformat()},
        )
    return flag


def support_add(
    *,
    actor: Any,
    child: Child,
    kind: str,
    given_on: dt.date,
    agency: Agency | None = None,
    provider: str = "",
    amount: Decimal | None = None,
    note: str = "",
) -> SupportRecord:
    require_write(actor, child.unit)
    _check_period(child, given_on, None)
    if amount is not None and amount < 0:
        raise Invalid("Giá trị hỗ trợ không được âm.", details={"amount": "Ghi số tiền ≥ 0."})
    with transaction.atomic():
        record = SupportRecord(
            child=child,
            kind=kind,
            given_on=given_on,
            agency=agency,
            provider=provider,
            amount=amount,
            note=note,
        )
        full_clean(record)
        record.save()
        audit_write(
            actor=actor,
            action="registry.support.add",
            obj=child,
            unit=child.unit,
            changes={
                "kind": kind,
                "given_on": given_on.isoformat(),
                "amount": str(amount) if amount is not None else None,
                "agency": agency.name if agency else provider,
            },
        )
    return record
