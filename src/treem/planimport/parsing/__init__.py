"""Plan document parsing: text in, draft plan (dict) out. No database, no network."""

from .errors import PlanParseError
from .extract import parse_file, parse_text

__all__ = ["PlanParseError", "parse_file", "parse_text"]
