"""Fast loading of N synthetic children for `bench/registry_scale.py`.

The rows come from the demo-data generator (`treem demo-data children`), converted with the
importer's own cleaning helpers (`name_key`, `clean_phone`, `clean_ethnicity`, ...) and written
straight into the tables: COPY on PostgreSQL (one worker process per core, each with its own
id range), executemany on SQLite. The importer's per-row matching is replaced by one SQL pass
afterwards that removes the rows it would not have created (a second row with the same ID
number, or with the same name key, date of birth and commune). Secondary indexes are dropped
before the load and rebuilt after it, as a bulk loader would; residence rows are one
INSERT ... SELECT. The generator's deliberate near-duplicates (1 %) are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from treem.core.text import nfc
from treem.geo.models import Level, Unit, Version
from treem.registry.domain import circumstances
from treem.registry.synthetic.generator import generate
from treem.registry.validation import clean_ethnicity, clean_insurance, clean_phone, name_key

# Current province code -> share of the children. The province-level user of the benchmark
# works in the first (largest) one: the worst case for a scoped search.
PROVINCES = (("79", 0.30), ("01", 0.25), ("40", 0.15), ("38", 0.15), ("56", 0.15))
CHUNK = 250_000  # rows per generator seed (and per COPY transaction)
# Rows made by the generator (about 15,000 a second per core); above that, copies (`replicate`).
GENERATED = int(os.environ.get("TREEM_BENCH_SCALE_GENERATED", "1000000"))
TABLES = ("registry_child", "registry_caregiver", "registry_circumstanceepisode",
          "registry_residence")  # fmt: skip
CHILD_COLUMNS = (
    "id", "unit_id", "unit_path", "province_code", "village_id", "address", "personal_id",
    "full_name", "name_key", "sex", "birth_date", "ethnicity", "nationality", "contact_phone",
    "birth_registered", "birth_registered_on", "birth_registered_place", "health_insurance_no",
    "disability_kind", "disability_degree", "school_level", "school_name", "dropped_out",
    "poverty", "life_status", "life_status_on", "source", "import_row", "created_at",
    "updated_at", "created_by_id", "merged_into_id", "import_run_id",
)  # fmt: skip
CAREGIVER_COLUMNS = ("child_id", "relation", "full_name", "name_key", "phone", "personal_id")
EPISODE_COLUMNS = ("child_id", "group", "subgroup", "started_on", "ended_on", "source", "note",
                   "created_by_id", "created_at")  # fmt: skip
RELATIONS = (("Họ tên cha", "father"), ("Họ tên mẹ", "mother"), ("Người chăm sóc", "carer"))


@dataclass(frozen=True)
class Chunk:
    province: str
    seed: int
    count: int
    first_id: int


def replicate(base_max_id: int, copies: int) -> None:
    """Beyond GENERATED rows (PostgreSQL): copy the generated children (caregivers and
    episodes too) `copies` times in SQL, each copy moved to another commune of the same
    province, born a few days earlier and with other ID digits, so that copies neither match
    nor pair with each other; near-duplicate pairs inside a copy stay pairs."""
    child_values = {
        "id": "c.id + %(offset)s",
        "unit_id": "s.target",
        "unit_path": "s.path",
        "province_code": "s.province_code",
        "personal_id": "left(c.personal_id, 6) || lpad(((right(c.personal_id, 6)::int "
        "+ %(k)s * 99991) %% 1000000)::text, 6, '0')",
        "birth_date": "c.birth_date - %(k)s * 5",
    }
    select = ", ".join(child_values.get(name, f"c.{name}") for name in CHILD_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE scale_commune AS SELECT id, path, province_code, "
            "row_number() OVER (PARTITION BY province_code ORDER BY id) - 1 AS i, "
            "count(*) OVER (PARTITION BY province_code) AS n FROM geo_unit "
            "WHERE version = 'current' AND level = 'commune'"
        )
        for k in range(1, copies + 1):
            params = {"k": k, "offset": k * base_max_id, "last": base_max_id}
            cursor.execute(
                "CREATE TEMP TABLE scale_shift AS SELECT a.id AS source, b.id AS target, b.path, "
                "b.province_code FROM scale_commune a JOIN scale_commune b ON "
                "b.province_code = a.province_code AND b.i = (a.i + %(k)s * 7) %% a.n",
                params,
            )
            cursor.execute(
                f"INSERT INTO registry_child ({_names(CHILD_COLUMNS)}) SELECT {select} "  # noqa: S608
                "FROM registry_child c JOIN scale_shift s ON s.source = c.unit_id "
                "WHERE c.id <= %(last)s",
                params,
            )
            for table, columns in (("registry_caregiver", CAREGIVER_COLUMNS),
                                   ("registry_circumstanceepisode", EPISODE_COLUMNS)):  # fmt: skip
                rest = ", ".join(f'"{c}"' for c in columns[1:])
                cursor.execute(
                    f"INSERT INTO {table} ({_names(columns)}) SELECT child_id + %(offset)s, "  # noqa: S608
                    f"{rest} FROM {table} WHERE child_id <= %(last)s",
                    params,
                )
            cursor.execute("DROP TABLE scale_shift")
        cursor.execute("DROP TABLE scale_commune")


def plan(count: int, seed: int) -> list[Chunk]:
    """Split `count` over PROVINCES into chunks with disjoint id ranges and their own seeds."""
    chunks, next_id = [], 1
    for index, (province, share) in enumerate(PROVINCES):
        remaining = round(count * share) if index < len(PROVINCES) - 1 else count - next_id + 1
        part = 0
        while remaining > 0:
            size = min(CHUNK, remaining)
            chunks.append(Chunk(province, seed * 1000 + index * 100 + part, size, next_id))
            next_id += size
            remaining -= size
            part += 1
    return chunks


def communes() -> dict[str, tuple[int, str, str]]:
    """Commune code -> (unit id, path, province code) of the current communes."""
    return {
        code: (pk, path, province)
        for pk, code, path, province in Unit.objects.filter(
            version=Version.CURRENT, level=Level.COMMUNE
        ).values_list("pk", "code", "path", "province_code")
    }


class Converter:
    """Generator rows -> table rows (tuples of Python values), with the importer's helpers."""

    def __init__(self, units: dict[str, tuple[int, str, str]]) -> None:
        self.units = units
        self.now = timezone.now()
        self.today = timezone.localdate()
        self._dates: dict[str, dt.date] = {}
        self._ethnic: dict[str, str] = {}

    def _date(self, text: str) -> dt.date:
        value = self._dates.get(text)
        if value is None:
            day, month, year = text.split("/")
            value = self._dates[text] = dt.date(int(year), int(month), int(day))
        return value

    def rows(
        self, chunk: Chunk
    ) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
        pk = chunk.first_id
        for number, row in enumerate(generate(chunk.count, chunk.province, chunk.seed), 2):
            unit_id, path, province = self.units[row["Mã xã"]]
            name = row["Họ và tên"]
            ethnic_text = row["Dân tộc"]
            ethnic = self._ethnic.get(ethnic_text)
            if ethnic is None:
                ethnic = self._ethnic[ethnic_text] = clean_ethnicity(ethnic_text)
            phone = clean_phone(row["Số điện thoại"]) if row["Số điện thoại"] else ""
            bhyt = clean_insurance(row["Thẻ BHYT"]) if row["Thẻ BHYT"] else ""
            child = (
                pk, unit_id, path, province, None, nfc(row["Thôn/Tổ dân phố"]),
                row["Số định danh cá nhân"] or None, name, name_key(name),
                "M" if row["Giới tính"] == "Nam" else "F", self._date(row["Ngày sinh"]),
                ethnic, "VN", phone, row["Đăng ký khai sinh"] == "Có", None, "", bhyt,
                "", "", "", "", False, "none", "living", None, "import", number,
                self.now, self.now, None, None, None,
            )  # fmt: skip
            carers = [
                (pk, relation, row[column], name_key(row[column]), "", "")
                for column, relation in RELATIONS
                if row[column]
            ]
            groups = row["Hoàn cảnh đặc biệt"]
            episodes = [
                (pk, letter, "", self.today, None, "Nhập từ tệp", "", None, self.now)
                for letter in (circumstances.parse_letters(groups)[0] if groups else ())
            ]
            yield child, carers, episodes
            pk += 1


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{column}"' for column in columns)  # "group" is a keyword


