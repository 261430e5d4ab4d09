"""Actions on one child's page: move, special circumstances, risks, support. Each is a POST
from a form on the page; errors come back as messages on the same page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from treem.core.errors import Forbidden, TreemError
from treem.registry import selectors
from treem.registry.forms import CloseForm, EpisodeForm, MoveForm, RiskForm, SupportForm
from treem.registry.models import Child, CircumstanceEpisode, RiskFlag
from treem.registry.services import episodes, moves
from treem.registry.views.common import require_writer


def _act(
    request: HttpRequest,
    child: Child,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    require_writer(request, child)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect("registry:child_detail", child.pk)
    try:
        call(form.cleaned_data)
    except Forbidden:
        raise Http404("Không tìm thấy trẻ em này trong địa bàn của bạn.") from None
    except TreemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("registry:child_detail", child.pk)


def _child(request: HttpRequest, pk: int) -> Child:
    return selectors.child_get(request.user, pk, audit=False)


@login_required
@require_POST
def child_move(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    form = MoveForm(request.POST, prefix="move")
    response = _act(
        request,
        child,
        form,
        lambda d: moves.child_move(
            actor=request.user,
            child=child,
            to_unit=d["to_unit"],
            moved_on=d["moved_on"],
            reason=d["reason"],
        ),
        "Đã ghi nhận trẻ chuyển đi; xã/phường mới tiếp nhận hồ sơ.",
    )
    if selectors.children_visible_to(request.user).filter(pk=pk).exists():
        return response
    return redirect("registry:child_list")  # the record now belongs to another commune


@login_required
@require_POST
def episode_open(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    return _act(
        request,
        child,
        EpisodeForm(request.POST, prefix="ep"),
        lambda d: episodes.episode_open(actor=request.user, child=child, **d),
        "Đã ghi nhận hoàn cảnh đặc biệt.",
    )


@login_required
@require_POST
def episode_close(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    child = _child(request, pk)
    episode = CircumstanceEpisode.objects.filter(child=child, pk=episode_pk).first()
    if episode is None:
        raise Http404("Không tìm thấy giai đoạn này.")
    return _act(
        request,
        child,
        CloseForm(request.POST, prefix="close"),
        lambda d: episodes.episode_close(actor=request.user, episode=episode, **d),
        "Đã kết thúc giai đoạn.",
    )


@login_required
@require_POST
def risk_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    return _act(
        request,
        child,
        RiskForm(request.POST, prefix="risk"),
        lambda d: episodes.risk_flag_add(actor=request.user, child=child, **d),
        "Đã ghi nhận dấu hiệu nguy cơ.",
    )


@login_required
@require_POST
def risk_close(request: HttpRequest, pk: int, risk_pk: int) -> HttpResponse:
    child = _child(request, pk)
    flag = RiskFlag.objects.filter(child=child, pk=risk_pk).first()
    if flag is None:
        raise Http404("Không tìm thấy dấu hiệu này.")
    return _act(
        request,
        child,
        CloseForm(request.POST, prefix="close"),
        lambda d: episodes.risk_flag_close(actor=request.user, flag=flag, **d),
        "Đã kết thúc theo dõi nguy cơ.",
    )


@login_required
@require_POST
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    return _act(
        request,
        child,
        SupportForm(request.POST, prefix="sup"),
        lambda d: episodes.support_add(actor=request.user, child=child, **d),
        "Đã ghi nhận hỗ trợ.",
    )
