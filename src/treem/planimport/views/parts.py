"""Saving the reviewer's edits of the appendix tasks, the indicator assignments, the reporting
deadlines and the budget table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from treem.planimport import edits
from treem.planimport.views.common import draft_or_404
from treem.planimport.views.review import (
    _editable_or_redirect,
    _render,
    _update,
    indicator_numbers,
)
from treem.plans.models import PlanDraft


def _stale(request: HttpRequest, rows: object, part: str) -> bool:
    if request.POST.get("stamp") == edits.stamp(rows):
        return False
    messages.error(
        request,
        f"Bảng {part} vừa được sửa ở nơi khác nên chưa lưu thay đổi của bạn; bảng dưới đây là "
        "bản mới nhất, hãy sửa lại.",
    )
    return True


def _save_rows(
    request: HttpRequest,
    pk: str,
    *,
    key: str,
    anchor: str,
    part: str,
    noun: str,
    build: Callable[[PlanDraft, list[dict[str, Any]], Any], Any],
    edit: Callable[[Any, list[dict[str, Any]]], list[dict[str, Any]]],
) -> HttpResponse:
    """Save one list of the draft (tasks, assignments, reporting) edited as a table: refused
    when someone else saved it meanwhile, re-shown with the errors beside the cells when a cell
    is wrong. `build(draft, rows, data)` makes the formset, `edit` the new rows."""
    draft = draft_or_404(request, pk)
    if response := _editable_or_redirect(request, draft):
        return response
    here = reverse("planimport:draft_review", args=[draft.pk]) + anchor
    rows = draft.extraction.get(key, [])
    if _stale(request, rows, part):
        return redirect(here)
    formset = build(draft, rows, request.POST)
    if formset.is_valid():
        new_rows = edit(formset, rows)
        error = _update(request, draft, {**draft.extraction, key: new_rows})
        if error is None:
            messages.success(request, f"Đã lưu bảng {part} ({len(new_rows)} {noun}).")
            return redirect(here)
        messages.error(request, error)
    else:
        messages.error(request, f"Chưa lưu bảng {part}: hãy sửa các ô báo đỏ.")
    return _render(request, draft, formsets={key: formset})


@login_required
@require_POST
def save_tasks(request: HttpRequest, pk: str) -> HttpResponse:
    return _save_rows(
        request,
        pk,
        key="tasks",
        anchor="#nhiem-vu",
        part="nhiệm vụ",
        noun="nhiệm vụ",
        build=lambda draft, rows, data: edits.task_formset(rows, data),
        edit=edits.edited_tasks,
    )


@login_required
@require_POST
def save_assignments(request: HttpRequest, pk: str) -> HttpResponse:
    return _save_rows(
        request,
        pk,
        key="assignments",
        anchor="#phan-cong",
        part="phân công",
        noun="dòng phân công",
        build=lambda draft, rows, data: edits.assignment_formset(
            rows, indicator_numbers(draft), data
        ),
        edit=edits.edited_assignments,
    )


@login_required
@require_POST
def save_reporting(request: HttpRequest, pk: str) -> HttpResponse:
    return _save_rows(
        request,
        pk,
        key="reporting",
        anchor="#bao-cao",
        part="chế độ báo cáo",
        noun="hạn báo cáo",
        build=lambda draft, rows, data: edits.reporting_formset(rows, data),
        edit=edits.edited_reporting,
    )


@login_required
@require_POST
def save_budget(request: HttpRequest, pk: str) -> HttpResponse:
    draft = draft_or_404(request, pk)
    if response := _editable_or_redirect(request, draft):
        return response
    here = reverse("planimport:draft_review", args=[draft.pk]) + "#kinh-phi"
    budget = draft.extraction.get("budget")
    if not budget:
        messages.error(request, "Bản đọc này không có bảng kinh phí để sửa.")
        return redirect(here)
    if _stale(request, budget.get("lines", []), "kinh phí"):
        return redirect(here)
    formset = edits.budget_formset(budget, request.POST)
    if formset.is_valid():
        new_budget = edits.edited_budget(formset, budget)
        error = _update(request, draft, {**draft.extraction, "budget": new_budget})
        if error is None:
            messages.success(
                request, f"Đã lưu bảng kinh phí ({len(new_budget['lines'])} dòng của bảng)."
            )
            return redirect(here)
        messages.error(request, error)
    else:
        messages.error(request, "Chưa lưu bảng kinh phí: hãy sửa các ô báo đỏ.")
    return _render(request, draft, formsets={"budget": formset})
