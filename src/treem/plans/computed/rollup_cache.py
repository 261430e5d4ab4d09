"""Keeping `RollupSummary` (measurement sums per province) in step with the measurements.

Invalidation (see `treem.plans.models.rollups`): triggers add every inserted, updated or
deleted measurement row's difference to its sums, in the writer's own transaction
(statement-level with transition tables on PostgreSQL, slices in a fixed order so writers
never deadlock; row-level on SQLite). Changes that move rows between provinces (a unit's
path, counterpart, version or level), TRUNCATE and bulk loads that bypass triggers mark
everything dirty instead; the next reader then rebuilds all sums under a table lock, so no
writer's difference is lost or counted twice.

Each read also checks that the triggers exist (a later migration that rebuilds a table on
SQLite drops its triggers): if not, they are created again and everything is rebuilt.
"""

# SQL here is assembled from this module's constants; values always travel as parameters.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

PREFIX = 5  # length of a province path ("c/56/"); shorter targets are served too
KEY = "version, indicator_id, period, state, prefix, level, source_version"
COLUMNS = f"{KEY}, numerator, denominator, numerators, denominators, row_count"
VERSIONS = "(SELECT 'current' AS version UNION ALL SELECT 'legacy' AS version) v"
EFF = "(CASE WHEN u.version = v.version THEN u.path ELSE u.counterpart_path END)"
GROUP = (
    f"v.version, m.indicator_id, m.period, m.state, SUBSTR({EFF}, 1, {PREFIX}), u.level, u.version"
)
ADD = (
    "numerator = {t}numerator + excluded.numerator, "
    "denominator = {t}denominator + excluded.denominator, "
    "numerators = {t}numerators + excluded.numerators, "
    "denominators = {t}denominators + excluded.denominators, "
    "row_count = {t}row_count + excluded.row_count"
)
# Sum rows `m` (with a `sign` column: +1 added, -1 removed) into the summary.
_PG_APPLY = f"""
INSERT INTO plans_rollupsummary AS s ({COLUMNS})
SELECT {GROUP},
    COALESCE(SUM(m.sign * m.numerator), 0), COALESCE(SUM(m.sign * m.denominator), 0),
    SUM(CASE WHEN m.numerator IS NULL THEN 0 ELSE m.sign END),
    SUM(CASE WHEN m.denominator IS NULL THEN 0 ELSE m.sign END), SUM(m.sign)
FROM ({{rows}}) m JOIN geo_unit u ON u.id = m.unit_id CROSS JOIN {VERSIONS}
WHERE {EFF} <> ''
GROUP BY {GROUP}
HAVING SUM(m.sign) <> 0 OR COALESCE(SUM(m.sign * m.numerator), 0) <> 0
    OR COALESCE(SUM(m.sign * m.denominator), 0) <> 0
    OR SUM(CASE WHEN m.numerator IS NULL THEN 0 ELSE m.sign END) <> 0
    OR SUM(CASE WHEN m.denominator IS NULL THEN 0 ELSE m.sign END) <> 0
ORDER BY 1, 2, 3, 4, 5, 6, 7
ON CONFLICT ({KEY}) DO UPDATE SET {ADD.format(t="s.")}"""
_PG_ROWS = (
    "SELECT indicator_id, period, state, unit_id, numerator, denominator, {sign} AS sign "
    "FROM {table}"
)
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION plans_rollup_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN {body}; RETURN NULL; END $$"
)
_PG_TRIGGER = (
    "CREATE OR REPLACE TRIGGER plans_measurement_rollup_{name} AFTER {event} ON "
    "plans_measurement REFERENCING {tables} FOR EACH STATEMENT "
    "EXECUTE FUNCTION plans_rollup_{name}()"
)
_MARK_ALL = (
    "INSERT INTO plans_rollupdirty (indicator_id, period, touched) SELECT 0, '', 1 {when} "
    "ON CONFLICT (indicator_id, period) DO UPDATE SET touched = excluded.touched"
)
# Only units that have figures matter (a reference load moves thousands of empty ones).
_HAS_FIGURES = "WHERE EXISTS (SELECT 1 FROM plans_measurement WHERE unit_id = NEW.id)"
_CHANGED = " OR ".join(
    f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in ("path", "counterpart_path", "version", "level")
)
_NEW = _PG_ROWS.format(sign=1, table="rollup_new")
_OLD = _PG_ROWS.format(sign=-1, table="rollup_old")
POSTGRES_TRIGGERS = [
    _PG_FUNCTION.format(name="ins", body=_PG_APPLY.format(rows=_NEW)),
    _PG_FUNCTION.format(name="upd", body=_PG_APPLY.format(rows=f"{_OLD} UNION ALL {_NEW}")),
    _PG_FUNCTION.format(name="del", body=_PG_APPLY.format(rows=_OLD)),
    _PG_FUNCTION.format(name="all", body=_MARK_ALL.format(when="WHERE 1 = 1")),
    _PG_FUNCTION.format(name="unit", body=_MARK_ALL.format(when=_HAS_FIGURES)),
    _PG_TRIGGER.format(name="ins", event="INSERT", tables="NEW TABLE AS rollup_new"),
    _PG_TRIGGER.format(
        name="upd", event="UPDATE", tables="OLD TABLE AS rollup_old NEW TABLE AS rollup_new"
    ),
    _PG_TRIGGER.format(name="del", event="DELETE", tables="OLD TABLE AS rollup_old"),
    "CREATE OR REPLACE TRIGGER plans_measurement_rollup_trunc AFTER TRUNCATE ON "
    "plans_measurement FOR EACH STATEMENT EXECUTE FUNCTION plans_rollup_all()",
    "CREATE OR REPLACE TRIGGER geo_unit_rollup_upd AFTER UPDATE ON geo_unit FOR EACH ROW "
    f"WHEN ({_CHANGED}) EXECUTE FUNCTION plans_rollup_unit()",
]
# SQLite: row-level; one upsert per version for the row removed and for the row added.
_LITE_APPLY = f"""
INSERT INTO plans_rollupsummary ({COLUMNS})
SELECT v.version, {{r}}.indicator_id, {{r}}.period, {{r}}.state, SUBSTR({EFF}, 1, {PREFIX}),
    u.level, u.version, {{s}} * COALESCE({{r}}.numerator, 0),
    {{s}} * COALESCE({{r}}.denominator, 0), {{s}} * ({{r}}.numerator IS NOT NULL),
    {{s}} * ({{r}}.denominator IS NOT NULL), {{s}}
FROM geo_unit u CROSS JOIN {VERSIONS}
WHERE u.id = {{r}}.unit_id AND {EFF} <> ''
ON CONFLICT ({KEY}) DO UPDATE SET {ADD.format(t="")};"""
_LITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS plans_measurement_rollup_{name} AFTER {event} ON "
    "plans_measurement BEGIN {body} END"
)
_LITE_OLD = _LITE_APPLY.format(r="OLD", s="-1")
_LITE_NEW = _LITE_APPLY.format(r="NEW", s="1")
SQLITE_TRIGGERS = [
    _LITE_TRIGGER.format(name="ins", event="INSERT", body=_LITE_NEW),
    _LITE_TRIGGER.format(name="upd", event="UPDATE", body=_LITE_OLD + _LITE_NEW),
    _LITE_TRIGGER.format(name="del", event="DELETE", body=_LITE_OLD),
    "CREATE TRIGGER IF NOT EXISTS geo_unit_rollup_upd AFTER UPDATE ON geo_unit FOR EACH ROW "
    f"WHEN {_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN "
    "INSERT OR IGNORE INTO plans_rollupdirty (indicator_id, period, touched) "
    f"SELECT 0, '', 1 {_HAS_FIGURES}; END",
]
TRIGGER_NAMES = {
    "postgresql": [
        "plans_measurement_rollup_ins",
        "plans_measurement_rollup_upd",
        "plans_measurement_rollup_del",
        "plans_measurement_rollup_trunc",
        "geo_unit_rollup_upd",
    ],
    "sqlite": [
        "plans_measurement_rollup_ins",
        "plans_measurement_rollup_upd",
        "plans_measurement_rollup_del",
        "geo_unit_rollup_upd",
    ],
}


