"""`make bench`: run each benchmark on SQLite and (when reachable) PostgreSQL, and write the
figures with the command, machine and date to bench/results/<name>-<date>.json.

Environment: TREEM_BENCH_ONLY=registry,geo runs only those benchmarks; TREEM_BENCH_SQLITE=0
skips SQLite; TREEM_BENCH_PG_DB names the scratch PostgreSQL database (default treem_bench);
TREEM_BENCH_TAG=1m writes results/<name>-1m-<date>.json. registry_scale runs small unless
TREEM_BENCH_SCALE_CHILDREN names the sizes (see its docstring). The variables set are recorded
in the command."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

BENCH_DIR = Path(__file__).resolve().parent
PG_ADMIN_URL = os.environ.get(
    "TREEM_BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PG_DB = os.environ.get("TREEM_BENCH_PG_DB", "treem_bench")
SCRIPTS = ["geo.py", "registry.py", "plans.py", "registry_scale.py"]
ONLY = [name for name in os.environ.get("TREEM_BENCH_ONLY", "").split(",") if name]
SQLITE = os.environ.get("TREEM_BENCH_SQLITE", "1") != "0"
TAG = os.environ.get("TREEM_BENCH_TAG", "")


def machine() -> dict[str, object]:
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def postgres_url() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
            version = conn.execute("SHOW server_version").fetchone()
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL unreachable ({exc}); SQLite only", file=sys.stderr)
        return None
    print(f"PostgreSQL {version[0] if version else '?'}", file=sys.stderr)
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"


def run(script: str, database_url: str) -> dict[str, object]:
    env = {**os.environ, "TREEM_DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, str(BENCH_DIR / script)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def command() -> str:
    """`make bench` with the TREEM_BENCH_* variables this run was given."""
    names = sorted(name for name in os.environ if name.startswith("TREEM_BENCH_"))
    return " ".join([*(f"{name}={os.environ[name]}" for name in names), "make bench"])


def main() -> None:
    today = dt.date.today().isoformat()
    for script in SCRIPTS:
        if ONLY and script.removesuffix(".py") not in ONLY:
            continue
        results = []
        if SQLITE:
            with tempfile.TemporaryDirectory() as tmp:
                results.append(run(script, f"sqlite:///{tmp}/bench.sqlite3"))
        pg = postgres_url()
        if pg:
            results.append(run(script, pg))
        record = {
            "benchmark": script.removesuffix(".py"),
            "date": today,
            "command": command(),
            "machine": machine(),
            "results": results,
        }
        stem = script.removesuffix(".py").replace("_", "-")  # registry_scale -> registry-scale
        name = "-".join(part for part in (stem, TAG, today) if part)
        out = BENCH_DIR / "results" / f"{name}.json"
        out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        print(json.dumps(record, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
