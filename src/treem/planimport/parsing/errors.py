"""Errors raised while reading a plan document."""


class PlanParseError(Exception):
    """A plan file cannot be read; the message (Vietnamese) says what is wrong and how to fix it."""
