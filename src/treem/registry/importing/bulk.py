"""Fast inserts for the import: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create prepares every value through the field machinery, which costs more than
the database work itself at import volumes. Here values are already clean Python (str, int,
date, bool, None); only constants such as timestamps are prepared once per batch. The ids of
new rows come back so that related rows (residences, caregivers, episodes) can point at them:
PostgreSQL reserves them from the sequence first; SQLite assigns consecutive rowids to one
executemany inside the write transaction this runs in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import connection, models, transaction


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [str(model._meta.get_field(name).column) for name in names]  # type: ignore[union-attr]


def prepare_constant(model: type[models.Model], name: str, value: Any) -> Any:
    """A value used on every row (a timestamp, the import run), prepared once."""
    field = model._meta.get_field(name)
    return field.get_db_prep_save(value, connection)  # type: ignore[union-attr]


def insert(
    model: type[models.Model], names: Sequence[str], rows: list[tuple[Any, ...]]
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
                for pk, values in zip(ids, rows, strict=True):
                    copy.write_row((pk, *values))
            return ids
        column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({marks})",  # noqa: S608 - names from the model
            [tuple(_sqlite_value(v) for v in values) for values in rows],
        )
        cursor.execute("SELECT last_insert_rowid()")
        last = cursor.fetchone()[0]
        return list(range(last - len(rows) + 1, last + 1))


def update(model: type[models.Model], names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Set columns `names` per row; each row is (pk, *values). One executemany, no CASE."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, names)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    convert = _sqlite_value if connection.vendor == "sqlite" else (lambda value: value)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608 - names from the model
            [(*(convert(v) for v in values[1:]), values[0]) for values in rows],
        )
