"""The approval queue: submitted figures to approve or return (with a reason), and approved
ones that a level above may reopen (with a reason)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.org import scope
from treem.org.models import User
from treem.plans import access
from treem.plans.domain.measures import format_value
from treem.plans.domain.periods import Period, PeriodError
from treem.plans.forms import ReasonForm
from treem.plans.models import Measurement
from treem.plans.selectors import measurements as selectors
from treem.plans.services import measurements as services
from treem.plans.views.work.common import STATE_BADGES, attempt, found
from treem.web.shortcuts import acting_user, bootstrap, paginate

QUEUE_LIMIT = 300


@dataclass
class QueueRow:
    figure: Measurement
    form: ReasonForm
    own: bool = False  # entered by the viewer: someone else approves
    can_reopen: bool = False

    @property
    def value(self) -> str:
        return format_value(self.figure.value, self.figure.indicator.unit)

    @property
    def period_label(self) -> str:
        try:
            return Period.parse(self.figure.period).label
        except PeriodError:
            return self.figure.period


def _approver(request: HttpRequest) -> User:
    user = acting_user(request)
    if not scope.has_role(user, access.APPROVE_ROLES):
        raise Http404("Trang dành cho người phê duyệt số liệu.")
    return user


def _period_filter(request: HttpRequest) -> str:
    code = request.GET.get("period", "").strip()
    try:
        return Period.parse(code).code if code else ""
    except PeriodError:
        return ""


def _render(
    request: HttpRequest, user: User, bound: dict[int, ReasonForm] | None = None
) -> HttpResponse:
    bound = bound or {}

    def form_for(figure: Measurement, prefix: str) -> ReasonForm:
        return bootstrap(bound.get(figure.pk) or ReasonForm(prefix=f"{prefix}{figure.pk}"))

    queue = [
        QueueRow(m, form_for(m, "r"), own=m.entered_by_id == user.pk)
        for m in selectors.awaiting_approval(user)[:QUEUE_LIMIT]
    ]
    period = _period_filter(request)
    page, base = paginate(request, selectors.approved_in_scope(user, period), per_page=30)
    approved = [
        QueueRow(m, form_for(m, "o"), can_reopen=access.can_reopen(user, m.unit))
        for m in page.object_list
    ]
    return render(
        request,
        "plans/work/approvals.html",
        {
            "queue": queue,
            "queue_limit": QUEUE_LIMIT,
            "approved": approved,
            "page_obj": page,
            "querystring_base": base,
            "period": period,
            "badges": STATE_BADGES,
        },
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    return _render(request, _approver(request))


def _act(
    request: HttpRequest,
    pk: int,
    prefix: str,
    call: Callable[[User, Measurement, str], Any],
    done: str,
) -> HttpResponse:
    """Run an approval action on a visible figure. A figure outside the user's approving
    area is hidden (404); a refusal on a visible one is shown as its message."""
    user = _approver(request)
    figure = found(lambda: selectors.measurement_get(user, pk))
    if not access.can_approve(user, figure.unit):
        raise Http404("Bạn không phê duyệt số liệu của địa bàn này.")
    form = ReasonForm(request.POST, prefix=f"{prefix}{pk}")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    result = attempt(form, lambda: call(user, figure, reason), hide=False)
    if result is None:
        if form.has_error("reason"):
            return _render(request, user, {pk: form})
        for error in form.non_field_errors():
            messages.error(request, str(error))
    else:
        messages.success(request, done.format(code=figure.indicator.code, unit=figure.unit))
    return redirect("plans:approvals")


@login_required
@require_POST
def measurement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "r",
        lambda user, m, _: services.measurement_approve(actor=user, measurement=m),
        "Đã phê duyệt số liệu chỉ tiêu {code} của {unit}.",
    )


@login_required
@require_POST
def measurement_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "r",
        lambda user, m, reason: services.measurement_return(
            actor=user, measurement=m, reason=reason
        ),
        "Đã trả lại số liệu chỉ tiêu {code} của {unit} cho người nhập.",
    )


@login_required
@require_POST
def measurement_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "o",
        lambda user, m, reason: services.measurement_reopen(
            actor=user, measurement=m, reason=reason
        ),
        "Đã mở khóa số liệu chỉ tiêu {code} của {unit}; người nhập có thể sửa lại.",
    )
