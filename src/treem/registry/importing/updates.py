"""Writing the children a chunk changes: their new values in one statement, one audit row per
changed child (what changed, from which file and row, as before), and the caregivers and groups
of special circumstances they did not have yet.

Nothing here builds model instances for the children: the values come from the matching query
and the row, and the audit rows go in with the same bulk insert as new children.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from treem.core import context
from treem.core.models import AuditEvent
from treem.registry.importing import bulk
from treem.registry.importing.matching import IMPORT_FIELDS, Existing
from treem.registry.importing.rows import CleanRow
from treem.registry.models import Caregiver, Child, CircumstanceEpisode, ImportRun
from treem.registry.models.choices import Relation

Update = tuple[Existing, dict[str, list[Any]], CleanRow]
RELATIONS = {"father": Relation.FATHER, "mother": Relation.MOTHER, "carer": Relation.CARER}
AUDIT_COLUMNS = [
    "at", "kind", "actor", "actor_label", "action", "object_type", "object_id", "object_repr",
    "unit_path", "province_code", "ip", "channel", "reason", "changes",
]  # fmt: skip


def changes_of(child: Existing, row: CleanRow) -> dict[str, list[Any]]:
    """[old, new] for each import field the row gives a different value for."""
    changes = {}
    for name in IMPORT_FIELDS:
        if name in row.fields and getattr(child, name) != row.fields[name]:
            changes[name] = [getattr(child, name), row.fields[name]]
    return changes


def write_updates(
    updates: list[Update], *, run: ImportRun, actor: Any, run_value: Any, today: dt.date
) -> None:
    if not updates:
        return
    new_values = []
    for child, changes, _row in updates:
        values = {name: getattr(child, name) for name in IMPORT_FIELDS}
        values.update({name: new for name, (_old, new) in changes.items()})
        new_values.append(values)
    # What `bulk_update` of the fields and the run stamp would write, in one statement.
    bulk.update(
        Child,
        [*IMPORT_FIELDS, "import_run", "import_row"],
        [
            (child.pk, *(values[name] for name in IMPORT_FIELDS), run_value, row.row)
            for (child, _, row), values in zip(updates, new_values, strict=True)
        ],
    )
    _audit(updates, new_values, run=run, actor=actor)
    _add_related(updates, today)


def _audit(
    updates: list[Update], new_values: list[dict[str, Any]], *, run: ImportRun, actor: Any
) -> None:
    ctx = context.current()
    prepare = bulk.prepare_constant
    constants = {
        "at": prepare(AuditEvent, "at", timezone.now()),
        "kind": AuditEvent.Kind.WRITE,
        "actor": actor.pk if actor is not None else None,
        "actor_label": actor.get_username() if actor is not None else "hệ thống",
        "action": "registry.child.import_update",
        "object_type": "registry.child",
        "ip": prepare(AuditEvent, "ip", ctx.ip),
        "channel": ctx.channel,
    }
    rows = []
    for (child, changes, row), values in zip(updates, new_values, strict=True):
        audit = {
            **constants,
            "object_id": str(child.pk),
            "object_repr": _child_repr(values)[:200],
            "unit_path": child.unit_path,
            "province_code": child.province_code,
            "reason": f"Nhập từ tệp {run.source_name}, dòng {row.row}"[:300],
            "changes": prepare(
                AuditEvent, "changes", {k: [_plain(v) for v in pair] for k, pair in changes.items()}
            ),
        }
        rows.append(tuple(audit[name] for name in AUDIT_COLUMNS))
    bulk.insert(AuditEvent, AUDIT_COLUMNS, rows)


def _child_repr(values: dict[str, Any]) -> str:
    """`str(child)` with the new values, from the model's own `__str__`."""
    return Child.__str__(SimpleNamespace(**values))  # type: ignore[arg-type]


def _add_related(updates: list[Update], today: dt.date) -> None:
    ids = [child.pk for child, _, _ in updates]
    have = set(Caregiver.objects.filter(child_id__in=ids).values_list("child_id", "relation"))
    open_groups = set(
        CircumstanceEpisode.objects.filter(child_id__in=ids, ended_on__isnull=True)
        .values_list("child_id", "group")
    )  # fmt: skip
    Caregiver.objects.bulk_create(
        Caregiver(
            child_id=child.pk,
            relation=RELATIONS[relation],
            full_name=name,
            name_key=key,
        )
        for child, _, row in updates
        for relation, (name, key) in row.caregivers.items()
        if (child.pk, RELATIONS[relation]) not in have
    )
    CircumstanceEpisode.objects.bulk_create(
        CircumstanceEpisode(child_id=child.pk, group=letter, started_on=today, source="Nhập từ tệp")
        for child, _, row in updates
        for letter in row.groups
        if (child.pk, letter) not in open_groups
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
