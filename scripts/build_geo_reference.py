"""Build the project's administrative-unit reference files from `vietnamadminunits`.

Reads only the data files bundled with the PyPI package `vietnamadminunits` (its SQLite
`dataset.db` and `converter_2025.json`); the package itself is never imported, so none of its
online geocoding code can run. Writes into `src/treem/geo/data/`:

* `units.csv`        - every unit of both versions (legacy: until 2025-06-30, current: from
                       2025-07-01) with official statistics-office codes;
* `successions.csv`  - legacy -> current successions (commune, district and province level);
* `meta.json`        - source, validity of the versions, computed counts and notes.

Output is deterministic: the same package data gives byte-identical files. `built_on` is kept
from an existing `meta.json` when nothing else changed; otherwise it is taken from
`SOURCE_DATE_EPOCH` when set, else today's UTC date.

Usage: `.venv/bin/python scripts/build_geo_reference.py [--out DIR] [--package-dir DIR]`
(`uv sync --group georef` installs the package).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE = "vietnamadminunits"
PINNED_VERSION = "1.0.4"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "treem" / "geo" / "data"
SOURCE_FILES = ("data/dataset.db", "data/converter_2025.json")

LEGACY = "legacy"
CURRENT = "current"
VERSIONS: dict[str, dict[str, str | None]] = {
    LEGACY: {"valid_from": None, "valid_to": "2025-06-30"},
    CURRENT: {"valid_from": "2025-07-01", "valid_to": None},
}
LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}

EXPECTED_COUNTS = {
    "provinces": 34,
    "communes": 3321,
    "legacy_provinces": 63,
    "legacy_districts": 696,
    "legacy_communes": 10035,
}

# Official full-name prefix (lower case) -> (canonical prefix, kind), per level.
KINDS: dict[str, dict[str, tuple[str, str]]] = {
    "province": {
        "tỉnh": ("Tỉnh", "tinh"),
        "thành phố": ("Thành phố", "thanh_pho_tw"),
    },
    "district": {
        "quận": ("Quận", "quan"),
        "huyện": ("Huyện", "huyen"),
        "thị xã": ("Thị xã", "thi_xa"),
        "thành phố": ("Thành phố", "thanh_pho"),
    },
    "commune": {
        "xã": ("Xã", "xa"),
        "phường": ("Phường", "phuong"),
        "thị trấn": ("Thị trấn", "thi_tran"),
        "đặc khu": ("Đặc khu", "dac_khu"),
    },
}
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

UNIT_COLUMNS = [
    "version",
    "code",
    "level",
    "kind",
    "name",
    "full_name",
    "parent_code",
    "latitude",
    "longitude",
]
SUCCESSION_COLUMNS = ["from_level", "from_code", "to_level", "to_code", "partly"]


class BuildError(Exception):
    """The package data does not look the way this script expects."""


@dataclass(frozen=True)
class Unit:
    version: str
    code: str
    level: str
    kind: str
    name: str
    full_name: str
    parent_code: str
    latitude: float | None
    longitude: float | None

    def sort_key(self) -> tuple[str, int, str]:
        return (self.version, LEVEL_RANK[self.level], self.code)

    def row(self) -> list[str]:
        return [
            self.version,
            self.code,
            self.level,
            self.kind,
            self.name,
            self.full_name,
            self.parent_code,
            fmt_coord(self.latitude),
            fmt_coord(self.longitude),
        ]


@dataclass
class Report:
    """Anomalies found while building; they end up in meta.json notes and on stdout."""

    notes: list[str] = field(default_factory=list)
    prefix_fixes: list[str] = field(default_factory=list)
    type_disagreements: list[str] = field(default_factory=list)
    unmapped_legacy_communes: list[str] = field(default_factory=list)
    unmapped_legacy_districts: list[str] = field(default_factory=list)
    unmapped_legacy_provinces: list[str] = field(default_factory=list)
    current_without_predecessor: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Helpers


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def fmt_coord(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def check_code(code: Any, level: str) -> str:
    text = str(code or "").strip()
    if not text.isdigit() or len(text) != CODE_WIDTH[level]:
        raise BuildError(f"unexpected {level} code {code!r}")
    return text


def split_name(full_name: str, level: str, report: Report, code: str) -> tuple[str, str, str]:
    """Return (kind, name, canonical full name) from an official full name."""
    full = nfc(full_name)
    lower = full.lower()
    # Longest prefix first so that e.g. "thành phố" is not shadowed by a shorter one.
    for prefix in sorted(KINDS[level], key=len, reverse=True):
        if lower.startswith(prefix + " "):
            canonical, kind = KINDS[level][prefix]
            name = full[len(prefix) + 1 :].strip()
            if not name:
                break
            if not full.startswith(canonical + " "):
                report.prefix_fixes.append(f"{level} {code}: {full!r} -> '{canonical} {name}'")
            return kind, name, f"{canonical} {name}"
    raise BuildError(f"cannot classify {level} {code} {full_name!r}")


def type_matches(kind: str, level: str, package_type: str | None) -> bool:
    if not package_type:
        return True
    entry = KINDS[level].get(nfc(package_type).lower())
    return entry is not None and entry[1] == kind


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_package_dir() -> Path:
    # find_spec on a top-level package locates it without executing its __init__.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"package {PACKAGE!r} is not installed (uv sync --group georef)")
    return Path(next(iter(spec.submodule_search_locations)))


def package_version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def read_licence() -> tuple[str, str]:
    """Return (licence id, copyright line) from the installed distribution's LICENSE."""
    licence, holder = "unknown", ""
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return licence, holder
    for file in dist.files or []:
        if file.name.upper().startswith("LICEN"):
            text = Path(str(dist.locate_file(file))).read_text(encoding="utf-8")
            if text.lstrip().startswith("MIT License"):
                licence = "MIT"
            match = re.search(r"^Copyright.*$", text, flags=re.MULTILINE)
            if match:
                holder = match.group(0).strip()
            break
    return licence, holder


