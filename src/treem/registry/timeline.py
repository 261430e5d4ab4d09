"""Turning audit rows into the lines of a child's history that people read."""

from __future__ import annotations

from typing import Any

from treem.core.models import AuditEvent
from treem.registry.models import Child

ACTION_LABELS = {
    "registry.child.register": "Đăng ký hồ sơ",
    "registry.child.update": "Sửa thông tin",
    "registry.child.import_update": "Cập nhật từ tệp nhập",
    "registry.child.move": "Chuyển nơi ở",
    "registry.child.merge": "Gộp hồ sơ trùng",
    "registry.child.unmerge": "Hoàn tác gộp hồ sơ",
    "registry.caregiver.set": "Cập nhật người chăm sóc",
    "registry.caregiver.remove": "Bỏ người chăm sóc",
    "registry.circumstance.open": "Ghi nhận hoàn cảnh đặc biệt",
    "registry.circumstance.close": "Kết thúc hoàn cảnh đặc biệt",
    "registry.risk.add": "Ghi nhận dấu hiệu nguy cơ",
    "registry.risk.close": "Kết thúc theo dõi nguy cơ",
    "registry.support.add": "Ghi nhận hỗ trợ",
    "registry.proposal.create": "Cộng tác viên gửi đề xuất",
    "registry.proposal.accepted": "Xác nhận đề xuất",
    "registry.proposal.rejected": "Không chấp nhận đề xuất",
    "registry.duplicate.dismiss": "Xác định không trùng",
}


def _field_label(name: str) -> str:
    try:
        return str(Child._meta.get_field(name).verbose_name).capitalize()  # type: ignore[union-attr]
    except Exception:
        return name


def _value(value: Any) -> str:
    if value in (None, ""):
        return "(trống)"
    if value is True:
        return "có"
    if value is False:
        return "không"
    return str(value)


def describe(event: AuditEvent) -> AuditEvent:
    """Attach `label` and `lines` to the event for the template."""
    event.label = ACTION_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    lines = []
    for key, change in (event.changes or {}).items():
        if isinstance(change, list) and len(change) == 2:
            lines.append(f"{_field_label(key)}: {_value(change[0])} → {_value(change[1])}")
        elif key not in ("data",):
            lines.append(f"{_field_label(key)}: {_value(change)}")
    event.lines = lines  # type: ignore[attr-defined]
    return event
