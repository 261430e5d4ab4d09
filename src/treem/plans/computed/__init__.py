"""Indicators computed from treem's own records (registry now, cases later)."""