def install_triggers(schema_editor: Any = None) -> None:
    """Create the triggers (idempotent); existing figures are summed on the next read."""
    conn = schema_editor.connection if schema_editor is not None else connection
    statements = POSTGRES_TRIGGERS if conn.vendor == "postgresql" else SQLITE_TRIGGERS
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        cursor.execute(_MARK_ALL.format(when="WHERE EXISTS (SELECT 1 FROM plans_measurement)"))


def drop_triggers(schema_editor: Any) -> None:
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        for name in TRIGGER_NAMES.get(conn.vendor, []):
            table = "geo_unit" if name.startswith("geo_") else "plans_measurement"
            suffix = f" ON {table}" if conn.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")
        if conn.vendor == "postgresql":
            for name in ("ins", "upd", "del", "all", "unit"):
                cursor.execute(f"DROP FUNCTION IF EXISTS plans_rollup_{name}()")


def mark_everything(conn: Any = None) -> None:
    """Make the next roll-up rebuild every sum: after bulk loads that bypass triggers
    (session_replication_role = replica, a restore without triggers)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        cursor.execute(_MARK_ALL.format(when="WHERE 1 = 1"))


def _state() -> tuple[bool, bool]:
    """(triggers all present, everything marked dirty), in one query."""
    names = TRIGGER_NAMES.get(connection.vendor, [])
    marks = ", ".join(["%s"] * len(names))
    catalogue = {
        "postgresql": "pg_trigger WHERE tgname",
        "sqlite": "sqlite_master WHERE type = 'trigger' AND name",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {catalogue} IN ({marks})), "
            "(SELECT count(*) FROM plans_rollupdirty)",
            names,
        )
        row = cursor.fetchone()
    present, dirty = row if row else (0, 0)
    return present >= len(names), bool(dirty)


_BUILD = f"""
INSERT INTO plans_rollupsummary ({COLUMNS})
SELECT {GROUP}, COALESCE(SUM(m.numerator), 0), COALESCE(SUM(m.denominator), 0),
    COUNT(m.numerator), COUNT(m.denominator), COUNT(*)
