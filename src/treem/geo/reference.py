"""Loading the versioned reference file (data/units.csv, data/successions.csv, data/meta.json)
into `Unit` and `Succession`. Idempotent: a second load changes nothing and says so."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from treem.core.audit import audit_write
from treem.core.text import fold, nfc
from treem.geo.crosswalk import refresh_counterparts
from treem.geo.models import LEGACY_END, REORGANISATION_DATE, Kind, Level, Succession, Unit, Version

DATA_DIR = Path(__file__).resolve().parent / "data"
NATION_CODE = "VN"
NATION_PATH = "c/"
VERSION_ROOT = {Version.CURRENT: "c/", Version.LEGACY: "l/"}
LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
UNIT_FIELDS = [
    "level",
    "kind",
    "name",
    "full_name",
    "search_key",
    "parent_id",
    "path",
    "province_code",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
]


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    successions_removed: int = 0
    missing_from_file: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_meta(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    return json.loads((data_dir / "meta.json").read_text(encoding="utf-8"))


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _decimal(value: str) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.000001")) if value else None


def _nation() -> Unit:
    nation, _ = Unit.objects.get_or_create(
        version=Version.CURRENT,
        code=NATION_CODE,
        defaults={
            "level": Level.NATION,
            "kind": Kind.NATION,
            "name": "Việt Nam",
            "full_name": "Việt Nam",
            "search_key": "viet nam",
            "path": NATION_PATH,
            "valid_from": None,
            "is_reference": True,
        },
    )
    return nation


def load_reference(*, actor: Any = None, data_dir: Path = DATA_DIR) -> LoadSummary:
    """Bring the database in line with the reference file. Units that disappeared from the
    file are reported, never deleted: records may still point at them."""
    meta = read_meta(data_dir)
    summary = LoadSummary()
    rows = list(_rows(data_dir / "units.csv"))
    with transaction.atomic():
        nation = _nation()
        existing = {(u.version, u.code): u for u in Unit.objects.filter(is_reference=True)}
        seen: set[tuple[str, str]] = {(Version.CURRENT, NATION_CODE)}
        for level in LEVEL_ORDER:
            _load_level(level, rows, existing, nation, seen, summary)
        summary.missing_from_file = sorted(
            f"{version}:{code}" for (version, code) in existing.keys() - seen
        )
        _load_successions(data_dir, existing, summary)
        refresh_counterparts(Unit, Succession)
        audit_write(
            actor=actor,
            action="geo.reference.load",
            changes={"source": meta.get("source", {}), "summary": summary.as_dict()},
        )
    return summary


def _load_level(
    level: str,
    rows: list[dict[str, str]],
    existing: dict[tuple[str, str], Unit],
    nation: Unit,
    seen: set[tuple[str, str]],
    summary: LoadSummary,
) -> None:
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    for row in rows:
        if row["level"] != level:
            continue
        version = Version(row["version"])
        key = (version.value, row["code"])
        seen.add(key)
        wanted = _wanted_fields(row, version, existing, nation)
        unit = existing.get(key)
        if unit is None:
            unit = Unit(version=version, code=row["code"], is_reference=True, **wanted)
            to_create.append(unit)
            existing[key] = unit
        elif any(getattr(unit, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(unit, name, value)
            to_update.append(unit)
        else:
            summary.unchanged += 1
    Unit.objects.bulk_create(to_create, batch_size=2000)
    Unit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=2000)
    summary.created += len(to_create)
    summary.updated += len(to_update)


def _wanted_fields(
    row: dict[str, str], version: Version, existing: dict[tuple[str, str], Unit], nation: Unit
) -> dict[str, Any]:
    parent: Unit | None
    if row["parent_code"]:
        parent = existing[(version.value, row["parent_code"])]
        parent_path = parent.path
    else:
        parent = nation if version == Version.CURRENT else None
        parent_path = VERSION_ROOT[version]
    province_code = row["code"] if row["level"] == Level.PROVINCE else parent.province_code  # type: ignore[union-attr]
    name, full_name = nfc(row["name"]), nfc(row["full_name"])
    return {
        "level": row["level"],
        "kind": row["kind"],
        "name": name,
        "full_name": full_name,
        "search_key": fold(full_name),
        "parent_id": parent.pk if parent else None,
        "path": f"{parent_path}{row['code']}/",
        "province_code": province_code,
        "valid_from": REORGANISATION_DATE if version == Version.CURRENT else None,
        "valid_to": LEGACY_END if version == Version.LEGACY else None,
        "latitude": _decimal(row.get("latitude", "")),
        "longitude": _decimal(row.get("longitude", "")),
    }


def _load_successions(
    data_dir: Path, units: dict[tuple[str, str], Unit], summary: LoadSummary
) -> None:
    wanted: dict[tuple[int, int], bool] = {}
    for row in _rows(data_dir / "successions.csv"):
        old = units[(Version.LEGACY.value, row["from_code"])]
        new = units[(Version.CURRENT.value, row["to_code"])]
        assert old.level == row["from_level"] and new.level == row["to_level"], row
        wanted[(old.pk, new.pk)] = row["partly"] == "1"
    current = {
        (s.predecessor_id, s.successor_id): s
        for s in Succession.objects.filter(predecessor__is_reference=True)
    }
    create = [
        Succession(predecessor_id=old, successor_id=new, partly=partly)
        for (old, new), partly in wanted.items()
        if (old, new) not in current
    ]
    update = []
    for pair, succession in current.items():
        if pair in wanted and succession.partly != wanted[pair]:
            succession.partly = wanted[pair]
            update.append(succession)
    stale = [s.pk for pair, s in current.items() if pair not in wanted]
    Succession.objects.bulk_create(create, batch_size=5000)
    Succession.objects.bulk_update(update, ["partly"], batch_size=5000)
    Succession.objects.filter(pk__in=stale).delete()
    summary.successions_created = len(create)
    summary.successions_updated = len(update)
    summary.successions_removed = len(stale)


def stats() -> dict[str, int]:
    """Counts of the loaded reference structure (the `treem geo stats` output)."""

    def count(version: str, level: str) -> int:
        return Unit.objects.filter(version=version, level=level, is_reference=True).count()

    return {
        "provinces": count(Version.CURRENT, Level.PROVINCE),
        "communes": count(Version.CURRENT, Level.COMMUNE),
        "legacy_provinces": count(Version.LEGACY, Level.PROVINCE),
        "legacy_districts": count(Version.LEGACY, Level.DISTRICT),
        "legacy_communes": count(Version.LEGACY, Level.COMMUNE),
        "successions": Succession.objects.count(),
    }
