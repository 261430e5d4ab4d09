"""Vietnamese number notation: decimal commas and thousands dots ("9,5", "2.292.000.000")."""

from __future__ import annotations

import re

# A number as written in the documents: digits with optional thousands dots (groups of three)
# and an optional decimal part after a comma; an English-style decimal dot ("9.5") is accepted
# when the dot is not followed by exactly three digits.
NUMBER_PATTERN = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
NUMBER_RE = re.compile(rf"(?<![\d.,/])(?:{NUMBER_PATTERN})(?![\d])")


def parse_number(text: str) -> float | int:
    """Parse a number written the Vietnamese way and return an int when it is whole.

    >>> parse_number("9,5"), parse_number("2.292.000.000"), parse_number("99.1")
    (9.5, 2292000000, 99.1)
    """
    raw = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif (
        re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw)
        and len(raw.split(",")[-1]) == 3
        and (raw.count(",") > 1)
    ):
        # "1,000,000" (English thousands) with several groups: unambiguous.
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    value = float(raw)
    if value.is_integer() and "." not in raw:
        return int(value)
    if value.is_integer():
        return int(value)
    return value


def format_number(value: float | int | None) -> str:
    """Format a number the Vietnamese way: 2.292.000 or 9,5."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:.6f}".rstrip("0").split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")
