"""The live children a chunk of rows may match: by ID number, and by exact (name key, date of
birth, commune). Two indexed queries per chunk, each with one parameter per key list (arrays on
PostgreSQL, a JSON array on SQLite), so their cost does not grow with the query text, and they
return plain tuples rather than model instances.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import connection

from treem.registry.models import Child

# The fields an import may set; a blank cell never erases what the record holds.
IMPORT_FIELDS = [
    "full_name",
    "name_key",
    "sex",
    "birth_date",
    "personal_id",
    "ethnicity",
    "contact_phone",
    "health_insurance_no",
    "birth_registered",
    "address",
]
MatchKey = tuple[str, dt.date, int]


class Existing(NamedTuple):
    """What the writer needs of a matched child (the values as stored)."""

    pk: int
    unit_id: int
    import_run_id: Any  # as the database returns it: compare with a prepared value
    import_row: int | None
    unit_path: str
    province_code: str
    full_name: str
    name_key: str
    sex: str
    birth_date: dt.date
    personal_id: str | None
    ethnicity: str
    contact_phone: str
    health_insurance_no: str
    birth_registered: bool | None
    address: str


# Child fields in the order of `Existing` (a test checks that they line up).
FIELDS = ["id", "unit", "import_run", "import_row", "unit_path", "province_code", *IMPORT_FIELDS]


def _columns() -> str:
    quote = connection.ops.quote_name
    fields = [Child._meta.get_field(name) for name in [*FIELDS, "merged_into"]]
    return ", ".join("c." + quote(str(field.column)) for field in fields)  # type: ignore[union-attr]


def _rows(sql: str, params: list[Any]) -> list[Existing]:
    """Run `sql` and keep live records. Merged records are dropped here, not in SQL: with a
    `merged_into IS NULL` condition planners pick that index and scan the whole table."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Existing._make(row[:-1]) for row in cursor.fetchall() if row[-1] is None]


# Both queries start from the list of keys, passed as one JSON parameter (cheap to build and to
# send, on either database), and probe the child table's index once per key (LATERAL on
# PostgreSQL; CROSS JOIN keeps that order on SQLite). Their cost follows the chunk, not the
# table, whatever the planner's statistics say during a large load ("OFFSET 0" keeps PostgreSQL
# from turning the per-key probe into a join over the whole table). Lookups by ID number name
# the live-record condition of the partial unique index that serves them.
def by_personal_id(ids: Iterable[str]) -> list[Existing]:
    ids = sorted(set(ids))
    if not ids:
        return []
    table = connection.ops.quote_name(Child._meta.db_table)
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT {_columns()} FROM json_array_elements_text(%s::json) AS k(pid) "  # noqa: S608 - names from the model
            f"CROSS JOIN LATERAL (SELECT * FROM {table} WHERE personal_id = k.pid "
            "AND merged_into_id IS NULL OFFSET 0) AS c"
        )
    else:
        sql = (
            f"SELECT {_columns()} FROM json_each(%s) AS k CROSS JOIN {table} AS c "  # noqa: S608 - names from the model
            "ON c.personal_id = k.value AND c.merged_into_id IS NULL"
        )
    return _rows(sql, [json.dumps(ids)])


def by_key(keys: Iterable[MatchKey]) -> list[Existing]:
    """Children whose (name key, date of birth, commune) is one of `keys`."""
    unique = sorted(set(keys))
    if not unique:
        return []
    table = connection.ops.quote_name(Child._meta.db_table)
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT {_columns()} FROM json_array_elements(%s::json) AS k(v) CROSS JOIN LATERAL "  # noqa: S608 - names from the model
            f"(SELECT * FROM {table} WHERE birth_date = (k.v ->> 1)::date "
            "AND name_key = k.v ->> 0 AND unit_id = (k.v ->> 2)::bigint OFFSET 0) AS c"
        )
    else:
        sql = (
            f"SELECT {_columns()} FROM json_each(%s) AS k CROSS JOIN {table} AS c "  # noqa: S608 - names from the model
            "ON c.birth_date = k.value ->> 1 AND c.name_key = k.value ->> 0 "
            "AND +c.unit_id = k.value ->> 2"  # unary +: probe the (date, name) index, not unit's
        )
    param = json.dumps([[name, born.isoformat(), unit] for name, born, unit in unique])
    return _rows(sql, [param])
