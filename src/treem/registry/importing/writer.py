"""Writing one chunk of clean rows: match each to an existing child (by ID number, else by
name + date of birth + commune), then create, update or leave it, in bulk.

Matching makes the import idempotent: running the same file again, an overlapping file, or a
file whose first run was killed half way, ends in the same records as one clean run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import timezone

from treem.core import context
from treem.core.models import AuditEvent
from treem.core.text import fold, nfc
from treem.geo.models import Level, Unit
from treem.registry import access
from treem.registry.importing import bulk
from treem.registry.importing.rows import CleanRow, RowProblem
from treem.registry.models import (
    Caregiver,
    Child,
    CircumstanceEpisode,
    ImportRun,
    Residence,
)
from treem.registry.models.choices import Relation, Source
from treem.registry.validation import name_key

# The fields an import may set; a blank cell never erases what the record holds.
IMPORT_FIELDS = [
    "full_name",
    "name_key",
    "sex",
    "birth_date",
    "personal_id",
    "ethnicity",
    "contact_phone",
    "health_insurance_no",
    "birth_registered",
    "address",
]
# Every column of a new child row, in insert order (the primary key comes from the database).
CHILD_COLUMNS = [f.name for f in Child._meta.concrete_fields if not f.primary_key]
RELATIONS = {"father": Relation.FATHER, "mother": Relation.MOTHER, "carer": Relation.CARER}


@dataclass
class ChunkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)


class ChunkWriter:
    def __init__(self, run: ImportRun, actor: Any, *, restrict_to: Unit | None) -> None:
        self.run = run
        self.actor = actor
        self.restrict_to = restrict_to
        self._allowed: dict[int, bool] = {}
        self._villages: dict[int, dict[str, int]] = {}
        self.today = timezone.localdate()

    # -- scope ---------------------------------------------------------------------------
    def _may_write(self, row: CleanRow) -> RowProblem | None:
        commune = row.commune
        if self.restrict_to is not None and commune.id != self.restrict_to.pk:
            return RowProblem(
                row.row, "Mã xã", commune.code,
                f"Dòng thuộc {commune.full_name}, không phải {self.restrict_to.full_name} đã chọn.",
                "Bỏ dòng này khỏi tệp hoặc nhập không chọn xã.",
            )  # fmt: skip
        if self.actor is None:
            return None
        allowed = self._allowed.get(commune.id)
        if allowed is None:
            unit = Unit(pk=commune.id, path=commune.path, level=Level.COMMUNE)
            allowed = self._allowed[commune.id] = access.can_write(self.actor, unit)
        if allowed:
            return None
        return RowProblem(
            row.row, "Mã xã", commune.code,
            f"Bạn không có quyền cập nhật dữ liệu trẻ em của {commune.full_name}.",
            "Chỉ nhập các dòng thuộc địa bàn của bạn.",
        )  # fmt: skip

    # -- matching ------------------------------------------------------------------------
    def _existing(self, rows: list[CleanRow]) -> tuple[dict[str, Child], dict[tuple, Child]]:
        ids = [r.fields["personal_id"] for r in rows if r.fields.get("personal_id")]
        names = {r.fields["name_key"] for r in rows}
        dates = {r.fields["birth_date"] for r in rows}
        live = Child.objects.filter(merged_into__isnull=True)
        # Two queries, not one with OR: each uses its own index (ID; date of birth + name).
        found = [
            *live.filter(personal_id__in=ids),
            *live.filter(name_key__in=names, birth_date__in=dates),
        ]
        by_id: dict[str, Child] = {}
        by_key: dict[tuple, Child] = {}
        for child in found:
            if child.personal_id:
                by_id[child.personal_id] = child
            by_key[(child.name_key, child.birth_date, child.unit_id)] = child
        return by_id, by_key

    def write(self, rows: list[CleanRow]) -> ChunkResult:
        result = ChunkResult()
        by_id, by_key = self._existing(rows)
        seen: dict[Any, int] = {}
        new: list[CleanRow] = []
        updates: list[tuple[Child, dict[str, list[Any]], CleanRow]] = []
        unchanged: list[tuple[Child, CleanRow]] = []
        for row in rows:
            problem = self._may_write(row)
            if problem is None:
                problem = self._duplicate_in_file(row, seen)
            if problem is not None:
                result.problems.append(problem)
                continue
            pid = row.fields.get("personal_id")
            child = by_id.get(pid) if pid else None
            if child is None:
                child = by_key.get(row.match_key)
                if child is not None and pid and child.personal_id and child.personal_id != pid:
                    child = None  # same name and birthday, different ID: another child
            if child is None:
                new.append(row)
                continue
            if child.import_run_id == self.run.pk:
                result.problems.append(_duplicate(row, child.import_row))
                continue
            if child.unit_id != row.commune.id:
                result.problems.append(_elsewhere(row, child))
                continue
            changes = _changes(child, row)
            if changes:
                updates.append((child, changes, row))
            else:
                unchanged.append((child, row))
        result.created, result.updated, result.unchanged = len(new), len(updates), len(unchanged)
        self._create(new)
        self._update(updates)
        self._mark_seen(unchanged)
        return result

    @staticmethod
    def _duplicate_in_file(row: CleanRow, seen: dict[Any, int]) -> RowProblem | None:
        keys: list[Any] = [row.match_key]
        if row.fields.get("personal_id"):
            keys.append(row.fields["personal_id"])
        for key in keys:
            if key in seen:
                return _duplicate(row, seen[key])
        for key in keys:
            seen[key] = row.row
        return None

    # -- writes --------------------------------------------------------------------------
    def _village_id(self, commune_id: int, name: str) -> int | None:
        name = nfc(name)
        if not name:
            return None
        villages = self._villages.get(commune_id)
        if villages is None:
            villages = self._villages[commune_id] = {
                fold(v_name): pk
                for pk, v_name in Unit.objects.filter(
                    parent_id=commune_id, level=Level.VILLAGE
                ).values_list("pk", "name")
            }
        key = fold(name)
        for prefix in ("thon ", "to dan pho ", "to ", "ap ", "ban ", "khu pho "):
            if key.startswith(prefix) and key[len(prefix) :] in villages:
                return villages[key[len(prefix) :]]
        return villages.get(key)

    def _child_values(self, row: CleanRow, constants: dict[str, Any]) -> tuple[Any, ...]:
        village_id = self._village_id(row.commune.id, row.village)
        values = {**self._defaults, **constants, **row.fields}
        if village_id is None and row.village and not row.fields.get("address"):
            values["address"] = nfc(row.village)  # an unknown village is kept as address text
        values.update(
            unit=row.commune.id,
            unit_path=row.commune.path,
            province_code=row.commune.province_code,
            village=village_id,
            import_row=row.row,
        )
        return tuple(values[name] for name in CHILD_COLUMNS)

    @cached_property
    def _defaults(self) -> dict[str, Any]:
        return {
            field.name: field.get_default()
            for field in Child._meta.concrete_fields
            if field.name in CHILD_COLUMNS
        }

    def _create(self, rows: list[CleanRow]) -> None:
        if not rows:
            return
        now = timezone.now()
        constants = {
            "source": Source.IMPORT,
            "import_run": bulk.prepare_constant(Child, "import_run", self.run.pk),
            "created_by": self.actor.pk if self.actor is not None else None,
            "created_at": bulk.prepare_constant(Child, "created_at", now),
            "updated_at": bulk.prepare_constant(Child, "updated_at", now),
            "merged_into": None,
        }
        values = [self._child_values(row, constants) for row in rows]
        ids = bulk.insert(Child, CHILD_COLUMNS, values)
        bulk.insert(
            Residence,
            ["child", "unit", "unit_path", "province_code", "valid_from", "valid_to", "reason"],
            [
                (pk, row.commune.id, row.commune.path, row.commune.province_code,
                 row.fields["birth_date"], None, "")
                for pk, row in zip(ids, rows, strict=True)
            ],
        )  # fmt: skip
        bulk.insert(
            Caregiver,
            ["child", "relation", "full_name", "name_key", "phone", "personal_id"],
            [
                (pk, RELATIONS[relation], name, name_key(name), "", "")
                for pk, row in zip(ids, rows, strict=True)
                for relation, name in row.caregivers.items()
            ],
        )
        created_at = bulk.prepare_constant(CircumstanceEpisode, "created_at", now)
        bulk.insert(
            CircumstanceEpisode,
            ["child", "group", "subgroup", "started_on", "ended_on", "source", "note",
             "created_by", "created_at"],
            [
                (pk, letter, "", self.today, None, "Nhập từ tệp", "",
                 constants["created_by"], created_at)
                for pk, row in zip(ids, rows, strict=True)
                for letter in row.groups
            ],
        )  # fmt: skip

    def _mark_seen(self, unchanged: list[tuple[Child, CleanRow]]) -> None:
        """Stamp unchanged records with this run and row too, so a later row of the same file
        that matches them is reported as a duplicate instead of silently overwriting them."""
        run = bulk.prepare_constant(Child, "import_run", self.run.pk)
        bulk.update(
            Child, ["import_run", "import_row"], [(c.pk, run, row.row) for c, row in unchanged]
        )

    def _update(self, updates: list[tuple[Child, dict[str, list[Any]], CleanRow]]) -> None:
        if not updates:
            return
        children = [child for child, _, _ in updates]
        for child, changes, row in updates:
            for name, (_old, new) in changes.items():
                setattr(child, name, new)
            child.import_run, child.import_row = self.run, row.row
        Child.objects.bulk_update(children, [*IMPORT_FIELDS, "import_run", "import_row"])
        ctx = context.current()
        label = self.actor.get_username() if self.actor is not None else "hệ thống"
        AuditEvent.objects.bulk_create(
            AuditEvent(
                action="registry.child.import_update",
                actor=self.actor,
                actor_label=label,
                object_type="registry.child",
                object_id=str(child.pk),
                object_repr=str(child)[:200],
                unit_path=child.unit_path,
                province_code=child.province_code,
                ip=ctx.ip,
                channel=ctx.channel,
                reason=f"Nhập từ tệp {self.run.source_name}, dòng {row.row}"[:300],
                changes={k: [_plain(v) for v in pair] for k, pair in changes.items()},
            )
            for child, changes, row in updates
        )
        self._add_related(updates)

    def _add_related(self, updates: list[tuple[Child, dict[str, list[Any]], CleanRow]]) -> None:
        ids = [child.pk for child, _, _ in updates]
        have = set(Caregiver.objects.filter(child_id__in=ids).values_list("child_id", "relation"))
        open_groups = set(
            CircumstanceEpisode.objects.filter(child_id__in=ids, ended_on__isnull=True)
            .values_list("child_id", "group")
        )  # fmt: skip
        Caregiver.objects.bulk_create(
            _caregivers(
                (child, relation, name)
                for child, _, row in updates
                for relation, name in row.caregivers.items()
                if (child.pk, RELATIONS[relation]) not in have
            )
        )
        CircumstanceEpisode.objects.bulk_create(
            CircumstanceEpisode(
                child=child, group=letter, started_on=self.today, source="Nhập từ tệp"
            )
            for child, _, row in updates
            for letter in row.groups
            if (child.pk, letter) not in open_groups
        )


def _caregivers(items: Iterable[tuple[Child, str, str]]) -> list[Caregiver]:
    return [
        Caregiver(
            child=child, relation=RELATIONS[relation], full_name=name, name_key=name_key(name)
        )
        for child, relation, name in items
    ]


def _changes(child: Child, row: CleanRow) -> dict[str, list[Any]]:
    changes = {}
    for name in IMPORT_FIELDS:
        if name in row.fields and getattr(child, name) != row.fields[name]:
            changes[name] = [getattr(child, name), row.fields[name]]
    return changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _duplicate(row: CleanRow, first: int | None) -> RowProblem:
    return RowProblem(
        row.row, "Họ và tên", row.fields["full_name"],
        f"Dòng này trùng với dòng {first} trong cùng tệp (cùng số định danh hoặc cùng họ tên, "
        "ngày sinh và xã).",
        "Xóa một trong hai dòng, hoặc sửa nếu đây là hai trẻ khác nhau.",
    )  # fmt: skip


def _elsewhere(row: CleanRow, child: Child) -> RowProblem:
    return RowProblem(
        row.row, "Số định danh cá nhân", row.fields.get("personal_id") or "",
        "Trẻ có số định danh này đang được quản lý ở một xã/phường khác.",
        "Nếu trẻ đã chuyển đến, dùng chức năng 'Chuyển nơi ở' trên hồ sơ của trẻ.",
    )  # fmt: skip
