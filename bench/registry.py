"""Benchmark of the child registry on the database named by TREEM_DATABASE_URL (empty or
disposable): generate N synthetic children, import them end to end (rows/s, CPU seconds and
peak memory of the import process), re-import (the idempotent path), name search p50/p95 with
and without typos, and the duplicate scan. On PostgreSQL also two floors: a raw COPY of the same
file into an all-text table (no validation, no indexes), and a COPY of the rows the import wrote
into empty copies of the registry tables with the same indexes and key constraints (what the
database itself needs for this import). N comes from TREEM_BENCH_CHILDREN (default 100000);
TREEM_BENCH_IMPORT_ONLY=1 skips the re-import, the searches and the duplicate scan. The load
average is recorded before and after (the figures depend on what else the machine runs).
Prints one JSON object."""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treem.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection

from treem.geo import reference
from treem.registry.dedupe import scan
from treem.registry.models import Child
from treem.registry.search import Filters, search
from treem.registry.synthetic.generator import generate, write_csv

COUNT = int(os.environ.get("TREEM_BENCH_CHILDREN", "100000"))
IMPORT_ONLY = os.environ.get("TREEM_BENCH_IMPORT_ONLY", "") == "1"
TREEM = str(Path(sys.executable).with_name("treem"))
TABLES = [
    "registry_child",
    "registry_residence",
    "registry_caregiver",
    "registry_circumstanceepisode",
]


def timed_import(path: Path) -> tuple[float, dict[str, object], int, float]:
    """Seconds, the JSON summary, peak RSS (KiB) and CPU seconds of one `treem registry import`."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(
        [TREEM, "registry", "import", str(path)], check=True, capture_output=True, text=True
    ).stdout
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    peak_kb = max(after.ru_maxrss, usage.ru_maxrss)
    return seconds, json.loads(out.strip().splitlines()[-1]), peak_kb, cpu


def table_copy(tmp: Path) -> float | None:
    """COPY the rows the import wrote into empty copies of the registry tables (same columns,
    indexes, checks and deferred foreign keys, in a scratch schema), in one transaction: the
    database's own share of the import, without validation or matching."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in TABLES:
            with (
                (tmp / f"{table}.copy").open("wb") as out,
                raw.copy(
                    f"COPY (SELECT * FROM {table} ORDER BY id) TO STDOUT"  # noqa: S608
                ) as copy,
            ):
                for block in copy:
                    out.write(block)
        cursor.execute("DROP SCHEMA IF EXISTS bench_floor CASCADE; CREATE SCHEMA bench_floor")
        for table in TABLES:
            cursor.execute(f"CREATE TABLE bench_floor.{table} (LIKE public.{table} INCLUDING ALL)")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [TABLES],
        )
        keys = cursor.fetchall()
        cursor.execute("SET search_path = bench_floor, public")
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE bench_floor.{table} ADD CONSTRAINT {name} {definition}")
        started = time.perf_counter()
        cursor.execute("BEGIN")
        for table in TABLES:
            with (
                (tmp / f"{table}.copy").open("rb") as handle,
                raw.copy(f"COPY bench_floor.{table} FROM STDIN") as copy,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
        cursor.execute("COMMIT")
        seconds = time.perf_counter() - started
        cursor.execute("SET search_path = public; DROP SCHEMA bench_floor CASCADE")
    return seconds


def raw_copy(path: Path) -> float | None:
    """COPY the same CSV into an all-text scratch table: no validation, no matching."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_copy (" + ", ".join(f"c{i} text" for i in range(14)) + ")"
        )
        started = time.perf_counter()
        with (
            path.open("rb") as handle,
            cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1] * 1000, 2),
    }


def search_times(queries: list[str]) -> dict[str, float]:
    qs = Child.objects.all()
    times = []
    for query in queries:
        started = time.perf_counter()
        list(search(qs, Filters(query=query, status=""), limit=50)[:50])
        times.append(time.perf_counter() - started)
    return percentiles(times)


def typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def rounded(value: float | None, digits: int) -> float | None:
    return round(value, digits) if value is not None else None


def main() -> None:
    load_before = os.getloadavg()
    call_command("migrate", verbosity=0)
    reference.load_reference()
    reimport_s = reimport_cpu = search_exact = search_typo = scan_s = pairs = None
    reimport_unchanged = None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "children.csv"
        started = time.perf_counter()
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            write_csv(generate(COUNT, "56", seed=7), handle)
        generate_s = time.perf_counter() - started
        import_s, summary, peak_kb, import_cpu = timed_import(path)
        table_s = table_copy(Path(tmp))
        if not IMPORT_ONLY:
            reimport_s, resummary, _, reimport_cpu = timed_import(path)
            reimport_unchanged = resummary["unchanged"]
        copy_s = raw_copy(path)
    if not IMPORT_ONLY:
        rng = random.Random(3)
        names = list(Child.objects.order_by("?").values_list("name_key", flat=True)[:100])
        search_exact = search_times(names[:50])
        search_typo = search_times([typo(n, rng) for n in names[50:]])
        started = time.perf_counter()
        pairs = sum(1 for _ in scan())
        scan_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "children": COUNT,
                "load_average_before_after": [
                    round(load_before[0], 2),
                    round(os.getloadavg()[0], 2),
                ],
                "generate_rows_per_s": round(COUNT / generate_s),
                "import_s": round(import_s, 1),
                "import_rows_per_s": round(COUNT / import_s),
                "import_cpu_s": round(import_cpu, 1),
                "import_summary": summary,
                "import_peak_rss_mb": round(peak_kb / 1024, 1),
                "reimport_s": rounded(reimport_s, 1),
                "reimport_cpu_s": rounded(reimport_cpu, 1),
                "reimport_unchanged": reimport_unchanged,
                "raw_copy_s": rounded(copy_s, 2),
                "import_to_copy_ratio": round(copy_s / import_s, 3) if copy_s else None,
                "table_copy_s": rounded(table_s, 2),
                "import_to_table_copy_ratio": round(table_s / import_s, 3) if table_s else None,
                "search_exact": search_exact,
                "search_typo": search_typo,
                "duplicate_scan_s": rounded(scan_s, 1),
                "duplicate_pairs": pairs,
            }
        )
    )


if __name__ == "__main__":
    main()
