"""Registry-derived figures per commune as of a date, in one grouped query.

A child counts for the commune where they lived on the date (residence periods), if under
16 on that date, not merged into another record, and not deceased or gone out of the system
by then. Indicator 8a: in at least one open special-circumstance episode on the date; 8b: of
those, given support within the period; 14: under 5 and birth registered.

The query is hand-written SQL (bench/plans.py measures why): the ORM form repeated the
EXISTS subqueries inside every filtered count and probed the episode and support tables once
per residence row. For all communes, the children in an open episode and those supported in
the period are collected once (two small DISTINCT sets) and joined by hash; for a few
communes (the refresh after registry changes) a correlated EXISTS per row is cheaper, since
only those communes' rows are read. The SQL is the same on PostgreSQL and SQLite.

On PostgreSQL the full recompute sets two planner settings for its own transaction only
(RECOMPUTE_SETTINGS): no hash joins, so residences, children, episodes and supports are read in
child-id order through their primary key and child_id indexes and merge-joined, instead of
hashing 26 M children (ids follow insertion order, so those index scans read the tables nearly
in sequence; measured 2× faster at 5 M and 26 M, bench/README.md); and more work_mem for any
sort or hash the planner still needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from treem.registry.models.child import CHILD_AGE_LIMIT
from treem.registry.models.choices import LifeStatus

# Planner settings of the full recompute on PostgreSQL, for its transaction only.
RECOMPUTE_SETTINGS = {"enable_hashjoin": "off", "work_mem": "512MB"}


@dataclass
class CommuneFigures:
    unit_id: int
    children: int = 0
    special: int = 0
    assisted: int = 0
    under5: int = 0
    under5_registered: int = 0


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


_OPEN_EPISODE = (
    "SELECT {pick} FROM registry_circumstanceepisode e WHERE {link}"
    "e.started_on <= %(as_of)s AND (e.ended_on IS NULL OR e.ended_on >= %(as_of)s)"
)
_SUPPORTED = (
    "SELECT {pick} FROM registry_supportrecord s WHERE {link}"
    "s.given_on >= %(start)s AND s.given_on <= %(as_of)s"
)
# Who counts where on the date; the same rows the indicators' denominators describe.
_COUNTED = """
FROM registry_residence r
JOIN registry_child c ON c.id = r.child_id
{joins}
WHERE r.valid_from <= %(as_of)s AND (r.valid_to IS NULL OR r.valid_to >= %(as_of)s)
    AND c.birth_date <= %(as_of)s AND c.birth_date > %(oldest)s
    AND c.merged_into_id IS NULL
    AND (c.life_status NOT IN (%(deceased)s, %(moved_away)s)
         OR c.life_status_on IS NULL OR c.life_status_on > %(as_of)s)
    {units}
GROUP BY r.unit_id
"""
_COUNTS = """
SELECT r.unit_id,
    COUNT(*),
    SUM(CASE WHEN {special} THEN 1 ELSE 0 END),
    SUM(CASE WHEN {special} AND {supported} THEN 1 ELSE 0 END),
    SUM(CASE WHEN c.birth_date > %(five)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN c.birth_date > %(five)s AND c.birth_registered THEN 1 ELSE 0 END)
"""


def _sql(unit_ids: list[int] | None) -> str:
    if unit_ids is None:
        # All communes: two DISTINCT sets of child ids, each joined once.
        joins = (
            f"LEFT JOIN ({_OPEN_EPISODE.format(pick='DISTINCT e.child_id', link='')}) sp "
            "ON sp.child_id = r.child_id\n"
            f"LEFT JOIN ({_SUPPORTED.format(pick='DISTINCT s.child_id', link='')}) su "
            "ON su.child_id = r.child_id"
        )
        special, supported = "sp.child_id IS NOT NULL", "su.child_id IS NOT NULL"
        units = ""
    else:
        # A few communes: look the flags up per row through the child_id indexes.
        link = "{}.child_id = r.child_id AND "
        special = f"EXISTS ({_OPEN_EPISODE.format(pick='1', link=link.format('e'))})"
        supported = f"EXISTS ({_SUPPORTED.format(pick='1', link=link.format('s'))})"
        joins = ""
        marks = ", ".join(f"%(unit{i})s" for i in range(len(unit_ids)))
        units = f"AND r.unit_id IN ({marks})" if unit_ids else "AND 1 = 0"
    return _COUNTS.format(special=special, supported=supported) + _COUNTED.format(
        joins=joins, units=units
    )


def registry_figures(
    *, as_of: dt.date, period_start: dt.date, unit_ids: Iterable[int] | None = None
) -> list[CommuneFigures]:
    ids = list(unit_ids) if unit_ids is not None else None
    params: dict[str, dt.date | str | int] = {
        "as_of": as_of,
        "start": period_start,
        "oldest": _years_before(as_of, CHILD_AGE_LIMIT),
        "five": _years_before(as_of, 5),
        "deceased": LifeStatus.DECEASED.value,
        "moved_away": LifeStatus.MOVED_AWAY.value,
    }
    params.update({f"unit{i}": unit_id for i, unit_id in enumerate(ids or [])})
    with transaction.atomic(), connection.cursor() as cursor:
        tune = ids is None and connection.vendor == "postgresql"
        previous: dict[str, str] = {}
        for name, value in RECOMPUTE_SETTINGS.items() if tune else ():
            cursor.execute(
                "SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value]
            )
            row = cursor.fetchone()
            previous[name] = row[0] if row else value
        cursor.execute(_sql(ids), params)
        rows = cursor.fetchall()
        for name, value in previous.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    return [
        CommuneFigures(
            unit_id=unit_id,
            children=int(children),
            special=int(special or 0),
            assisted=int(assisted or 0),
            under5=int(under5 or 0),
            under5_registered=int(registered or 0),
        )
        for unit_id, children, special, assisted, under5, registered in rows
    ]


# computation name → (numerator, denominator) read off a commune's figures
FORMULAS = {
    "registry.special_share": lambda f: (f.special, f.children),
    "registry.special_assisted": lambda f: (f.assisted, f.special),
    "registry.birth_registered_under5": lambda f: (f.under5_registered, f.under5),
}
