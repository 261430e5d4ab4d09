"""Errors that carry a message for people (Vietnamese) and a stable code for machines."""

from __future__ import annotations


class TreemError(Exception):
    """Base for business errors raised by services and selectors."""

    code = "error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class NotFound(TreemError):
    code = "not_found"
    http_status = 404


class Forbidden(TreemError):
    """The actor may not do this. Views turn it into 404 when the object must stay hidden."""

    code = "forbidden"
    http_status = 403


class Invalid(TreemError):
    code = "invalid"
    http_status = 400