def _copy_text(values: tuple[Any, ...]) -> str:
    # Generated names and codes never contain tabs, newlines or backslashes.
    return "\t".join("\\N" if v is None else ("t" if v is True else "f" if v is False else str(v))
                     for v in values)  # fmt: skip


def _pg_worker(args: tuple[str, Chunk, dict[str, tuple[int, str, str]]]) -> int:
    """Load one chunk over three COPY streams of fresh connections (FK triggers off)."""
    import psycopg

    dsn, chunk, units = args
    converter = Converter(units)
    conns = [psycopg.connect(dsn) for _ in range(3)]
    for conn in conns:
        conn.execute("SET session_replication_role = replica")
    targets = [
        ("registry_child", CHILD_COLUMNS),
        ("registry_caregiver", CAREGIVER_COLUMNS),
        ("registry_circumstanceepisode", EPISODE_COLUMNS),
    ]
    with contextlib.ExitStack() as stack:
        copies = [
            stack.enter_context(conn.cursor().copy(f"COPY {table} ({_names(cols)}) FROM STDIN"))
            for conn, (table, cols) in zip(conns, targets, strict=True)
        ]
        buffers: list[list[str]] = [[], [], []]
        for child, carers, episodes in converter.rows(chunk):
            buffers[0].append(_copy_text(child))
            buffers[1].extend(map(_copy_text, carers))
            buffers[2].extend(map(_copy_text, episodes))
            if len(buffers[0]) >= 5000:
                _flush(copies, buffers)
        _flush(copies, buffers)
    for conn in conns:
        conn.commit()
        conn.close()
    return chunk.count


