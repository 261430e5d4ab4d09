"""Writing one chunk of clean rows: match each to an existing child (by ID number, else by
name + date of birth + commune), then create, update or leave it, in bulk.

Matching makes the import idempotent: running the same file again, an overlapping file, or a
file whose first run was killed half way, ends in the same records as one clean run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import timezone

from treem.core.text import fold, nfc
from treem.geo.models import Level, Unit
from treem.registry import access
from treem.registry.importing import bulk, matching
from treem.registry.importing.matching import IMPORT_FIELDS, Existing
from treem.registry.importing.rows import CleanRow, RowProblem
from treem.registry.importing.updates import RELATIONS, Update, changes_of, write_updates
from treem.registry.models import (
    Caregiver,
    Child,
    CircumstanceEpisode,
    ImportRun,
    Residence,
)
from treem.registry.models.choices import Source

# Every column of a new child row, in insert order (the primary key comes from the database).
CHILD_COLUMNS = [f.name for f in Child._meta.concrete_fields if not f.primary_key]
COLUMN_INDEX = {name: i for i, name in enumerate(CHILD_COLUMNS)}
VILLAGE_PREFIXES = ("thon ", "to dan pho ", "to ", "ap ", "ban ", "khu pho ")
VILLAGE_CACHE_SIZE = 8192
__all__ = ["CHILD_COLUMNS", "IMPORT_FIELDS", "ChunkResult", "ChunkWriter"]


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
        self._village_ids: dict[tuple[int, str], int | None] = {}
        self.today = timezone.localdate()
        # import_run as the matching queries return it (a UUID, or its hex text on SQLite)
        self._run_value = bulk.prepare_constant(Child, "import_run", run.pk)

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
    def _existing(
        self, rows: list[CleanRow]
    ) -> tuple[dict[str, Existing], dict[tuple[str, dt.date, int], Existing]]:
        ids = [pid for row in rows if (pid := row.fields.get("personal_id"))]
        found = [*matching.by_personal_id(ids), *matching.by_key(row.match_key for row in rows)]
        by_id: dict[str, Existing] = {}
        by_key: dict[tuple[str, dt.date, int], Existing] = {}
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
        updates: list[Update] = []
        unchanged: list[tuple[Existing, CleanRow]] = []
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
            if child.import_run_id == self._run_value:
                result.problems.append(_duplicate(row, child.import_row))
                continue
            if child.unit_id != row.commune.id:
                result.problems.append(_elsewhere(row, child))
                continue
            changes = changes_of(child, row)
            if changes:
                updates.append((child, changes, row))
            else:
                unchanged.append((child, row))
        result.created, result.updated, result.unchanged = len(new), len(updates), len(unchanged)
        self._create(new)
        write_updates(
            updates, run=self.run, actor=self.actor, run_value=self._run_value, today=self.today
        )
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
        cache_key = (commune_id, name)
        if cache_key in self._village_ids:
            return self._village_ids[cache_key]
        if len(self._village_ids) >= VILLAGE_CACHE_SIZE:
            self._village_ids.clear()
        found = self._village_ids[cache_key] = self._find_village(commune_id, name)
        return found

    def _find_village(self, commune_id: int, name: str) -> int | None:
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
        for prefix in VILLAGE_PREFIXES:
            if key.startswith(prefix) and key[len(prefix) :] in villages:
                return villages[key[len(prefix) :]]
        return villages.get(key)

    def _child_values(self, row: CleanRow, template: list[Any]) -> list[Any]:
        """The insert values of a new child: `template` (defaults and this chunk's constants)
        overlaid with the row's fields, the commune and the village."""
        values = template.copy()
        for name, value in row.fields.items():
            values[COLUMN_INDEX[name]] = value
        commune = row.commune
        village_id = self._village_id(commune.id, row.village)
        if village_id is None and row.village and not row.fields.get("address"):
            values[COLUMN_INDEX["address"]] = nfc(row.village)  # unknown village: keep as text
        values[COLUMN_INDEX["unit"]] = commune.id
        values[COLUMN_INDEX["unit_path"]] = commune.path
        values[COLUMN_INDEX["province_code"]] = commune.province_code
        values[COLUMN_INDEX["village"]] = village_id
        values[COLUMN_INDEX["import_row"]] = row.row
        return values

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
        defaults = {**self._defaults, **constants}
        template = [defaults.get(name) for name in CHILD_COLUMNS]
        ids = bulk.insert(Child, CHILD_COLUMNS, [self._child_values(r, template) for r in rows])
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
                (pk, RELATIONS[relation], name, key, "", "")
                for pk, row in zip(ids, rows, strict=True)
                for relation, (name, key) in row.caregivers.items()
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

    def _mark_seen(self, unchanged: list[tuple[Existing, CleanRow]]) -> None:
        """Stamp unchanged records with this run and row too, so a later row of the same file
        that matches them is reported as a duplicate instead of silently overwriting them."""
        run = self._run_value
        bulk.update(
            Child, ["import_run", "import_row"], [(c.pk, run, row.row) for c, row in unchanged]
        )


def _duplicate(row: CleanRow, first: int | None) -> RowProblem:
    return RowProblem(
        row.row, "Họ và tên", row.fields["full_name"],
        f"Dòng này trùng với dòng {first} trong cùng tệp (cùng số định danh hoặc cùng họ tên, "
        "ngày sinh và xã).",
        "Xóa một trong hai dòng, hoặc sửa nếu đây là hai trẻ khác nhau.",
    )  # fmt: skip


def _elsewhere(row: CleanRow, child: Existing) -> RowProblem:
    return RowProblem(
        row.row, "Số định danh cá nhân", row.fields.get("personal_id") or "",
        "Trẻ có số định danh này đang được quản lý ở một xã/phường khác.",
        "Nếu trẻ đã chuyển đến, dùng chức năng 'Chuyển nơi ở' trên hồ sơ của trẻ.",
    )  # fmt: skip
