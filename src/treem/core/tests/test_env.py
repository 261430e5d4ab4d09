from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from treem.core.env import Env, EnvError


def test_boolean_rejects_garbage_and_names_the_variable() -> None:
    with pytest.raises(EnvError, match="TREEM_DEBUG='maybe'"):
        Env({"TREEM_DEBUG": "maybe"}).bool("TREEM_DEBUG", default=False)


def test_integer_below_minimum_is_refused() -> None:
    with pytest.raises(EnvError, match="TREEM_SESSION_HOURS=0 must be at least 1"):
        Env({"TREEM_SESSION_HOURS": "0"}).int("TREEM_SESSION_HOURS", 8, minimum=1)


def test_list_with_empty_item_is_refused() -> None:
    with pytest.raises(EnvError, match="empty item"):
        Env({"TREEM_ALLOWED_HOSTS": "a.vn,,b.vn"}).list("TREEM_ALLOWED_HOSTS")


def test_unsupported_database_scheme_is_refused_without_leaking_password() -> None:
    with pytest.raises(EnvError) as info:
        Env({"U": "mysql://root:secret@db/treem"}).database_url("U", "sqlite:///x")
    assert "secret" not in str(info.value)


def test_postgres_sessions_get_a_work_mem_that_keeps_search_bitmaps_exact() -> None:
    url = "postgres://treem@db:5432/treem"
    assert Env({"U": url}).database_url("U", "")["OPTIONS"]["options"] == "-c work_mem=32MB"
    chosen = Env({"U": url, "TREEM_DB_WORK_MEM": "64MB"}).database_url("U", "")
    assert chosen["OPTIONS"]["options"] == "-c work_mem=64MB"
    own = Env({"U": url + "?options=-c%20work_mem%3D8MB"}).database_url("U", "")
    assert own["OPTIONS"]["options"] == "-c work_mem=8MB"  # the URL's own setting wins
    assert "options" not in Env({"U": "sqlite:///x.db"}).database_url("U", "").get("OPTIONS", {})
    with pytest.raises(EnvError, match="32MB"):
        Env({"U": url, "TREEM_DB_WORK_MEM": "lots"}).database_url("U", "")


def test_the_session_setting_reaches_postgres(db: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL session setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "32MB"


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TREEM_")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "treem.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _start({"TREEM_ENV": "production", "TREEM_ALLOWED_HOSTS": "treem.vn"})
    assert result.returncode != 0
    assert "TREEM_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    result = _start({"TREEM_ENV": "production", "TREEM_SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "TREEM_ALLOWED_HOSTS is required" in result.stderr


def test_malformed_value_stops_start_up_naming_the_variable() -> None:
    result = _start({"TREEM_LOGIN_FAILURE_LIMIT": "five"})
    assert result.returncode != 0
    assert "TREEM_LOGIN_FAILURE_LIMIT='five' is not a whole number" in result.stderr


def test_production_with_key_and_hosts_starts() -> None:
    result = _start(
        {"TREEM_ENV": "production", "TREEM_SECRET_KEY": "x" * 60, "TREEM_ALLOWED_HOSTS": "treem.vn"}
    )
    assert result.returncode == 0, result.stderr