def _flush(copies: list[Any], buffers: list[list[str]]) -> None:
    for copy, lines in zip(copies, buffers, strict=True):
        if lines:
            copy.write("\n".join(lines) + "\n")
            lines.clear()


def _sqlite_load(chunks: list[Chunk], units: dict[str, tuple[int, str, str]]) -> None:
    converter = Converter(units)
    statements = [
        (table, f"INSERT INTO {table} ({_names(cols)}) "  # noqa: S608
         f"VALUES ({', '.join('%s' for _ in cols)})")
        for table, cols in (("registry_child", CHILD_COLUMNS),
                            ("registry_caregiver", CAREGIVER_COLUMNS),
                            ("registry_circumstanceepisode", EPISODE_COLUMNS))
    ]  # fmt: skip
    # One transaction: in autocommit every row of executemany would be synced to disk alone.
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in chunks:
            batch: list[list[tuple[Any, ...]]] = [[], [], []]
            for child, carers, episodes in converter.rows(chunk):
                batch[0].append(child)
                batch[1].extend(carers)
                batch[2].extend(episodes)
                if len(batch[0]) >= 20000:
                    _sqlite_flush(cursor, statements, batch)
            _sqlite_flush(cursor, statements, batch)


def _sqlite_flush(cursor: Any, statements: list[tuple[str, str]], batch: list[list[Any]]) -> None:
    for (_, sql), rows in zip(statements, batch, strict=True):
        if rows:
            cursor.executemany(sql, rows)
            rows.clear()


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, CREATE statement) of every index on the loaded tables that backs no constraint."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [list(TABLES)],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND tbl_name IN ({', '.join('%s' for _ in TABLES)})",
                list(TABLES),
            )
        return list(cursor.fetchall())


