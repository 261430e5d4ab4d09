"""Benchmark of plans and indicators on the database named by TREEM_DATABASE_URL (empty or
disposable). Prints one JSON object.

(c) national dashboard: `progress()` of all 35 indicators for the nation and 34 provinces,
    year 2025, p50/p95 over TREEM_BENCH_PLAN_RUNS (30) runs, over commune figures of
    2021–2026 (bench/plans_data.py: ~1.7 M measurement rows);
(d) analytics: `rollup()` of 24 indicators × 34 provinces × 10 periods, same data;
(a) full recomputation of the registry-derived indicators (8a, 8b, 14) for all communes,
    `indicators_recompute(actor=None, period=Period(2025))`, at each size of
    TREEM_BENCH_PLAN_CHILDREN (PostgreSQL, comma-separated, default 1000000) or
    TREEM_BENCH_PLAN_SQLITE_CHILDREN (SQLite, default 100000); children are generated in the
    database (bench/plans_data.py) and the table grows from one size to the next;
(b) the same figures from a hand-written DuckDB group-by over the same rows (the floor), when
    a Python with duckdb is found (TREEM_BENCH_DUCKDB_PYTHON, .tools/duckdb, or this one).

`python bench/plans.py --record [--sqlite no] [--baseline FILE] [--out FILE | --into FILE]`
runs it on a fresh SQLite file and a fresh PostgreSQL database (TREEM_BENCH_PLAN_PG_DB, default
treem_bench_plans, dropped afterwards unless `--keep yes`) and writes
bench/results/plans-<date>.json with the command, machine and date (like bench/run.py, which
also runs it); `--baseline` embeds an earlier record as "before", `--into` appends this run to
an existing record under "more". Each timing carries the load average (1 min) before and
after it; `nothing_kept` times the same call with the roll-up's and progress's kept results
dropped before each run (what a first view after a change pays).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = str(BENCH_DIR / "results" / "plans-{}.json")
ROOT = BENCH_DIR.parent
RUNS = int(os.environ.get("TREEM_BENCH_PLAN_RUNS", "30"))
PG_DB = os.environ.get("TREEM_BENCH_PLAN_PG_DB", "treem_bench_plans")
FLOOR_COLUMNS = {
    "child": "id, birth_date, CASE WHEN birth_registered THEN 'true' "
    "WHEN NOT birth_registered THEN 'false' END, life_status, life_status_on, merged_into_id",
    "residence": "child_id, unit_id, valid_from, valid_to",
    "episode": "child_id, started_on, ended_on",
    "support": "child_id, given_on",
}
FLOOR_TABLES = {
    "child": "registry_child",
    "residence": "registry_residence",
    "episode": "registry_circumstanceepisode",
    "support": "registry_supportrecord",
}


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "first_ms": round(samples[0] * 1000, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "n": len(ordered),
    }


def timed(
    func: Callable[[], Any], runs: int = RUNS, before: Callable[[], Any] | None = None
) -> dict[str, Any]:
    """p50/p95 of `func` (after `before`, untimed, on each run), with the machine's load
    average (1 min) before and after: the machine is shared, so figures are read with it."""
    samples = []
    load = os.getloadavg()[0]
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return {**percentiles(samples), "load_avg_1m": [round(load, 2), round(os.getloadavg()[0], 2)]}


def forget() -> None:
    """Drop what the roll-up and progress keep between calls (absent before they kept any)."""
    for module in ("treem.plans.selectors.rollup", "treem.plans.selectors.progress"):
        clear = getattr(sys.modules.get(module), "clear_cache", None)
        if clear is not None:
            clear()


def sizes(vendor: str) -> list[int]:
    if vendor == "postgresql":
        raw = os.environ.get("TREEM_BENCH_PLAN_CHILDREN", "1000000")
    else:
        raw = os.environ.get("TREEM_BENCH_PLAN_SQLITE_CHILDREN", "100000")
    return sorted({int(part) for part in raw.split(",") if part.strip()})


def duckdb_python() -> str | None:
    candidates = [os.environ.get("TREEM_BENCH_DUCKDB_PYTHON", ""), ".tools/duckdb/bin/python"]
    for candidate in candidates:
        if candidate and (ROOT / candidate).exists():
            return str(ROOT / candidate)
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return None
    return sys.executable


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treem.settings")
    import django

    django.setup()
    import plans_data
    from django.core.management import call_command
    from django.db import connection

    from treem.geo import reference
    from treem.plans.services.plans import national_plan_seed

    call_command("migrate", verbosity=0)
    reference.load_reference()
    national_plan_seed(actor=None)
    plans_data.prepare_lookups()
    started = time.perf_counter()
    rows = plans_data.add_measurements()
    try:  # the load skipped triggers (replica mode): have the roll-up summary rebuilt
        from treem.plans.computed.rollup_cache import mark_everything
    except ImportError:  # code before the summary existed
        pass
    else:
        mark_everything()
    log(f"{rows} measurements in {time.perf_counter() - started:.1f} s")
    result: dict[str, Any] = {
        "database": connection.vendor,
        "measurements": rows,
        "measurements_load_s": round(time.perf_counter() - started, 1),
        "dashboard": dashboard(),
        "analytics": analytics(),
        "recompute": [],
    }
    have = 0
    for size in sizes(connection.vendor):
        started = time.perf_counter()
        plans_data.add_children(have + 1, size + 1)
        have = size
        generate_s = time.perf_counter() - started
        log(f"{size} children generated in {generate_s:.1f} s")
        result["recompute"].append({"children": size, "generate_s": round(generate_s, 1)})
        result["recompute"][-1].update(recompute())
        log(json.dumps(result["recompute"][-1]))
    print(json.dumps(result, ensure_ascii=False))


def dashboard() -> dict[str, Any]:
    from treem.geo.models import Level, Unit, Version
    from treem.plans.models import Indicator
    from treem.plans.selectors.progress import progress

    indicators = list(Indicator.objects.filter(province_code="", active=True))
    nation = Unit.objects.get(version=Version.CURRENT, level=Level.NATION)
    provinces = list(Unit.objects.filter(version=Version.CURRENT, level=Level.PROVINCE))
    units = [nation, *provinces]
    cells: dict[Any, Any] = {}

    def run() -> None:
        cells.update(progress(indicators=indicators, units=units, year=2025))

    figures = timed(run)
    log(f"dashboard {figures}")
    uncached = timed(run, before=forget)
    log(f"dashboard, nothing kept {uncached}")
    with_data = sum(1 for cell in cells.values() if cell.figure is not None)
    return {
        "indicators": len(indicators),
        "units": len(units),
        "cells": len(cells),
        "cells_with_figure": with_data,
        **figures,
        "nothing_kept": uncached,
        "after_one_change": _after_change(run),
    }


def _after_change(run: Callable[[], None]) -> dict[str, Any]:
    """The first call after one commune figure of 2025 changes, and that write's own time
    (what keeping a cache current costs)."""
    from django.db.models import F

    from treem.plans.models import Measurement

    samples, writes = [], []
    row = Measurement.objects.filter(period="2025", state="approved").order_by("pk").first()
    assert row is not None
    for i in range(min(5, RUNS)):
        started = time.perf_counter()
        Measurement.objects.filter(pk=row.pk).update(numerator=F("numerator") + (-1) ** i)
        writes.append(time.perf_counter() - started)
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return {
        **percentiles(samples),
        "write_p50_ms": round(statistics.median(writes) * 1000, 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def analytics() -> dict[str, Any]:
    from plans_data import PERIODS

    from treem.geo.models import Level, Unit, Version
    from treem.plans.models import Indicator
    from treem.plans.selectors.rollup import rollup

    indicators = list(Indicator.objects.filter(province_code="").order_by("sort_order")[:24])
    provinces = list(Unit.objects.filter(version=Version.CURRENT, level=Level.PROVINCE))
    periods = [code for code, _, _ in PERIODS]
    found: dict[Any, Any] = {}

    def run() -> None:
        found.update(rollup(indicators=indicators, units=provinces, periods=periods))

    figures = timed(run)
    log(f"analytics {figures}")
    uncached = timed(run, before=forget)
    log(f"analytics, nothing kept {uncached}")
    return {
        "indicators": len(indicators),
        "units": len(provinces),
        "periods": len(periods),
        "figures": len(found),
        **figures,
        "nothing_kept": uncached,
    }


def recompute() -> dict[str, Any]:
    from treem.plans.computed.refresh import as_of_date, indicators_recompute
    from treem.plans.computed.registry import registry_figures
    from treem.plans.domain.periods import Period

    period = Period(2025)
    as_of = as_of_date(period)
    started = time.perf_counter()
    figures = registry_figures(as_of=as_of, period_start=period.start)
    query_s = time.perf_counter() - started
    totals = [
        sum(getattr(f, name) for f in figures)
        for name in ("children", "special", "assisted", "under5", "under5_registered")
    ]
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        summary = indicators_recompute(actor=None, period=period)
        runs.append(time.perf_counter() - started)
    dates = [as_of, period.start, _years_before(as_of, 16), _years_before(as_of, 5)]
    floor = duckdb_floor([d.isoformat() for d in dates])
    best = min(runs)
    return {
        "query_s": round(query_s, 2),
        "recompute_s": [round(s, 2) for s in runs],
        "communes": summary.communes,
        "written": summary.written,
        "totals": totals,
        "floor": floor,
        "recompute_to_floor": round(best / floor["query_s"], 1) if floor.get("query_s") else None,
    }


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def duckdb_floor(dates: list[str]) -> dict[str, Any]:
    from django.db import connection

    python = duckdb_python()
    if python is None:
        return {"query_s": None, "note": "duckdb not installed (see bench/README.md)"}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        for name, table in FLOOR_TABLES.items():
            sql = f"SELECT {FLOOR_COLUMNS[name]} FROM {table}"  # noqa: S608 - constants
            path = Path(tmp) / f"{name}.csv"
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with (
                        path.open("wb") as handle,
                        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy,
                    ):
                        for block in copy:
                            handle.write(block)
                else:
                    cursor.execute(sql)
                    with path.open("w", newline="") as handle:
                        csv.writer(handle).writerows(cursor.fetchall())
        export_s = time.perf_counter() - started
        out = subprocess.run(
            [python, str(BENCH_DIR / "plans_floor.py"), tmp, *dates],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return {"export_s": round(export_s, 1), **json.loads(out.strip().splitlines()[-1])}


def record(argv: list[str]) -> None:
    """Run on SQLite and PostgreSQL and write bench/results/plans-<date>.json."""
    import psycopg
    from run import PG_ADMIN_URL, machine, run

    options = dict(zip(argv[::2], argv[1::2], strict=False))
    today = dt.date.today().isoformat()
    results = []
    if options.get("--sqlite") != "no":
        with tempfile.TemporaryDirectory() as tmp:
            log("SQLite")
            results.append(run("plans.py", f"sqlite:///{tmp}/bench.sqlite3"))
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    log(f"PostgreSQL ({PG_DB})")
    results.append(run("plans.py", PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"))
    if options.get("--keep") != "yes":
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
    env = " ".join(
        f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("TREEM_BENCH_PLAN")
    )
    record_ = {
        "benchmark": "plans",
        "date": today,
        "command": f"{env} .venv/bin/python bench/plans.py --record {' '.join(argv)}".strip(),
        "machine": machine(),
        "results": results,
    }
    if "--baseline" in options:
        record_["before"] = json.loads(Path(options["--baseline"]).read_text())
    if "--into" in options:  # a further run (e.g. a larger size) kept beside the main one
        target = Path(options["--into"])
        main_record = json.loads(target.read_text())
        main_record.setdefault("more", []).append(record_)
        record_ = main_record
    out = Path(options.get("--out", options.get("--into", DEFAULT_OUT.format(today))))
    out.write_text(json.dumps(record_, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(record_, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    if "--record" in sys.argv:
        record(sys.argv[sys.argv.index("--record") + 1 :])
    else:
        main()
