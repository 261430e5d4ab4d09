"""`path__prefix=...`: a subtree filter that uses a plain B-tree index on every database.

SQLite's LIKE is case-insensitive and skips the index, so there it becomes the range
`path >= p AND path < p'` (p' = p with its last character incremented; SQLite compares
bytes). PostgreSQL keeps `LIKE 'p%'`, served by a `varchar_pattern_ops` index whatever the
database collation is.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Lookup


def prefix_upper_bound(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@CharField.register_lookup
class PrefixLookup(Lookup):
    lookup_name = "prefix"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = str(self.rhs)
        params = [*lhs_params, prefix, *lhs_params, prefix_upper_bound(prefix)]
        return f"({lhs} >= %s AND {lhs} < %s)", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        escaped = str(self.rhs).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s", [*lhs_params, escaped + "%"]