def _remove_rows_the_importer_would_match() -> int:
    """Delete later rows sharing an ID number, or a name key + birth date + commune, with an
    earlier one (the importer matches those to the existing child instead of adding one)."""
    later = "SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY {} ORDER BY id) AS n "
    later += "FROM registry_child WHERE {}) AS t WHERE n > 1"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE scale_drop AS "
            + later.format("personal_id", "personal_id IS NOT NULL")
            + " UNION "
            + later.format("name_key, birth_date, unit_id", "1 = 1")
        )
        # Dependents first: the foreign keys are checked at the end of each statement here.
        for table, column in (("registry_caregiver", "child_id"),
                              ("registry_circumstanceepisode", "child_id"),
                              ("registry_child", "id")):  # fmt: skip
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM scale_drop)"  # noqa: S608
            )
        removed = cursor.rowcount
        cursor.execute("DROP TABLE scale_drop")
    return int(removed)


def load(count: int, seed: int, *, workers: int = 2) -> dict[str, Any]:
    """Load about `count` children (minus the rows the importer would have matched); returns
    timings. The tables must be empty."""
    units = communes()
    generated = min(count, GENERATED)
    copies = -(-count // generated) - 1
    if copies and connection.vendor != "postgresql":
        raise ValueError("copies of generated rows are made on PostgreSQL only")
    chunks = plan(generated, seed)
    timings: dict[str, Any] = {}
    indexes = _secondary_indexes()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        _load_rows(chunks, units, workers, timings, started)
        with connection.cursor() as cursor:
            # No key checks while the referencing tables have no indexes (the cleanup deletes
            # the dependents itself; SQLite would scan every referencing table for each deleted
            # child); `_restore` turns them back on.
            if connection.vendor == "postgresql":
                cursor.execute("SET work_mem = '256MB'; SET session_replication_role = replica")
            else:
                cursor.execute("PRAGMA foreign_keys = OFF")
        if copies:
            step = time.perf_counter()
            replicate(generated, copies)
            timings["generated"] = generated
            timings["copies_s"] = round(time.perf_counter() - step, 1)
        _finish_rows(timings)
    finally:  # the indexes come back even if the load fails
        step = time.perf_counter()
        _restore(indexes)
    timings["indexes_s"] = round(time.perf_counter() - step, 1)
    timings["total_s"] = round(time.perf_counter() - started, 1)
    return timings


def _load_rows(
    chunks: list[Chunk],
    units: dict[str, tuple[int, str, str]],
    workers: int,
    timings: dict[str, Any],
    started: float,
) -> None:
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        dsn = (f"host={settings['HOST']} port={settings['PORT'] or 5432} "
               f"dbname={settings['NAME']} user={settings['USER']}")  # fmt: skip
        if settings.get("PASSWORD"):
            dsn += f" password={settings['PASSWORD']}"
        connection.close()  # the workers are forked: share no open connection with them
        context = multiprocessing.get_context("fork")
        with context.Pool(max(1, min(workers, os.cpu_count() or 1))) as pool:
            pool.map(_pg_worker, [(dsn, chunk, units) for chunk in chunks], chunksize=1)
    else:
        _sqlite_load(chunks, units)
    timings["rows_s"] = round(time.perf_counter() - started, 1)


def _finish_rows(timings: dict[str, Any]) -> None:
    step = time.perf_counter()
    timings["rows_the_importer_would_match"] = _remove_rows_the_importer_would_match()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO registry_residence (child_id, unit_id, unit_path, province_code, "
            "valid_from, valid_to, reason) SELECT id, unit_id, unit_path, province_code, "
            "birth_date, NULL, '' FROM registry_child"
        )
    timings["cleanup_and_residences_s"] = round(time.perf_counter() - step, 1)


def _restore(indexes: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET maintenance_work_mem = '512MB'")
        else:
            cursor.execute("PRAGMA foreign_keys = ON")
        for _, create in indexes:
            cursor.execute(create)
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
