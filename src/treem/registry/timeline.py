"""Turning audit rows into the lines of a child's history that people read.

Audit rows keep raw values (choice codes, ISO dates); the history shows them as the forms do:
choice labels, dd/mm/yyyy dates, Vietnamese field names.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from treem.core.action_labels import action_label
from treem.core.models import AuditEvent
from treem.registry.models import (
    Caregiver,
    Child,
    CircumstanceEpisode,
    Proposal,
    RiskFlag,
    SupportRecord,
)

# The model whose fields an action's `changes` name, by the action's middle word.
ACTION_MODELS: dict[str, type[models.Model]] = {
    "child": Child,
    "caregiver": Caregiver,
    "circumstance": CircumstanceEpisode,
    "risk": RiskFlag,
    "support": SupportRecord,
    "proposal": Proposal,
}

# Keys of `changes` that are not fields of the action's model.
EXTRA_LABELS = {
    "from": "Nơi ở cũ",
    "to": "Nơi ở mới",
    "moved_on": "Ngày chuyển",
    "merged": "Hồ sơ được gộp vào",
    "restored": "Hồ sơ được khôi phục",
    "other": "Hồ sơ khác",
    "filled": "Bổ sung từ hồ sơ gộp",
    "reasons": "Căn cứ",
    "proposal": "Đề xuất",
    "note": "Ghi chú",
    "agency": "Đơn vị hỗ trợ",
}
RECORD_KEYS = {"merged", "restored", "other", "proposal"}  # values are record ids
LIST_KEYS = {"filled", "reasons"}  # values are lists, not [before, after] pairs
HIDDEN_KEYS = {"data"}
EMPTY = "(trống)"


def _model_for(action: str) -> type[models.Model]:
    parts = action.split(".")
    return ACTION_MODELS.get(parts[1] if len(parts) > 2 else "", Child)


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(action: str, name: str) -> str:
    """What a key of an audit row's `changes` is called, for the action that wrote it."""
    return _label(_model_for(action), name)


def _label(model: type[models.Model], name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    field = _field(model, name)
    if field is None or not hasattr(field, "verbose_name"):
        return name
    return str(field.verbose_name).capitalize()


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _money(value: str) -> str:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return value
    return f"{amount:,.0f}".replace(",", ".") + " đ"


def display(name: str, value: Any, *, model: type[models.Model] = Child, empty: str = "") -> str:
    """A stored value as people read it: choice label, dd/mm/yyyy, có/không."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    if value in (None, "", []):
        return empty
    if value is True:
        return "có"
    if value is False:
        return "không"
    if name in RECORD_KEYS:
        return f"#{value}"
    if name == "filled" and isinstance(value, list):
        return ", ".join(_label(Child, str(item)).lower() for item in value)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    field = _field(model, name)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if isinstance(value, (str, int)) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and (isinstance(field, models.DateField) or name == "moved_on"):
        return _date(value)
    if name == "amount":
        return _money(str(value))
    return str(value)


def describe(event: AuditEvent) -> AuditEvent:
    """Attach `label` and `lines` to the event for the template."""
    event.label = action_label(event.action)  # type: ignore[attr-defined]
    model = _model_for(event.action)
    lines = []
    for key, change in (event.changes or {}).items():
        if key in HIDDEN_KEYS:
            continue
        label = _label(model, key)
        if isinstance(change, list) and len(change) == 2 and key not in LIST_KEYS:
            before = display(key, change[0], model=model, empty=EMPTY)
            after = display(key, change[1], model=model, empty=EMPTY)
            lines.append(f"{label}: {before} → {after}")
        elif text := display(key, change, model=model):
            lines.append(f"{label}: {text}")  # an empty value that did not change says nothing
    event.lines = lines  # type: ignore[attr-defined]
    return event
