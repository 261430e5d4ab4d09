"""`name_key__similar=q`: typo-tolerant name matching.

PostgreSQL uses pg_trgm's word-similarity operator (`q <% name_key`), served by a GIN trigram
index. SQLite has no trigram index; there the lookup degrades to "shares a 3-letter piece of the
first query word", and the selector ranks candidates in Python (see `search.py`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Lookup


@CharField.register_lookup
class SimilarLookup(Lookup):
    lookup_name = "similar"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = str(self.rhs).split()
        conditions, params = [], []
        for word in words:
            for piece in _pieces(word):
                conditions.append(f"{lhs} LIKE %s")
                params.extend([*lhs_params, f"%{piece}%"])
        if not conditions:
            return "1=0", []
        return "(" + " OR ".join(conditions) + ")", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"%s <%% {lhs}", [str(self.rhs), *lhs_params]


def _pieces(word: str) -> list[str]:
    """Overlapping 3-letter pieces of a word, so one typo still leaves most pieces intact."""
    if len(word) <= 3:
        return [word]
    return [word[i : i + 3] for i in range(0, len(word) - 2, 2)]
