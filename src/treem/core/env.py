"""Strict parsing of TREEM_* environment variables.

Settings must fail at start-up with a message naming the variable, never silently fall back
to a default when a value is present but malformed.
"""

from __future__ import annotations

import builtins
import os
import re
from collections.abc import Mapping
from typing import Any


class EnvError(Exception):
    """A TREEM_* variable is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def raw(self, name: builtins.str) -> builtins.str | None:
        value = self._environ.get(name)
        return value.strip() if value is not None else None

    def str(self, name: builtins.str, default: builtins.str | None = None) -> builtins.str | None:
        value = self.raw(name)
        return default if value in (None, "") else value

    def required(self, name: builtins.str, why: builtins.str) -> builtins.str:
        value = self.str(name)
        if value is None:
            raise EnvError(f"{name} is required: {why}")
        return value

    def bool(self, name: builtins.str, default: builtins.bool) -> builtins.bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise EnvError(f"{name}={value!r} is not a boolean: use true/false, 1/0, yes/no or on/off")

    def int(
        self, name: builtins.str, default: builtins.int, *, minimum: builtins.int | None = None
    ) -> builtins.int:
        value = self.raw(name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            raise EnvError(f"{name}={value!r} is not a whole number") from None
        if minimum is not None and number < minimum:
            raise EnvError(f"{name}={number} must be at least {minimum}")
        return number

    def float(
        self, name: builtins.str, default: builtins.float, *, minimum: builtins.float | None = None
    ) -> builtins.float:
        value = self.raw(name)
        if not value:
            return default
        try:
            number = builtins.float(value)
        except ValueError:
            raise EnvError(f"{name}={value!r} is not a number (use a dot: 0.1)") from None
        if minimum is not None and number < minimum:
            raise EnvError(f"{name}={number} must be at least {minimum}")
        return number

    def list(
        self, name: builtins.str, default: builtins.list[builtins.str] | None = None
    ) -> builtins.list[builtins.str]:
        value = self.raw(name)
        if not value:
            return builtins.list(default or [])
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise EnvError(
                f"{name}={value!r} has an empty item: separate values with single commas"
            )
        return items

    def choice(
        self, name: builtins.str, choices: tuple[builtins.str, ...], default: builtins.str
    ) -> builtins.str:
        value = self.str(name, default)
        assert value is not None
        if value not in choices:
            raise EnvError(f"{name}={value!r} must be one of: {', '.join(choices)}")
        return value

    def database_url(self, name: builtins.str, default: builtins.str) -> dict[builtins.str, Any]:
        import dj_database_url

        value = self.str(name, default)
        assert value is not None
        scheme = value.split(":", 1)[0]
        if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
            raise EnvError(
                f"{name}={value.split('@')[-1]!r}: unsupported database; use sqlite:///PATH "
                "or postgres://USER:PASSWORD@HOST:PORT/NAME"
            )
        try:
            config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
        except ValueError as exc:
            raise EnvError(f"{name} is not a valid database URL: {exc}") from None
        if not config.get("NAME"):
            raise EnvError(f"{name} names no database: add /NAME at the end of the URL")
        if scheme != "sqlite":
            self._postgres_session(config)
        return dict(config)

    def _postgres_session(self, config: Any) -> None:
        """Session settings for each PostgreSQL connection. work_mem: with the server's default
        (4 MB) a name search matching a few hundred thousand rows gets a lossy bitmap, and the
        rows of every lossy page are re-checked through the token function, seconds instead
        of milliseconds (docs/decisions/0008). A work_mem in the URL's own options wins."""
        work_mem = self.str("TREEM_DB_WORK_MEM", "32MB") or ""
        if not re.fullmatch(r"\d+(kB|MB|GB)", work_mem):
            raise EnvError(f"TREEM_DB_WORK_MEM={work_mem!r}: give a size such as 32MB")
        options = config.setdefault("OPTIONS", {})
        given = options.get("options", "")
        if "work_mem" not in given:
            options["options"] = f"{given} -c work_mem={work_mem}".strip()
