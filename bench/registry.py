"""Benchmark of the child registry on the database named by TREEM_DATABASE_URL (empty or
disposable): generate N synthetic children, import them end to end (rows/s, peak memory of the
import process), re-import (the idempotent path), name search p50/p95 with and without typos,
and the duplicate scan. On PostgreSQL also a raw COPY of the same file, the practical floor.
N comes from TREEM_BENCH_CHILDREN (default 100000). Prints one JSON object."""

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
TREEM = str(Path(sys.executable).with_name("treem"))


def timed_import(path: Path) -> tuple[float, dict[str, object], int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    out = subprocess.run(
        [TREEM, "registry", "import", str(path)], check=True, capture_output=True, text=True
    ).stdout
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, json.loads(out.strip().splitlines()[-1]), max(peak_kb, before)


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


def main() -> None:
    call_command("migrate", verbosity=0)
    reference.load_reference()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "children.csv"
        started = time.perf_counter()
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            write_csv(generate(COUNT, "56", seed=7), handle)
        generate_s = time.perf_counter() - started
        import_s, summary, peak_kb = timed_import(path)
        reimport_s, resummary, _ = timed_import(path)
        copy_s = raw_copy(path)
    rng = random.Random(3)
    names = list(Child.objects.order_by("?").values_list("name_key", flat=True)[:100])
    exact = search_times(names[:50])
    typos = search_times([typo(n, rng) for n in names[50:]])
    started = time.perf_counter()
    pairs = sum(1 for _ in scan())
    scan_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "children": COUNT,
                "generate_rows_per_s": round(COUNT / generate_s),
                "import_s": round(import_s, 1),
                "import_rows_per_s": round(COUNT / import_s),
                "import_summary": summary,
                "import_peak_rss_mb": round(peak_kb / 1024, 1),
                "reimport_s": round(reimport_s, 1),
                "reimport_unchanged": resummary["unchanged"],
                "raw_copy_s": round(copy_s, 2) if copy_s is not None else None,
                "import_to_copy_ratio": round(copy_s / import_s, 3) if copy_s else None,
                "search_exact": exact,
                "search_typo": typos,
                "duplicate_scan_s": round(scan_s, 1),
                "duplicate_pairs": pairs,
            }
        )
    )


if __name__ == "__main__":
    main()