FROM plans_measurement m JOIN geo_unit u ON u.id = m.unit_id CROSS JOIN {VERSIONS}
WHERE {EFF} <> ''
GROUP BY {GROUP}
"""


def rebuild() -> None:
    """Every sum again from the measurements, writers held off meanwhile."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('work_mem', '256MB', true)")
            # Writers' triggers wait (readers do not) until the new sums are committed.
            cursor.execute("LOCK TABLE plans_rollupsummary IN EXCLUSIVE MODE")
            cursor.execute("LOCK TABLE plans_rollupdirty IN EXCLUSIVE MODE")
        # On SQLite this first write takes the database's write lock, with the same effect.
        cursor.execute("DELETE FROM plans_rollupdirty")
        cursor.execute("DELETE FROM plans_rollupsummary")
        cursor.execute(_BUILD)
    if connection.vendor == "postgresql":
        # Fresh statistics, else the planner takes the new table for empty and sorts every
        # read (a dashboard's summary read took 50 ms instead of a few).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE plans_rollupsummary")


def summary_ready() -> None:
    """Put lost triggers back and rebuild the sums if they are marked dirty."""
    present, dirty = _state()
    if not present:
        with transaction.atomic():
            install_triggers()
    if dirty or not present:
        rebuild()


# (indicator id, period, path, split, level, source version, Σnum, Σden, rows)
SummaryRow = tuple[int, str, str, bool, str, str, Decimal | None, Decimal | None, int]
# As fetched, per version: (indicator id, period, prefix, level, source version, Σnum, Σden,
# non-empty numerators, non-empty denominators, rows).
RawRow = tuple[Any, ...]
_SELECT = """
SELECT indicator_id, period, prefix, level, source_version, {sums}
FROM plans_rollupsummary
WHERE version = %s AND row_count > 0 AND indicator_id IN ({ids}) AND period IN ({periods})
    AND state IN ({states}) AND ({where})
"""


def _sums(*, merge: bool) -> str:
    """The summed columns; numerics as text on PostgreSQL (fetched in half the time, and
    compared as read: `Decimal` is paid for only when figures are built)."""
    columns = ["numerator", "denominator", "numerators", "denominators", "row_count"]
    if merge:
        columns = [f"SUM({c})" for c in columns]
    if connection.vendor == "postgresql":
        columns[:2] = [f"CAST({c} AS TEXT)" for c in columns[:2]]
    return ", ".join(columns)


