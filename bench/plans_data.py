"""Synthetic data for bench/plans.py, written straight into the database with INSERT … SELECT
(generate_series on PostgreSQL, a recursive CTE on SQLite): millions of children in minutes,
where the Python import would take hours. Nothing here is used by the application.

Children: spread over the 3,321 current communes, born 2009-03-01 … 2025-12-20 (so about 5 %
have turned 16 by the end of 2025), ~2 % moved once (two residence rows), 0.3 % deceased,
0.5 % moved out of the system, 0.2 % merged into another record. ~6 % have an open
special-circumstance episode (a few have two), ~1 % a closed one; ~90 % of the open ones got
support in 2025. ~98 % of under-5s are birth registered.

Every "random" choice is a fixed integer hash of the row number, so a size always yields the
same rows on both databases and growing 1 M → 5 M adds rows without touching the first ones.
"""

# All SQL here is built from constants and integers of this file, never from input.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

CHILD_TABLES = (
    "registry_child",
    "registry_residence",
    "registry_circumstanceepisode",
    "registry_supportrecord",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Gia", "Bảo", "Thanh", "Hoài")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hà", "Hương", "Khang", "Linh", "Mai", "Nam", "Phúc")
GROUPS = "abcdefghijklmn"
# (multiplier, modulus) per attribute: u_k(i) = (i * a) mod m / m, a Weyl sequence per column.
HASHES = {
    "commune": (7919, 1_000_003),
    "birth": (104_729, 999_983),
    "status": (15_485_863, 1_000_033),
    "reg": (32_452_843, 999_979),
    "special": (49_979_687, 1_000_037),
    "episode": (86_028_121, 999_961),
    "support": (122_949_823, 1_000_039),
    "move": (160_481_183, 999_953),
    "name": (198_491_317, 999_931),
}


@dataclass(frozen=True)
class Dialect:
    vendor: str

    def u(self, key: str, column: str = "g.i") -> str:
        """A number in [0, 1) that looks random but depends only on the row number."""
        a, m = HASHES[key]
        return f"(CAST(({column} * {a}) % {m} AS DOUBLE PRECISION) / {m})"

    def pick(self, key: str, count: int, column: str = "g.i") -> str:
        """An integer in [0, count), by integer arithmetic (a float cast rounds on PostgreSQL)."""
        a, m = HASHES[key]
        return f"((({column} * {a}) % {m}) * {count} / {m})"

    def plus_days(self, day: str, days: str) -> str:
        if self.vendor == "postgresql":
            return f"({day} + CAST({days} AS INTEGER))"
        return f"date({day}, '+' || CAST({days} AS INTEGER) || ' days')"

    def days_between(self, start: str, end: str) -> str:
        if self.vendor == "postgresql":
            return f"({end} - {start})"
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"

    def date(self, iso: str) -> str:
        return f"DATE '{iso}'" if self.vendor == "postgresql" else f"'{iso}'"

    def series(self, low: int, high: int) -> str:
        """A CTE `g(i)` numbering rows low … high-1."""
        if self.vendor == "postgresql":
            return f"g(i) AS (SELECT generate_series(CAST({low} AS BIGINT), {high - 1}) AS i)"
        return f"g(i) AS (SELECT {low} UNION ALL SELECT i + 1 FROM g WHERE i < {high - 1})"

    def lpad(self, expr: str, width: int) -> str:
        if self.vendor == "postgresql":
            return f"lpad(CAST({expr} AS TEXT), {width}, '0')"
        zeros = "0" * width
        return f"substr('{zeros}' || ({expr}), -{width}, {width})"

    @property
    def now(self) -> str:
        return "now()" if self.vendor == "postgresql" else "datetime('now')"

    @property
    def true(self) -> str:
        return "TRUE" if self.vendor == "postgresql" else "1"


