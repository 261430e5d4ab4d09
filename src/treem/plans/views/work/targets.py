"""Setting and removing a plan's targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.core.errors import Forbidden, TreemError
from treem.plans.domain.comparators import describe
from treem.plans.forms import TargetForm
from treem.plans.selectors.plans import indicators_visible_to
from treem.plans.services import plans as services
from treem.plans.views.work.common import attempt, planner_or_404
from treem.plans.views.work.detail import detail_context


@login_required
@require_POST
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = planner_or_404(request, pk)
    indicators = indicators_visible_to(user).order_by("sort_order", "number", "part")
    form = TargetForm(request.POST, indicators=indicators, prefix="target")
    if form.is_valid():
        data = form.cleaned_data
        target = attempt(
            form,
            lambda: services.target_set(
                actor=user,
                plan=plan,
                indicator=data["indicator"],
                year=data["year"],
                comparator=data["comparator"],
                value=data["value"],
                value_high=data["value_high"],
                unit=data["unit"] or None,
                text=data["text"],
            ),
        )
        if target is not None:
            goal = describe(target.comparator, target.value, target.unit, target.value_high)
            messages.success(
                request, f"Đã đặt chỉ tiêu {target.indicator.code} năm {target.year}: {goal}."
            )
            return redirect("plans:plan_detail", plan.pk)
    context = detail_context(user, plan, target_form=form)
    return render(request, "plans/work/plan_detail.html", context)


@login_required
@require_POST
def target_remove(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    user, plan = planner_or_404(request, pk)
    target = plan.targets.select_related("indicator", "plan__unit").filter(pk=target_pk).first()
    if target is None:
        raise Http404("Kế hoạch không có chỉ tiêu này.")
    label = f"{target.indicator.code} năm {target.year}"
    try:
        services.target_remove(actor=user, target=target)
    except Forbidden:
        raise Http404("Bạn không quản lý kế hoạch này.") from None
    except TreemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã xóa chỉ tiêu {label} của kế hoạch.")
    return redirect("plans:plan_detail", plan.pk)