# --------------------------------------------------------------------------------------------
# Reading the package data


def connect(db_path: Path) -> sqlite3.Connection:
    uri = f"file:{db_path.as_posix()}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def one_per_code(
    rows: list[sqlite3.Row], code_col: str, fields: tuple[str, ...], what: str
) -> dict[str, tuple[Any, ...]]:
    """Collapse denormalised rows to one record per code, failing on contradictions."""
    out: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        code = row[code_col]
        if code is None:
            continue
        values = tuple(row[f] for f in fields)
        if out.setdefault(code, values) != values:
            raise BuildError(f"{what} {code} has conflicting data: {out[code]} vs {values}")
    return out


def build_units(
    conn: sqlite3.Connection, report: Report
) -> tuple[list[Unit], dict[str, str], dict[str, tuple[str, str]]]:
    """Read both tables. Returns (units, current key -> code, legacy key -> (level, code)).

    Keys are the package's own join keys (`province_ward` for current units and
    `province_district_ward` for legacy ones, `province_district_` for a district without
    communes); they are only used to read the package's converter table.
    """
    units: list[Unit] = []
    cur_rows = conn.execute("SELECT * FROM admin_units").fetchall()
    leg_rows = conn.execute("SELECT * FROM admin_units_legacy").fetchall()

    def add(
        version: str,
        level: str,
        code: str,
        full: str,
        parent: str,
        lat: float | None,
        lon: float | None,
        package_type: str | None,
    ) -> None:
        kind, name, full_name = split_name(full, level, report, f"{version} {code}")
        if not type_matches(kind, level, package_type):
            report.type_disagreements.append(
                f"{version} {level} {code} {full_name!r}: package type {package_type!r}, "
                f"kind from name {kind!r}"
            )
        units.append(Unit(version, code, level, kind, name, full_name, parent, lat, lon))

    # Current provinces and communes.
    provinces = one_per_code(
        cur_rows, "provinceCode", ("province", "provinceLat", "provinceLon"), "province"
    )
    for code, (full, lat, lon) in provinces.items():
        add(CURRENT, "province", check_code(code, "province"), full, "", lat, lon, None)
    communes = one_per_code(
        cur_rows,
        "wardCode",
        ("ward", "wardType", "provinceCode", "wardLat", "wardLon"),
        "commune",
    )
    for code, (full, wtype, parent, lat, lon) in communes.items():
        add(CURRENT, "commune", check_code(code, "commune"), full, parent, lat, lon, wtype)

    # Legacy provinces, districts and communes.
    provinces = one_per_code(
        leg_rows, "provinceCode", ("province", "provinceLat", "provinceLon"), "legacy province"
    )
    for code, (full, lat, lon) in provinces.items():
        add(LEGACY, "province", check_code(code, "province"), full, "", lat, lon, None)
    districts = one_per_code(
        leg_rows,
        "districtCode",
        ("district", "districtType", "provinceCode", "districtLat", "districtLon"),
        "legacy district",
    )
    for code, (full, dtype, parent, lat, lon) in districts.items():
        add(LEGACY, "district", check_code(code, "district"), full, parent, lat, lon, dtype)
    communes = one_per_code(
        leg_rows,
        "wardCode",
        ("ward", "wardType", "districtCode", "wardLat", "wardLon"),
        "legacy commune",
    )
    for code, (full, wtype, parent, lat, lon) in communes.items():
        add(LEGACY, "commune", check_code(code, "commune"), full, parent, lat, lon, wtype)

    current_keys: dict[str, str] = {}
    for row in cur_rows:
        key = f"{row['provinceKey']}_{row['wardKey']}"
        if current_keys.setdefault(key, row["wardCode"]) != row["wardCode"]:
            raise BuildError(f"ambiguous current key {key}")
    legacy_keys: dict[str, tuple[str, str]] = {}
    for row in leg_rows:
        key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        ref = ("commune", row["wardCode"]) if row["wardCode"] else ("district", row["districtCode"])
        if legacy_keys.setdefault(key, ref) != ref:
            raise BuildError(f"ambiguous legacy key {key}")

    units.sort(key=Unit.sort_key)
    return units, current_keys, legacy_keys