def _marks(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values)) or "NULL"


@dataclass(frozen=True)
class SummaryGroup:
    """Target paths of one length (≤ PREFIX) in one version, with their ancestors (`above`)."""

    version: str
    length: int
    paths: tuple[str, ...]
    above: tuple[str, ...]

    def target(self, prefix: str, source_version: str) -> tuple[str, bool] | None:
        """(target path, split) a summary row counts for, or None: a row counts for the
        target its prefix starts with, and a row of the other version whose effective path
        is one of `above` (a unit split between targets) is `split` there."""
        if len(prefix) < self.length:
            if prefix in self.above and source_version != self.version:
                return prefix, True
            return None
        head = prefix[: self.length]
        return (head, False) if head in self.paths else None


def summary_rows(
    *,
    version: str,
    groups: Sequence[SummaryGroup],
    indicator_ids: Sequence[int],
    periods: Sequence[str],
    states: Sequence[str],
) -> list[RawRow]:
    """The summary rows of `version` that any of the groups reads, in one statement: the
    nation and the provinces are summed from the same few thousand rows, so they are read
    once (`group_sums` sorts them out). Rows come as the database gives them, so a caller
    can compare them with an earlier read before paying for the sums. Call
    `summary_ready()` first (once per roll-up)."""
    where: list[str] = []
    params: list[str | int] = [version, *indicator_ids, *periods, *states]
    for group in groups:
        where.append(f"SUBSTR(prefix, 1, {int(group.length)}) IN ({_marks(group.paths)})")
        params += list(group.paths)
        if group.above:
            where.append(f"(prefix IN ({_marks(group.above)}) AND source_version <> %s)")
            params += [*group.above, version]
    sql = _SELECT.format(
        sums=_sums(merge=len(states) > 1),
        ids=_marks(indicator_ids),
        periods=_marks(periods),
        states=_marks(states),
        where=" OR ".join(where) or "1 = 0",
    )
    if len(states) > 1:  # one row per state: merge them (one state: the key is unique)
        sql += "GROUP BY indicator_id, period, prefix, level, source_version"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def group_sums(group: SummaryGroup, rows: Sequence[RawRow]) -> list[SummaryRow]:
    """Sums per target (or split ancestor), level and version of the rows' units, as SQL's
    SUM would give them (None when no part is there)."""
    sums: dict[tuple[int, str, str, bool, str, str], list[Any]] = {}
    for ind, period, prefix, level, source, num, den, nums, dens, n in rows:
        found = group.target(prefix, source)
        if found is None:
            continue
        key = (int(ind), period, found[0], found[1], level, source)
        parts = [_cents(num), _cents(den), int(nums), int(dens), int(n)]
        if key in sums:
            kept = sums[key]
            for i, part in enumerate(parts):
                kept[i] += part
        else:
            sums[key] = parts
    return [
        (*key, num if nums else None, den if dens else None, n)
        for key, (num, den, nums, dens, n) in sums.items()
    ]


def summary_groups(
    *,
    version: str,
    length: int,
    paths: Sequence[str],
    above: Sequence[str],
    indicator_ids: Sequence[int],
    periods: Sequence[str],
    states: Sequence[str],
) -> list[SummaryRow]:
    """Sums for target paths of one length (≤ PREFIX) in `version` (see `group_sums`)."""
    group = SummaryGroup(version, length, tuple(paths), tuple(above))
    rows = summary_rows(
        version=version,
        groups=[group],
        indicator_ids=indicator_ids,
        periods=periods,
        states=states,
    )
    return group_sums(group, rows)


def _cents(total: Any) -> Decimal:
    """A part as read: Decimal, text of a numeric (PostgreSQL) or float (SQLite)."""
    if isinstance(total, Decimal):
        return total
    if isinstance(total, str):
        return Decimal(total)
    return Decimal(str(total)).quantize(CENT)


def _decimal(total: object, parts: object) -> Decimal | None:
    """A sum of no parts is None, as SQL's SUM would say; SQLite returns floats."""
    if not parts:
        return None
    if isinstance(total, Decimal):
        return total
    return Decimal(str(total)).quantize(CENT)


CENT = Decimal("0.01")
