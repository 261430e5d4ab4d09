"""Cells written to CSV/XLSX files people open in Excel or LibreOffice.

A cell that starts with `=`, `+`, `-`, `@` (or a tab/carriage return followed by one) is run
as a formula by spreadsheet programs; a child's name or a note typed by anyone must never be.
Such text gets a leading apostrophe, which Excel shows as plain text (OWASP's advice).
"""

from __future__ import annotations

from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value
