"""`treem plan import FILE --unit CODE [--user] [--parent] [--confirm]`: a JSON summary as the
last line; refusals exit with status 2 and a Vietnamese message."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from treem.core.models import AuditEvent
from treem.plans.models import Plan, PlanDraft
from treem.plans.selectors.plans import national_plan

from .helpers import KHANH_HOA_2024, PROVINCE, SOC_TRANG, expected_counts

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("plan", "import", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def _fails(*args: str) -> str:
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("plan", "import", *args, stdout=StringIO(), stderr=err)
    assert exit_info.value.code == 2
    return err.getvalue()


def test_import_makes_a_draft_and_prints_its_summary() -> None:
    summary = _run(str(SOC_TRANG), "--unit", PROVINCE)
    draft = PlanDraft.objects.get()
    expected = expected_counts(SOC_TRANG)
    assert summary == {
        "draft": str(draft.pk),
        "plan": None,
        **expected,
        "warnings": len(draft.extraction["warnings"]),
    }
    assert draft.created_by is None and draft.state == PlanDraft.State.REVIEW


def test_import_with_confirm_creates_the_plan_as_the_user(cast: Any) -> None:
    summary = _run(
        str(SOC_TRANG),
        "--unit",
        PROVINCE,
        "--user",
        "chuyenvien",
        "--number",
        "125/KH-UBND",
        "--parent",
        "23/QĐ-TTg",
        "--confirm",
    )
    plan = Plan.objects.get(pk=summary["plan"])
    assert plan.parent == national_plan() and plan.created_by == cast.specialist
    assert {k: summary[k] for k in expected_counts(SOC_TRANG)} == expected_counts(SOC_TRANG)
    event = AuditEvent.objects.get(action="plans.draft.confirm")
    assert event.channel == "cli" and event.actor == cast.specialist


def test_a_draft_without_a_number_is_kept_when_confirm_fails() -> None:
    message = _fails(str(SOC_TRANG), "--unit", PROVINCE, "--confirm")
    assert "chưa có số, ký hiệu" in message
    draft = PlanDraft.objects.get()
    assert f"Bản đọc {draft.pk} đã lưu" in message
    assert not Plan.objects.filter(source_sha256=draft.sha256).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "99999"], "Không có đơn vị hành chính hiện hành mã «99999»"),
        (["--unit", PROVINCE, "--user", "khong-co"], "Không có người dùng «khong-co»"),
        (["--unit", PROVINCE, "--user", "canbo.a"], "không có quyền quản lý kế hoạch"),
        (["--unit", PROVINCE, "--parent", "1/KH-XYZ"], "Không có kế hoạch số «1/KH-XYZ»"),
    ],
    ids=["unit", "user", "permission", "parent"],
)
def test_refusals_exit_with_status_2(args: list[str], message: str) -> None:
    assert message in _fails(str(KHANH_HOA_2024), *args)
    assert not PlanDraft.objects.exists()


def test_an_unreadable_file_exits_with_status_2(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(b"not a word file")
    assert "không phải tệp Word hợp lệ" in _fails(str(path), "--unit", PROVINCE)
    assert "Không tìm thấy tệp" in _fails(str(tmp_path / "none.txt"), "--unit", PROVINCE)
