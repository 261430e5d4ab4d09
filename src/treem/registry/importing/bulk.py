"""Fast inserts for the import: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create prepares every value through the field machinery, which costs more than
the database work itself at import volumes. Here values are already clean Python (str, int,
date, bool, None); only constants such as timestamps are prepared once per batch. The ids of
new rows come back so that related rows (residences, caregivers, episodes) can point at them:
PostgreSQL reserves them from the sequence first; SQLite assigns consecutive rowids to one
executemany inside the write transaction this runs in.

On SQLite, dates and booleans go to the driver as they are: Django registers the date adapter
(ISO text) and booleans bind as 0/1. Only UUID values need converting (to hex text, as Django
stores them), and only columns whose field holds UUIDs are looked at.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction

SQLITE_CACHE_KIB = 32 * 1024


@contextmanager
def import_settings() -> Iterator[None]:
    """SQLite: a larger page cache on this connection while an import runs, so the index pages
    of the growing tables stay in memory (the default is 2 MiB); restored afterwards. The cache
    has a fixed size, so memory stays flat. Nothing to do on PostgreSQL."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def _fields(model: type[models.Model], names: Sequence[str]) -> list[Any]:
    return [model._meta.get_field(name) for name in names]


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [str(field.column) for field in _fields(model, names)]


def _uuid_positions(model: type[models.Model], names: Sequence[str]) -> list[int]:
    """Positions of the columns that may hold UUID values (UUID fields, or keys to them)."""
    positions = []
    for position, field in enumerate(_fields(model, names)):
        target = getattr(field, "target_field", field)
        if isinstance(field, models.UUIDField) or isinstance(target, models.UUIDField):
            positions.append(position)
    return positions


def _sqlite_rows(rows: Sequence[Sequence[Any]], positions: list[int]) -> Sequence[Sequence[Any]]:
    if not positions:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position in positions:
            values[position] = _sqlite_value(values[position])
        converted.append(values)
    return converted


def prepare_constant(model: type[models.Model], name: str, value: Any) -> Any:
    """A value used on every row (a timestamp, the import run), prepared once."""
    field = model._meta.get_field(name)
    return field.get_db_prep_save(value, connection)  # type: ignore[union-attr]


def insert(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """Insert `rows` (values in the order of `names`, field names) and return their new ids."""
    if not rows:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk insert must run inside a transaction")
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sequence = f"{model._meta.db_table}_id_seq"
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(rows)])
            ids = [row[0] for row in cursor.fetchall()]
            column_list = ", ".join(connection.ops.quote_name(c) for c in ["id", *columns])
            raw = cursor.cursor  # psycopg's own cursor: COPY is not in the DB-API
            with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                write_row = copy.write_row
                for pk, values in zip(ids, rows, strict=True):
                    write_row((pk, *values))
            return ids
        column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({marks})",  # noqa: S608 - names from the model
            _sqlite_rows(rows, _uuid_positions(model, names)),
        )
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
        return list(range(last - len(rows) + 1, last + 1))


def update(model: type[models.Model], names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Set columns `names` per row; each row is (pk, *values). If a pk comes twice, the last
    row wins. PostgreSQL: one UPDATE joined to arrays; SQLite: one executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = _columns(model, names)
    pk = model._meta.pk
    assert pk is not None  # every model has one
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement over a JSON array of rows (each value cast back to its column's
            # type), rather than one statement per row.
            last = {values[0]: values for values in rows}  # the last row per pk, as in a loop
            types = [field.cast_db_type(connection) for field in _fields(model, names)]
            assignments = ", ".join(
                f"{quote(column)} = (v.item ->> {i})::{kind}"
                for i, (column, kind) in enumerate(zip(columns, types, strict=True), start=1)
            )
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM json_array_elements(%s::json) "  # noqa: S608 - names from the model
                f"AS v(item) WHERE {table}.{quote(pk.column)} = "
                f"(v.item ->> 0)::{pk.cast_db_type(connection)}",  # type: ignore[attr-defined]
                [json.dumps(list(last.values()), default=str)],
            )
            return
        positions = [i + 1 for i in _uuid_positions(model, names)]
        cursor.executemany(
            f"UPDATE {table} SET "  # noqa: S608 - names from the model
            + ", ".join(f"{quote(c)} = %s" for c in columns)
            + f" WHERE {quote(pk.column)} = %s",
            [(*values[1:], values[0]) for values in _sqlite_rows(rows, positions)],
        )
