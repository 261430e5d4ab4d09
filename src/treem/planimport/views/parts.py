"""Saving the reviewer's edits of the appendix tasks and of the budget table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from treem.planimport import edits
from treem.planimport.views.common import draft_or_404
from treem.planimport.views.review import _editable_or_redirect, _render, _update


def _stale(request: HttpRequest, rows: object, part: str) -> bool:
    if request.POST.get("stamp") == edits.stamp(rows):
        return False
    messages.error(
        request,
        f"Bảng {part} vừa được sửa ở nơi khác nên chưa lưu thay đổi của bạn; bảng dưới đây là "
        "bản mới nhất, hãy sửa lại.",
    )
    return True


@login_required
@require_POST
def save_tasks(request: HttpRequest, pk: str) -> HttpResponse:
    draft = draft_or_404(request, pk)
    if response := _editable_or_redirect(request, draft):
        return response
    here = reverse("planimport:draft_review", args=[draft.pk]) + "#nhiem-vu"
    tasks = draft.extraction.get("tasks", [])
    if _stale(request, tasks, "nhiệm vụ"):
        return redirect(here)
    formset = edits.task_formset(tasks, request.POST)
    if formset.is_valid():
        rows = edits.edited_tasks(formset, tasks)
        error = _update(request, draft, {**draft.extraction, "tasks": rows})
        if error is None:
            messages.success(request, f"Đã lưu bảng nhiệm vụ ({len(rows)} nhiệm vụ).")
            return redirect(here)
        messages.error(request, error)
    else:
        messages.error(request, "Chưa lưu bảng nhiệm vụ: hãy sửa các ô báo đỏ.")
    return _render(request, draft, task_formset=formset)


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
    return _render(request, draft, budget_formset=formset)