def _execute(sql: str, params: Sequence[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _scalar(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def prepare_lookups() -> None:
    """Numbered communes and name parts, joined by the generators below."""
    _execute("DROP TABLE IF EXISTS bench_commune")
    _execute(
        "CREATE TABLE bench_commune AS SELECT "
        "CAST(row_number() OVER (ORDER BY path) - 1 AS INTEGER) AS n, id, path, province_code "
        "FROM geo_unit WHERE version = 'current' AND level = 'commune'"
    )
    _execute("CREATE UNIQUE INDEX bench_commune_n ON bench_commune (n)")
    _execute("DROP TABLE IF EXISTS bench_name")
    _execute("CREATE TABLE bench_name (n INTEGER PRIMARY KEY, full_name VARCHAR(60))")
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_name (n, full_name) VALUES (%s, %s)", list(enumerate(names))
        )


def commune_count() -> int:
    return _scalar("SELECT count(*) FROM bench_commune")


def _child_sql(d: Dialect, low: int, high: int, communes: int, names: int) -> str:
    birth = d.plus_days(d.date("2009-03-01"), f"{d.u('birth')} * 6139")  # … 2025-12-20
    status = d.u("status")
    under5 = f"{birth} > {d.date('2020-12-31')}"
    registered = (
        f"CASE WHEN {d.u('reg')} < 0.01 THEN NULL "
        f"WHEN {under5} THEN {d.u('reg')} >= 0.03 ELSE {d.u('reg')} >= 0.015 END"
    )
    life = (
        f"CASE WHEN {status} < 0.003 THEN 'deceased' "
        f"WHEN {status} < 0.008 THEN 'moved_away' ELSE 'living' END"
    )
    life_on = d.plus_days(d.date("2021-01-01"), f"{status} * 200000")
    return f"""
WITH RECURSIVE {d.series(low, high)}
INSERT INTO registry_child (
    id, unit_id, unit_path, province_code, address, personal_id, full_name, name_key, sex,
    birth_date, ethnicity, nationality, contact_phone, birth_registered,
    birth_registered_place, health_insurance_no, disability_kind, disability_degree,
    school_level, school_name, dropped_out, poverty, life_status, life_status_on,
    merged_into_id, source, created_at, updated_at)
SELECT g.i, c.id, c.path, c.province_code, 'Thôn ' || (g.i % 17 + 1) || ', ' || c.path,
    '0' || {d.lpad("g.i", 11)}, nm.full_name, lower(nm.full_name),
    CASE WHEN g.i % 2 = 0 THEN 'F' ELSE 'M' END, {birth}, '01', 'VN',
    '09' || {d.lpad("g.i * 7 % 100000000", 8)}, {registered},
    '', 'TE' || {d.lpad("g.i", 13)}, '', '', '', '', FALSE, 'none',
    {life}, CASE WHEN {status} < 0.008 THEN {life_on} END,
    CASE WHEN {status} > 0.998 AND g.i > 1 THEN g.i - 1 END, 'import', {d.now}, {d.now}
FROM g
JOIN bench_commune c ON c.n = {d.pick("commune", communes)}
JOIN bench_name nm ON nm.n = {d.pick("name", names)}
"""


def _residence_sql(d: Dialect, low: int, high: int, communes: int) -> str:
    """One open residence per child; movers (~2 %) also a closed one in another commune."""
    moved = d.u("move", "ch.id")
    move_on = d.plus_days(
        "ch.birth_date",
        f"1 + {moved} * 50 * {d.days_between('ch.birth_date', d.date('2025-11-30'))}",
    )
    mover = f"{moved} < 0.02 AND ch.birth_date < {d.date('2025-11-01')}"
    here = d.pick("commune", communes, "ch.id")
    other = f"(({here}) + 1 + ch.id % {communes - 1}) % {communes}"
    return f"""
INSERT INTO registry_residence (child_id, unit_id, unit_path, province_code, valid_from,
    valid_to, reason)
SELECT ch.id, ch.unit_id, ch.unit_path, ch.province_code,
    CASE WHEN {mover} THEN {move_on} ELSE ch.birth_date END, CAST(NULL AS DATE), ''
FROM registry_child ch WHERE ch.id >= {low} AND ch.id < {high}
UNION ALL
SELECT ch.id, c.id, c.path, c.province_code, ch.birth_date,
    {d.plus_days(move_on, "-1")}, 'chuyển đi'
FROM registry_child ch JOIN bench_commune c ON c.n = {other}
WHERE ch.id >= {low} AND ch.id < {high} AND {mover}
"""


def _episode_sql(d: Dialect, low: int, high: int) -> str:
    """Open episodes (6 %, 0.5 % with a second group) and closed ones (1 %)."""
    s = d.u("special", "ch.id")
    span = d.days_between("ch.birth_date", d.date("2025-11-30"))
    started = d.plus_days("ch.birth_date", f"{d.u('episode', 'ch.id')} * {span}")
    group = f"substr('{GROUPS}', CAST(1 + ch.id % 14 AS INTEGER), 1)"
    second = f"substr('{GROUPS}', CAST(1 + (ch.id + 5) % 14 AS INTEGER), 1)"
    ended = d.plus_days(started, f"1 + {d.u('episode', 'ch.id')} * 200")
    common = "'', 'Điều tra của xã', '', " + d.now
    rows = f"ch.id >= {low} AND ch.id < {high} AND ch.birth_date < {d.date('2025-11-30')}"
    return f"""
INSERT INTO registry_circumstanceepisode (child_id, "group", started_on, ended_on, subgroup,
    source, note, created_at)
SELECT ch.id, {group}, {started}, CAST(NULL AS DATE), {common} FROM registry_child ch
WHERE {rows} AND {s} < 0.06
UNION ALL
SELECT ch.id, {second}, {started}, CAST(NULL AS DATE), {common} FROM registry_child ch
WHERE {rows} AND {s} < 0.005
UNION ALL
SELECT ch.id, {group}, {started}, {ended}, {common} FROM registry_child ch
WHERE ch.id >= {low} AND ch.id < {high} AND {s} >= 0.06 AND {s} < 0.07
    AND ch.birth_date < {d.date("2024-01-01")} AND {ended} < {d.date("2025-06-30")}
"""


def _support_sql(d: Dialect, low: int, high: int) -> str:
    """Support in 2025 for ~90 % of children with an open episode (40 % of them twice), in
    2024 for some, and the odd support for children in no episode."""
    s, v = d.u("special", "ch.id"), d.u("support", "ch.id")
    jan = d.date("2025-01-01")
    start = f"CASE WHEN ch.birth_date > {jan} THEN ch.birth_date ELSE {jan} END"
    in_2025 = d.plus_days(start, f"{v} * {d.days_between(start, d.date('2025-11-30'))}")
    twice = d.plus_days(start, f"{v} * 0.5 * {d.days_between(start, d.date('2025-11-30'))}")
    in_2024 = d.plus_days(d.date("2024-01-01"), f"{v} * 365")
    rows = f"FROM registry_child ch WHERE ch.id >= {low} AND ch.id < {high} AND "
    ok = f"ch.birth_date < {d.date('2025-11-30')}"
    return f"""
INSERT INTO registry_supportrecord (child_id, kind, given_on, provider, amount, note, created_at)
SELECT ch.id, 'allowance', {in_2025}, 'UBND xã', 500000, '', {d.now}
{rows} {ok} AND {s} < 0.06 AND {v} < 0.9
UNION ALL
SELECT ch.id, 'in_kind', {twice}, 'Hội Chữ thập đỏ', NULL, '', {d.now}
{rows} {ok} AND {s} < 0.06 AND {v} < 0.36
UNION ALL
SELECT ch.id, 'cash', {in_2024}, 'UBND xã', 1000000, '', {d.now}
{rows} ch.birth_date < {d.date("2024-01-01")} AND {s} < 0.07 AND {v} > 0.6
UNION ALL
SELECT ch.id, 'health', {in_2025}, 'Trạm y tế', NULL, '', {d.now}
{rows} {ok} AND {s} > 0.99
"""


def _indexes() -> list[tuple[str, str]]:
    """Secondary indexes of the child tables (not those behind constraints)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [list(CHILD_TABLES)],
        )
        return [(name, sql) for name, sql in cursor.fetchall()]


def add_children(low: int, high: int, *, block: int = 1_000_000) -> None:
    """Children with ids low … high-1 and their residences, episodes and supports."""
    d = Dialect(connection.vendor)
    communes, names = commune_count(), _scalar("SELECT count(*) FROM bench_name")
    indexes: list[tuple[str, str]] = []
    if d.vendor == "postgresql":
        # A bulk load: drop secondary indexes and skip FK triggers, rebuild afterwards.
        indexes = _indexes()
        for name, _ in indexes:
            _execute(f'DROP INDEX "{name}"')
        _execute("SET session_replication_role = replica")
    for start in range(low, high, block):
        end = min(high, start + block)
        _execute(_child_sql(d, start, end, communes, names))
        _execute(_residence_sql(d, start, end, communes))
        _execute(_episode_sql(d, start, end))
        _execute(_support_sql(d, start, end))
    if d.vendor == "postgresql":
        _execute("SET session_replication_role = DEFAULT")
        _execute("SET maintenance_work_mem = '1GB'")
        for name, sql in indexes:
            if not name.endswith("_trgm"):  # name search only; nothing here reads it
                _execute(sql)
        _execute(
            "SELECT setval(pg_get_serial_sequence('registry_child', 'id'), "
            "(SELECT max(id) FROM registry_child))"
        )
        for table in CHILD_TABLES:
            _execute(f"VACUUM (ANALYZE) {table}")
    else:
        _execute("ANALYZE")


PERIODS = (  # code, version of the communes figures are recorded against, registry-only
    ("2021", "legacy", False),
    ("2022", "legacy", False),
    ("2023", "legacy", False),
    ("2024", "legacy", False),
    ("2025", "current", False),
    ("2026", "current", False),
    ("2025S1", "current", True),
    ("2025S2", "current", True),
    ("2026S1", "current", True),
    ("2026S2", "current", True),
)
MULTIPLIER = {"percent": 100, "per_1000": 1000, "per_100000": 100000}


def add_measurements() -> int:
    """Commune figures for every indicator and year 2021–2026, against the units of the time
    (legacy communes before 2025, current ones after), and half-year figures of the
    registry-derived indicators as the refresh writes them; ~96 % approved."""
    d = Dialect(connection.vendor)
    if d.vendor == "postgresql":
        _execute("SET session_replication_role = replica")  # skip FK triggers of a bulk load
    _execute("DROP TABLE IF EXISTS bench_period")
    _execute(
        "CREATE TABLE bench_period (n INTEGER, code VARCHAR(7), version VARCHAR(8), "
        "registry_only BOOLEAN)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_period VALUES (%s, %s, %s, %s)",
            [(n, code, version, only) for n, (code, version, only) in enumerate(PERIODS)],
        )
    key = "(u.id * 7919 + ind.id * 104729 + p.n * 15485863)"
    share, spread, state = d.u("birth", key), d.u("reg", key), d.u("status", key)
    per_unit = "CASE ind.unit " + " ".join(
        f"WHEN '{unit}' THEN {mult}.0" for unit, mult in MULTIPLIER.items()
    )
    base = {"percent": "0.6 + 0.4 * y.r", "per_1000": "0.03 * y.r", "per_100000": "0.002 * y.r"}
    part = "CASE y.unit " + " ".join(f"WHEN '{u}' THEN {e}" for u, e in base.items())
    _execute(
        f"""
INSERT INTO plans_measurement (indicator_id, unit_id, unit_path, province_code, period,
    numerator, denominator, value, origin, state, evidence, notes, updated_at, approved_at)
SELECT x.ind, x.unit_id, x.path, x.province_code, x.code,
    CAST(x.num AS NUMERIC(14, 2)), x.den,
    CASE WHEN x.den IS NULL THEN x.num ELSE round(x.num * x.mult / x.den, 2) END,
    x.origin, x.state, '', '', {d.now}, CASE WHEN x.state = 'approved' THEN {d.now} END
FROM (
    SELECT y.*, CAST(CASE WHEN y.den IS NULL THEN y.r * 50
                          ELSE y.den * ({part} END) END AS INTEGER) AS num
    FROM (
        SELECT ind.id AS ind, ind.unit, u.id AS unit_id, u.path, u.province_code, p.code,
            {per_unit} END AS mult, {share} AS r,
            CASE WHEN ind.unit = 'count' THEN NULL ELSE 200 + CAST({spread} * 3000 AS INTEGER)
            END AS den,
            CASE WHEN ind.computation LIKE 'registry.%' THEN 'computed' ELSE 'entered' END
                AS origin,
            CASE WHEN {state} < 0.02 THEN 'draft' WHEN {state} < 0.04 THEN 'submitted'
                 ELSE 'approved' END AS state
        FROM plans_indicator ind
        CROSS JOIN bench_period p
        JOIN geo_unit u ON u.version = p.version AND u.level = 'commune'
        WHERE ind.province_code = '' AND (NOT p.registry_only
            OR ind.computation LIKE 'registry.%')
    ) y
) x
"""
    )
    if d.vendor == "postgresql":
        _execute("SET session_replication_role = DEFAULT")
        _execute("VACUUM (ANALYZE) plans_measurement")
    else:
        _execute("ANALYZE")
    return _scalar("SELECT count(*) FROM plans_measurement")
