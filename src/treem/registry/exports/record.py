"""One child's full record, for the right of access to personal data (Luật Trẻ em 2016;
Nghị định 13/2023/NĐ-CP, Điều 9: the data subject may ask for all data held about them).

`record_sections` gathers everything the registry holds on the child, change history
included; `record_docx` and `record_pdf` lay it out as an administrative document (see
`documents`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from treem.core.action_labels import action_label
from treem.core.models import AuditEvent
from treem.registry.domain import circumstances
from treem.registry.exports.documents import Paper, Rows, Sections, docx_bytes, pdf_bytes
from treem.registry.models import Child
from treem.registry.timeline import HIDDEN_KEYS, field_label

TITLE = "PHIẾU THÔNG TIN HỒ SƠ TRẺ EM"
CONFIDENTIAL = (
    "Tài liệu chứa thông tin cá nhân của trẻ em; chỉ cung cấp cho người có quyền theo quy định."
)
BLANK = "—"
NO_DATA: Rows = [("", "Không có dữ liệu")]

_SUBGROUPS = {code: name for group in circumstances.GROUPS for code, name in group.subgroups}


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else BLANK


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"Từ {_date(start)} đến {_date(end) if end else 'nay'}"


def money(amount: Decimal | int | None) -> str:
    """Vietnamese style: 1500000 -> '1.500.000 đ'."""
    return BLANK if amount is None else f"{int(amount):,}".replace(",", ".") + " đ"


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part) or BLANK


def _field(child: Child, name: str) -> tuple[str, str]:
    """(verbose name, shown value) of one field of the child."""
    field = Child._meta.get_field(name)
    value = getattr(child, name)
    if getattr(field, "choices", None):
        text = getattr(child, f"get_{name}_display")() if value else ""
    elif isinstance(field, models.BooleanField):
        text = "Chưa rõ" if value is None else ("Có" if value else "Không")
    elif isinstance(value, dt.date):
        text = _date(value)
    else:
        text = "" if value is None else str(value)
    return capfirst(str(getattr(field, "verbose_name", name))), text or BLANK


def _fields(child: Child, *names: str) -> Rows:
    return [_field(child, name) for name in names]


def _personal(child: Child) -> Rows:
    rows = [("Mã hồ sơ", str(child.pk))]
    rows += _fields(child, "full_name", "sex", "birth_date", "personal_id", "ethnicity")
    rows.append(("Quốc tịch", "Việt Nam" if child.nationality == "VN" else child.nationality))
    rows += _fields(child, "contact_phone", "poverty", "life_status")
    if child.life_status_on:
        rows.append(_field(child, "life_status_on"))
    rows.append(("Ngày lập hồ sơ", _date(timezone.localdate(child.created_at))))
    rows.append(("Nguồn dữ liệu", child.get_source_display()))
    return rows


def _residence(child: Child) -> Rows:
    rows = [
        (_field(child, "unit")[0], child.unit.label_with_parents()),
        (_field(child, "village")[0], child.village.full_name if child.village else BLANK),
        _field(child, "address"),
    ]
    for stay in child.residences.select_related("unit").order_by("valid_from", "id"):
        reason = f"lý do: {stay.reason}" if stay.reason else ""
        rows.append((_period(stay.valid_from, stay.valid_to), _join(stay.unit.full_name, reason)))
    return rows


def _family(child: Child) -> Rows:
    rows = [
        (
            caregiver.get_relation_display(),
            _join(
                caregiver.full_name,
                f"số điện thoại {caregiver.phone}" if caregiver.phone else "",
                f"số định danh {caregiver.personal_id}" if caregiver.personal_id else "",
            ),
        )
        for caregiver in child.caregivers.order_by("id")
    ]
    return rows or NO_DATA


def _episodes(child: Child) -> Rows:
    rows = []
    for episode in child.circumstances.all():
        subgroup = episode.subgroup
        rows.append(
            (
                episode.get_group_display(),
                _join(
                    _period(episode.started_on, episode.ended_on),
                    f"nhóm nhỏ {subgroup}) {_SUBGROUPS.get(subgroup, '')}".strip()
                    if subgroup
                    else "",
                    f"nguồn thông tin: {episode.source}" if episode.source else "",
                    f"ghi chú: {episode.note}" if episode.note else "",
                ),
            )
        )
    return rows or NO_DATA


def _risks(child: Child) -> Rows:
    rows = [
        (flag.get_kind_display(), _join(_period(flag.started_on, flag.ended_on), flag.note))
        for flag in child.risks.all()
    ]
    return rows or NO_DATA


def _supports(child: Child) -> Rows:
    rows = [
        (
            _date(support.given_on),
            _join(
                support.get_kind_display(),
                support.agency.name if support.agency else support.provider,
                money(support.amount) if support.amount is not None else "",
                support.note,
            ),
        )
        for support in child.supports.select_related("agency")
    ]
    return rows or NO_DATA


def _changed_names(action: str, changes: Any) -> str:
    if not isinstance(changes, dict):
        return ""
    names = (field_label(action, str(key)).lower() for key in changes if key not in HIDDEN_KEYS)
    return ", ".join(dict.fromkeys(names))


def _history(child: Child) -> Rows:
    events = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.WRITE, object_type="registry.child", object_id=str(child.pk)
    ).order_by("at", "id")
    rows = []
    for event in events:
        fields = _changed_names(event.action, event.changes)
        rows.append(
            (
                timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M"),
                _join(
                    f"{action_label(event.action)} ({event.actor_label})",
                    f"thông tin thay đổi: {fields}" if fields else "",
                    f"lý do: {event.reason}" if event.reason else "",
                ),
            )
        )
    return rows or NO_DATA


def record_sections(child: Child) -> Sections:
    """Everything held about the child, as titled sections of (label, value) rows."""
    return [
        ("Thông tin cá nhân", _personal(child)),
        ("Nơi cư trú", _residence(child)),
        (
            "Khai sinh, bảo hiểm y tế",
            _fields(
                child,
                "birth_registered",
                "birth_registered_on",
                "birth_registered_place",
                "health_insurance_no",
            ),
        ),
        (
            "Khuyết tật, học tập",
            _fields(
                child,
                "disability_kind",
                "disability_degree",
                "school_level",
                "school_name",
                "dropped_out",
            ),
        ),
        ("Gia đình và người chăm sóc", _family(child)),
        ("Hoàn cảnh đặc biệt", _episodes(child)),
        ("Dấu hiệu nguy cơ", _risks(child)),
        ("Hỗ trợ đã nhận", _supports(child)),
        ("Lịch sử thay đổi", _history(child)),
    ]


def _paper(child: Child, requested_by: str) -> Paper:
    return Paper(
        issuer=child.unit.full_name,
        place=child.unit.name,
        day=timezone.localdate(),
        title=TITLE,
        intro=[
            f"Trẻ em: {child.full_name}, sinh ngày {_date(child.birth_date)}.",
            f"Người đề nghị cung cấp thông tin: {requested_by or BLANK}.",
        ],
        sections=record_sections(child),
        footer=CONFIDENTIAL,
    )


def record_docx(child: Child, *, requested_by: str) -> bytes:
    """The record as a Word document (.docx)."""
    return docx_bytes(_paper(child, requested_by))


def record_pdf(child: Child, *, requested_by: str) -> bytes:
    """The record as a PDF with an embedded Vietnamese-capable font."""
    return pdf_bytes(_paper(child, requested_by))
