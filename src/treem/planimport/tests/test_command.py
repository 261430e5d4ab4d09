"""`plan parse FILE --json` prints one JSON object; unreadable files exit with status 2."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from .golden import FIXTURES


def _ensure_django() -> None:
    import django
    from django.conf import settings

    if not settings.configured:  # pragma: no cover - only without project settings
        settings.configure(INSTALLED_APPS=["treem.planimport"])
    django.setup()


def test_parse_json_prints_one_object() -> None:
    _ensure_django()
    out = StringIO()
    call_command(
        "plan", "parse", str(FIXTURES / "seeds" / "soctrang_2021.txt"), "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    for key in ("document", "targets", "assignments", "tasks", "reporting", "budget", "warnings"):
        assert key in result
    assert len(result["targets"]) == 65
    assert "Sóc Trăng" in out.getvalue()  # ensure_ascii=False


def test_unreadable_file_exits_with_status_2(tmp_path: Path) -> None:
    _ensure_django()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"x")
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("plan", "parse", str(path), "--json", stderr=err)
    assert exit_info.value.code == 2
    assert "Không hỗ trợ định dạng" in err.getvalue()