def build_successions(
    converter: dict[str, Any],
    units: list[Unit],
    current_keys: dict[str, str],
    legacy_keys: dict[str, tuple[str, str]],
    report: Report,
) -> list[tuple[str, str, str, str, int]]:
    by_version: dict[str, dict[tuple[str, str], Unit]] = defaultdict(dict)
    for unit in units:
        by_version[unit.version][(unit.level, unit.code)] = unit

    # legacy (level, code) -> set of current commune codes.
    targets: dict[tuple[str, str], set[str]] = defaultdict(set)

    def resolve_new(new_province_key: str, new_ward_key: str) -> str:
        key = f"{new_province_key}_{new_ward_key}"
        if key not in current_keys:
            raise BuildError(f"converter names an unknown current commune {key}")
        return current_keys[key]

    def resolve_old(old_key: str) -> tuple[str, str] | None:
        ref = legacy_keys.get(old_key)
        if ref is None:
            report.notes.append(f"converter names an unknown legacy unit {old_key!r}; ignored")
        return ref

    for new_prov, wards in sorted(converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()):
        for new_ward, old_keys in sorted(wards.items()):
            new_code = resolve_new(new_prov, new_ward)
            for old_key in old_keys:
                ref = resolve_old(old_key)
                if ref:
                    targets[ref].add(new_code)
    for new_prov, olds in sorted(converter["DICT_PROVINCE_WARD_DIVIDED"].items()):
        for old_key, news in sorted(olds.items()):
            ref = resolve_old(old_key)
            if ref:
                for entry in news:
                    targets[ref].add(resolve_new(new_prov, entry["newWardKey"]))

    current = by_version[CURRENT]
    legacy = by_version[LEGACY]
    rows: list[tuple[str, str, str, str, int]] = []

    # Communes (and legacy districts that had no communes, e.g. island districts).
    district_provinces: dict[str, set[str]] = defaultdict(set)
    for (level, code), new_codes in targets.items():
        partly = 1 if len(new_codes) > 1 else 0
        for new_code in new_codes:
            rows.append((level, code, "commune", new_code, partly))
            new_province = current[("commune", new_code)].parent_code
            district = code if level == "district" else legacy[("commune", code)].parent_code
            district_provinces[district].add(new_province)

    report.unmapped_legacy_communes = sorted(
        code for (level, code) in legacy if level == "commune" and ("commune", code) not in targets
    )
    reached = {new for codes in targets.values() for new in codes}
    report.current_without_predecessor = sorted(
        code for (level, code) in current if level == "commune" and code not in reached
    )

    # Districts -> current provinces.
    province_provinces: dict[str, set[str]] = defaultdict(set)
    for (level, code), unit in legacy.items():
        if level != "district":
            continue
        new_provinces = district_provinces.get(code, set())
        if not new_provinces:
            report.unmapped_legacy_districts.append(code)
        for new_province in new_provinces:
            rows.append(("district", code, "province", new_province, int(len(new_provinces) > 1)))
        province_provinces[unit.parent_code] |= new_provinces

    # Provinces -> current provinces, cross-checked with the package's province table.
    declared: dict[str, set[str]] = defaultdict(set)
    legacy_province_by_key: dict[str, str] = {}
    current_province_by_key: dict[str, str] = {}
    for key, (level, code) in legacy_keys.items():
        unit = legacy[(level, code)]
        province = (
            unit.parent_code
            if level == "district"
            else legacy[("district", unit.parent_code)].parent_code
        )
        legacy_province_by_key[key.split("_", 1)[0]] = province
    for key, code in current_keys.items():
        current_province_by_key[key.split("_", 1)[0]] = current[("commune", code)].parent_code
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            declared[legacy_province_by_key[old_key]].add(current_province_by_key[new_key])

    for level, code in legacy:
        if level != "province":
            continue
        new_provinces = province_provinces.get(code, set())
        if not new_provinces:
            report.unmapped_legacy_provinces.append(code)
        if new_provinces != declared.get(code, set()):
            report.notes.append(
                f"legacy province {code}: communes went to {sorted(new_provinces)}, the "
                f"package's province table says {sorted(declared.get(code, set()))}"
            )
        for new_province in new_provinces:
            rows.append(("province", code, "province", new_province, int(len(new_provinces) > 1)))

    rows.sort(key=lambda r: (LEVEL_RANK[r[0]], r[1], LEVEL_RANK[r[2]], r[3]))
    report.unmapped_legacy_districts.sort()
    report.unmapped_legacy_provinces.sort()
    return rows


