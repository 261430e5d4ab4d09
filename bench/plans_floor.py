"""The practical floor for the registry-derived indicators: the same group-by, hand-written in
DuckDB over the same rows, exported once by bench/plans.py into CSV files.

Run by bench/plans.py with a Python that has duckdb (not a project dependency; see
bench/README.md): `python bench/plans_floor.py DIR AS_OF PERIOD_START OLDEST FIVE`. Loading the
CSV files is not timed; the query is, best of three. Prints one JSON object."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import duckdb

QUERY = """
WITH special AS (
    SELECT DISTINCT child_id FROM episode
    WHERE started_on <= $as_of AND (ended_on IS NULL OR ended_on >= $as_of)
), supported AS (
    SELECT DISTINCT child_id FROM support WHERE given_on BETWEEN $start AND $as_of
)
SELECT r.unit_id,
    count(*) AS children,
    count(s.child_id) AS special,
    count(*) FILTER (WHERE s.child_id IS NOT NULL AND p.child_id IS NOT NULL) AS assisted,
    count(*) FILTER (WHERE c.birth_date > $five) AS under5,
    count(*) FILTER (WHERE c.birth_date > $five AND c.birth_registered) AS registered
FROM residence r
JOIN child c ON c.id = r.child_id
LEFT JOIN special s ON s.child_id = r.child_id
LEFT JOIN supported p ON p.child_id = r.child_id
WHERE r.valid_from <= $as_of AND (r.valid_to IS NULL OR r.valid_to >= $as_of)
    AND c.birth_date <= $as_of AND c.birth_date > $oldest AND c.merged_into_id IS NULL
    AND NOT (c.life_status IN ('deceased', 'moved_away') AND c.life_status_on IS NOT NULL
             AND c.life_status_on <= $as_of)
GROUP BY r.unit_id
"""
TABLES = {
    "child": "id BIGINT, birth_date DATE, birth_registered BOOLEAN, life_status VARCHAR, "
    "life_status_on DATE, merged_into_id BIGINT",
    "residence": "child_id BIGINT, unit_id BIGINT, valid_from DATE, valid_to DATE",
    "episode": "child_id BIGINT, started_on DATE, ended_on DATE",
    "support": "child_id BIGINT, given_on DATE",
}


def main() -> None:
    folder = Path(sys.argv[1])
    db = duckdb.connect()
    started = time.perf_counter()
    for table, columns in TABLES.items():
        db.execute(f"CREATE TABLE {table} ({columns})")
        db.execute(f"COPY {table} FROM '{folder / table}.csv' (FORMAT csv, HEADER false)")
    load_s = time.perf_counter() - started
    names = ("as_of", "start", "oldest", "five")
    params = {n: dt.date.fromisoformat(v) for n, v in zip(names, sys.argv[2:6], strict=True)}
    times, rows = [], []
    for _ in range(3):
        started = time.perf_counter()
        rows = db.execute(QUERY, params).fetchall()
        times.append(time.perf_counter() - started)
    totals = [sum(row[i] for row in rows) for i in range(1, 6)]
    print(
        json.dumps(
            {
                "duckdb": duckdb.__version__,
                "load_s": round(load_s, 2),
                "query_s": round(min(times), 3),
                "communes": len(rows),
                "totals": totals,
            }
        )
    )


if __name__ == "__main__":
    main()
