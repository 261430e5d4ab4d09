"""Editing the appendix tasks and the budget table on the review screen: each bad input gets
a Vietnamese message beside its cell and nothing is saved; good edits are kept and confirmed
into the plan's tasks and budget lines (with the agency and the total/subtotal marker)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from treem.core.errors import Invalid
from treem.planimport import edits
from treem.plans.models import BudgetLine, Plan, PlanDraft, PlanTask
from treem.plans.models.parts import BudgetLineKind
from treem.plans.services.drafts import plan_draft_confirm

from .helpers import KHANH_HOA_2025, SOC_TRANG, draft_from

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_data(
    formset: Any,
    stamp: str,
    changes: dict[int, dict[str, Any]] | None = None,
    delete: set[int] | None = None,
    new: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A formset as the browser would send it, from the forms' initial values."""
    prefix, initial = formset.prefix, formset.initial_form_count()
    data: dict[str, Any] = {
        "stamp": stamp,
        f"{prefix}-TOTAL_FORMS": initial + 1,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(formset.forms[:initial]):
        for name, field in form.fields.items():
            if name == "DELETE":
                continue
            value = field.prepare_value(form.initial.get(name))
            data[f"{prefix}-{index}-{name}"] = "" if value is None else value
        for name, value in (changes or {}).get(index, {}).items():
            data[f"{prefix}-{index}-{name}"] = value
        if index in (delete or set()):
            data[f"{prefix}-{index}-DELETE"] = "on"
    # The empty row for adding, as a browser sends it: every field with its default.
    for name, field in formset.forms[initial].fields.items():
        if name != "DELETE":
            data[f"{prefix}-{initial}-{name}"] = field.initial or ""
    for name, value in (new or {}).items():
        data[f"{prefix}-{initial}-{name}"] = value
    return data


def _tasks_post(draft: PlanDraft, **kwargs: Any) -> dict[str, Any]:
    tasks = draft.extraction["tasks"]
    return _post_data(edits.task_formset(tasks), edits.stamp(tasks), **kwargs)


def _budget_post(draft: PlanDraft, **kwargs: Any) -> dict[str, Any]:
    budget = draft.extraction["budget"]
    return _post_data(edits.budget_formset(budget), edits.stamp(budget["lines"]), **kwargs)


def test_the_reviewer_edits_deletes_and_adds_tasks(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2025, cast.specialist, "118/KH-UBND")
    before = draft.extraction["tasks"]
    data = _tasks_post(
        draft,
        changes={0: {"lead": "Sở Y tế tỉnh", "coordinating": "Sở Tư pháp; Công an tỉnh"}},
        delete={1},
        new={"number": "9", "text": "Tổng kết thực hiện kế hoạch", "lead": "Sở Y tế"},
    )
    response = _client(cast.specialist).post(
        reverse("planimport:draft_tasks", args=[draft.pk]), data
    )
    assert response.status_code == 302 and response["Location"].endswith("#nhiem-vu")
    draft.refresh_from_db()
    tasks = draft.extraction["tasks"]
    assert len(tasks) == len(before)  # one deleted, one added
    assert tasks[0]["lead"] == "Sở Y tế tỉnh" and tasks[0]["edited"] is True
    assert tasks[0]["coordinating"] == ["Sở Tư pháp", "Công an tỉnh"]
    assert tasks[0]["line"] == before[0]["line"]
    assert tasks[1]["text"] == before[2]["text"] and "edited" not in tasks[1]
    assert tasks[-1]["text"] == "Tổng kết thực hiện kế hoạch" and tasks[-1]["added"] is True

    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    stored = list(PlanTask.objects.filter(plan=plan))
    assert len(stored) == len(tasks)
    assert (
        stored[0].lead_name == "Sở Y tế tỉnh"
        and stored[0].coordinating == "Sở Tư pháp; Công an tỉnh"
    )


def test_an_empty_task_text_is_refused_beside_the_row(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2025, cast.specialist, "118/KH-UBND")
    before = draft.extraction["tasks"]
    data = _tasks_post(draft, changes={2: {"text": "   "}})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_tasks", args=[draft.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhập nội dung nhiệm vụ (hoặc đánh dấu xóa dòng)." in html
    assert "Chưa lưu bảng nhiệm vụ" in html
    draft.refresh_from_db()
    assert draft.extraction["tasks"] == before


def test_a_too_long_lead_agency_is_refused(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2025, cast.specialist, "118/KH-UBND")
    data = _tasks_post(draft, changes={0: {"lead": "Sở " * 80}})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_tasks", args=[draft.pk]), data
    )
    assert "Tên cơ quan chủ trì dài quá 200 ký tự" in response.content.decode()


def test_a_stale_task_table_is_not_saved(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2025, cast.specialist, "118/KH-UBND")
    data = {**_tasks_post(draft, changes={0: {"text": "Khác"}}), "stamp": "cu"}
    client = _client(cast.specialist)
    response = client.post(reverse("planimport:draft_tasks", args=[draft.pk]), data, follow=True)
    assert "vừa được sửa ở nơi khác" in response.content.decode()
    draft.refresh_from_db()
    assert draft.extraction["tasks"][0]["text"] != "Khác"


