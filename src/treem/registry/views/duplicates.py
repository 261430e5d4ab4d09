"""Likely duplicates in the user's area: review, merge, dismiss, undo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.core.errors import Forbidden, TreemError
from treem.registry import access, selectors
from treem.registry.models import Child
from treem.registry.services import merges
from treem.registry.views.common import home_commune

MAX_PAIRS = 200


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    commune = home_commune(request)
    if commune is not None and not access.can_merge(request.user, commune):
        commune = None  # e.g. a chairman of one commune who is also a province specialist
    rows = selectors.duplicate_pairs(request.user, commune=commune, limit=MAX_PAIRS)
    return render(
        request,
        "registry/duplicate_list.html",
        {"rows": rows, "limit": MAX_PAIRS, "commune": commune},
    )


def _pair(request: HttpRequest) -> tuple[Child, Child]:
    visible = selectors.children_visible_to(request.user)
    try:
        first = visible.get(pk=int(request.POST.get("survivor", "")))
        second = visible.get(pk=int(request.POST.get("merged", "")))
    except (ValueError, Child.DoesNotExist):
        raise Http404("Không tìm thấy hồ sơ.") from None
    return first, second


@login_required
@require_POST
def duplicate_merge(request: HttpRequest) -> HttpResponse:
    survivor, merged = _pair(request)
    try:
        merges.child_merge(
            actor=request.user,
            survivor=survivor,
            merged=merged,
            score=float(request.POST.get("score") or 0),
            reasons=request.POST.getlist("reason"),
        )
    except Forbidden:
        raise Http404("Không tìm thấy hồ sơ.") from None
    except TreemError as exc:
        messages.error(request, exc.message)
        return redirect("registry:duplicate_list")
    messages.success(request, f"Đã gộp hồ sơ #{merged.pk} vào #{survivor.pk}; có thể hoàn tác.")
    return redirect("registry:child_detail", survivor.pk)


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest) -> HttpResponse:
    first, second = _pair(request)
    try:
        merges.duplicate_dismiss(actor=request.user, first=first, second=second)
    except Forbidden:
        raise Http404("Không tìm thấy hồ sơ.") from None
    messages.success(request, "Đã ghi nhận: hai hồ sơ là hai trẻ khác nhau.")
    return redirect("registry:duplicate_list")


@login_required
@require_POST
def merge_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    merge = selectors.merge_get(request.user, pk)
    try:
        restored = merges.merge_undo(actor=request.user, merge=merge)
    except Forbidden:
        raise Http404("Không tìm thấy lần gộp này.") from None
    except TreemError as exc:
        messages.error(request, exc.message)
        return redirect("registry:child_detail", merge.survivor_id)
    messages.success(request, f"Đã hoàn tác; hồ sơ #{restored.pk} được khôi phục.")
    return redirect("registry:child_detail", merge.survivor_id)