# --------------------------------------------------------------------------------------------
# Output


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def build_date(existing: dict[str, Any] | None, candidate: dict[str, Any]) -> str:
    """Keep the previous date when nothing but the date would change (idempotent rebuilds)."""
    if existing is not None:
        previous = dict(existing)
        built_on = previous.pop("built_on", None)
        if isinstance(built_on, str) and previous == candidate:
            return built_on
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return dt.datetime.now(tz=dt.UTC).date().isoformat()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--package-dir", type=Path, help="installed vietnamadminunits directory")
    parser.add_argument(
        "--allow-count-mismatch",
        action="store_true",
        help="write the files even if the counts differ from the expected ones",
    )
    args = parser.parse_args(argv)

    try:
        package_dir = args.package_dir or find_package_dir()
        version = package_version()
        licence, copyright_line = read_licence()
        report = Report()
        if version != PINNED_VERSION:
            report.notes.append(
                f"built from {PACKAGE} {version}; this script was written for {PINNED_VERSION}"
            )

        with connect(package_dir / "data" / "dataset.db") as conn:
            units, current_keys, legacy_keys = build_units(conn, report)
        converter = json.loads(
            (package_dir / "data" / "converter_2025.json").read_text(encoding="utf-8")
        )
        successions = build_successions(converter, units, current_keys, legacy_keys, report)
    except (BuildError, OSError, sqlite3.Error, KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    def count(version: str, level: str) -> int:
        return sum(1 for u in units if u.version == version and u.level == level)

    counts = {
        "provinces": count(CURRENT, "province"),
        "communes": count(CURRENT, "commune"),
        "legacy_provinces": count(LEGACY, "province"),
        "legacy_districts": count(LEGACY, "district"),
        "legacy_communes": count(LEGACY, "commune"),
        "successions": len(successions),
    }
    mismatches = {k: (counts[k], v) for k, v in EXPECTED_COUNTS.items() if counts[k] != v}
    split_communes = sorted({r[1] for r in successions if r[0] == "commune" and r[4] == 1})

    # Notes describing how the package data was interpreted, then anomalies found in it.
    notes = [
        "Codes are official statistics-office codes; a code is only meaningful together with "
        "its version (codes are reused, e.g. commune 00004 is Phường Trúc Bạch in legacy and "
        "Phường Ba Đình in current).",
        "kind is derived from the official full-name prefix; name is full_name without it "
        "(numbered units keep only the number, e.g. 'Phường 1' has name '1').",
        "Legacy -> current commune successions come from the package's converter table; "
        "partly=1 marks a legacy commune split across several current communes. District and "
        "province successions are derived from the commune successions.",
        f"{len(split_communes)} legacy communes were split (partly=1).",
    ]
    first_anomaly = len(notes)
    islands = sorted({r[1] for r in successions if r[0] == "district" and r[2] == "commune"})
    if islands:
        notes.append(
            "Legacy districts without communes (" + ", ".join(islands) + ") map directly to "
            "their current commune-level successor (district -> commune rows)."
        )
    if report.prefix_fixes:
        notes.append(
            "Full-name prefixes with non-standard capitals were normalised: "
            + "; ".join(report.prefix_fixes)
        )
    if report.type_disagreements:
        notes.append(
            "The package's type column disagrees with the full-name prefix (the name was "
            "used): " + "; ".join(report.type_disagreements)
        )
    if report.unmapped_legacy_communes:
        notes.append(
            "Legacy communes without any mapping: " + ", ".join(report.unmapped_legacy_communes)
        )
    if report.unmapped_legacy_districts:
        notes.append(
            "Legacy districts without any mapping: " + ", ".join(report.unmapped_legacy_districts)
        )
    if report.unmapped_legacy_provinces:
        notes.append(
            "Legacy provinces without any mapping: " + ", ".join(report.unmapped_legacy_provinces)
        )
    if report.current_without_predecessor:
        notes.append(
            "Current communes with no legacy predecessor: "
            + ", ".join(report.current_without_predecessor)
        )
    if mismatches:
        notes.append(
            "Counts differ from the official figures (found, expected): "
            + ", ".join(f"{k} {v[0]} vs {v[1]}" for k, v in sorted(mismatches.items()))
        )
    notes.extend(report.notes)

    files = [
        {"path": f"{PACKAGE}/{rel}", "sha256": sha256(package_dir / rel)} for rel in SOURCE_FILES
    ]
    source: dict[str, Any] = {
        "package": PACKAGE,
        "version": version,
        "licence": licence,
        "copyright": copyright_line,
        "files": files,
    }
    meta_body: dict[str, Any] = {
        "format": 1,
        "source": source,
        "versions": VERSIONS,
        "counts": counts,
        "unmapped": {
            "legacy_communes": report.unmapped_legacy_communes,
            "legacy_districts": report.unmapped_legacy_districts,
            "legacy_provinces": report.unmapped_legacy_provinces,
        },
        "notes": notes,
    }

    # Report.
    for key, value in counts.items():
        expected = EXPECTED_COUNTS.get(key)
        flag = "" if expected is None or expected == value else f"  (expected {expected})"
        print(f"{key:>18}: {value}{flag}")
    print(f"{'split communes':>18}: {len(split_communes)}")
    print(
        f"{'unmapped':>18}: communes {len(report.unmapped_legacy_communes)}, "
        f"districts {len(report.unmapped_legacy_districts)}, "
        f"provinces {len(report.unmapped_legacy_provinces)}"
    )
    for note in notes[first_anomaly:]:
        print(f"note: {note}")

    if mismatches and not args.allow_count_mismatch:
        print(
            "error: counts differ from the expected ones; nothing written "
            "(use --allow-count-mismatch if the data genuinely differs)",
            file=sys.stderr,
        )
        return 1

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    meta_path = out / "meta.json"
    existing: dict[str, Any] | None = None
    if meta_path.exists():
        try:
            existing = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            existing = None
    units_bytes = to_csv(UNIT_COLUMNS, [u.row() for u in units])
    successions_bytes = to_csv(
        SUCCESSION_COLUMNS, [[a, b, c, d, str(e)] for a, b, c, d, e in successions]
    )
    unchanged_data = all(
        (out / name).exists() and (out / name).read_bytes() == data
        for name, data in (("units.csv", units_bytes), ("successions.csv", successions_bytes))
    )
    built_on = build_date(existing if unchanged_data else None, meta_body)
    meta = {
        "format": meta_body["format"],
        "source": source,
        "built_on": built_on,
        **{k: v for k, v in meta_body.items() if k not in ("format", "source")},
    }
    meta_bytes = (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    for name, data in (
        ("units.csv", units_bytes),
        ("successions.csv", successions_bytes),
        ("meta.json", meta_bytes),
    ):
        path = out / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        print(f"wrote {path} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