def test_the_reviewer_fixes_a_budget_row_and_the_problems_are_checked_again(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "99/KH-UBND")
    lines = draft.extraction["budget"]["lines"]
    position = next(i for i, line in enumerate(lines) if line["row"] == "2")
    assert any(p["row"] == "2" for p in draft.extraction["budget"]["problems"])
    fixed = {f"y{year}": "40.000" for year in range(2022, 2026)}
    fixed.update({f"y{year}": "43.000" for year in range(2026, 2030)})
    fixed.update({"y2030": "43.000", "total": "375.000", "agency": "UBND cấp huyện"})
    data = _budget_post(draft, changes={position: fixed})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_budget", args=[draft.pk]), data
    )
    assert response.status_code == 302 and response["Location"].endswith("#kinh-phi")
    draft.refresh_from_db()
    budget = draft.extraction["budget"]
    row = budget["lines"][position]
    assert row["amounts"]["2030"] == 43000 and row["declared_total"] == 375000
    assert row["agency"] == "UBND cấp huyện" and row["edited"] is True
    assert not [
        p for p in budget["problems"] if p["row"] == "2" and p["kind"] != "row_total_mismatch"
    ]


@pytest.mark.parametrize(
    ("cell", "typed", "message"),
    [
        ("y2022", "bảy mươi", "không phải là số tiền"),
        ("y2023", "12.5.1", "không phải là số tiền"),
        ("total", "-5", "Số tiền không được âm."),
        ("text", "", "Nhập nội dung khoản chi (hoặc đánh dấu xóa dòng)."),
        ("kind", "tong", "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_a_bad_budget_cell_is_refused_with_a_vietnamese_message(
    cast: Any, cell: str, typed: str, message: str
) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "99/KH-UBND")
    before = draft.extraction["budget"]
    data = _budget_post(draft, changes={1: {cell: typed}})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_budget", args=[draft.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "Chưa lưu bảng kinh phí" in html
    draft.refresh_from_db()
    assert draft.extraction["budget"] == before


def test_a_new_budget_row_needs_an_amount(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "99/KH-UBND")
    data = _budget_post(draft, new={"text": "Khen thưởng", "kind": "item"})
    response = _client(cast.specialist).post(
        reverse("planimport:draft_budget", args=[draft.pk]), data
    )
    assert "Nhập số tiền ít nhất cho một năm hoặc ở cột tổng." in response.content.decode()


def test_confirm_stores_budget_agency_and_total_markers(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "99/KH-UBND")
    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    lines = BudgetLine.objects.filter(plan=plan)
    training = lines.get(label__startswith="1.3.", year=2022)
    assert training.kind == BudgetLineKind.ITEM
    assert training.agency_name == "Sở Lao động - Thương binh và Xã hội"
    group = lines.get(label__startswith="1. ", year=2022)
    assert group.kind == BudgetLineKind.SUBTOTAL
    total = lines.get(kind=BudgetLineKind.TOTAL)
    assert (total.year, total.amount) == (None, Decimal(2_292_000_000))
    items = lines.filter(kind=BudgetLineKind.ITEM, year=2022)
    # Summing items only never counts a group twice: rows 1.1-1.4 and 2 (rows 3 and 4 have
    # more numbers than year columns, so they keep only their totals, year unknown).
    assert sum(line.amount for line in items) == Decimal(118_000_000)
    assert group.amount == Decimal(78_000_000)


def test_a_bad_budget_row_written_into_the_draft_leaves_nothing_on_confirm(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "99/KH-UBND")
    extraction = dict(draft.extraction)
    budget = dict(extraction["budget"])
    budget["lines"] = [dict(line) for line in budget["lines"]]
    budget["lines"][1]["amounts"] = {**budget["lines"][1]["amounts"], "2024": -5}
    PlanDraft.objects.filter(pk=draft.pk).update(extraction={**extraction, "budget": budget})
    draft.refresh_from_db()
    with pytest.raises(Invalid) as error:
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert "không được âm" in error.value.message and "Chưa tạo gì" in error.value.message
    assert not Plan.objects.filter(number="99/KH-UBND").exists()
    assert not BudgetLine.objects.exists()
    draft.refresh_from_db()
    assert draft.state == PlanDraft.State.REVIEW


def test_a_task_with_no_text_in_the_draft_leaves_nothing_on_confirm(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2025, cast.specialist, "118/KH-UBND")
    tasks = [dict(task) for task in draft.extraction["tasks"]]
    tasks[-1]["text"] = ""
    PlanDraft.objects.filter(pk=draft.pk).update(extraction={**draft.extraction, "tasks": tasks})
    draft.refresh_from_db()
    with pytest.raises(Invalid) as error:
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert error.value.message.startswith("Nhiệm vụ") and "Chưa tạo gì" in error.value.message
    assert not Plan.objects.filter(number="118/KH-UBND").exists()
    assert not PlanTask.objects.exists()
