"""Plans: the list and the forms that create and change plans."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.core.errors import Forbidden, TreemError
from treem.geo.models import Level, Unit, Version
from treem.org import scope
from treem.plans import access
from treem.plans.forms import PlanEditForm, PlanForm, ReferenceForm
from treem.plans.models import PlanStatus
from treem.plans.selectors.plans import plans_visible_to
from treem.plans.services import plans as services
from treem.plans.views.work.common import (
    STATUS_BADGES,
    attempt,
    mark_invalid,
    planner_or_404,
    reader,
)
from treem.plans.views.work.detail import detail_context
from treem.web.shortcuts import bootstrap, paginate


def plan_units(user: Any) -> list[Unit]:
    """Units the user may make plans for: those of their planning memberships."""
    return sorted(
        {
            m.unit
            for m in scope.active_memberships(user)
            if m.role in access.PLAN_ROLES
            and m.unit.version == Version.CURRENT
            and m.unit.level != Level.VILLAGE
        },
        key=lambda u: u.path,
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    plans = plans_visible_to(user).order_by("unit_path", "-first_year", "number")
    page, base = paginate(request, plans)
    for plan in page.object_list:
        setattr(plan, "badge", STATUS_BADGES.get(PlanStatus(plan.status), ""))  # noqa: B010
    return render(
        request,
        "plans/work/plan_list.html",
        {
            "page_obj": page,
            "querystring_base": base,
            "can_create": bool(plan_units(user)),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = plan_units(user)
    if not units:
        raise Http404("Bạn không có quyền lập kế hoạch.")
    parents = plans_visible_to(user).exclude(unit__level=Level.COMMUNE)
    form = bootstrap(
        PlanForm(
            request.POST or None,
            units=units,
            parents=parents,
            initial={"unit": units[0].pk, "first_year": 2026, "last_year": 2030},
        )
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = attempt(
            form,
            lambda: services.plan_create(
                actor=user,
                unit=data["unit"],
                number=data["number"],
                title=data["title"],
                first_year=data["first_year"],
                last_year=data["last_year"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                parent=data["parent"],
            ),
        )
        if plan is not None:
            messages.success(request, f"Đã tạo kế hoạch {plan.number} (dự thảo).")
            return redirect("plans:plan_detail", plan.pk)
    mark_invalid(form)
    return render(
        request, "plans/work/plan_form.html", {"form": form, "title": "Tạo kế hoạch", "plan": None}
    )


@login_required
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = planner_or_404(request, pk)
    fields = ["number", "title", "issuer", "issued_on", "first_year", "last_year"]
    form = bootstrap(
        PlanEditForm(request.POST or None, initial={f: getattr(plan, f) for f in fields})
    )
    if request.method == "POST" and form.is_valid():
        changes = form.cleaned_data
        done = attempt(form, lambda: services.plan_update(actor=user, plan=plan, **changes))
        if done is not None:
            messages.success(request, "Đã lưu thay đổi của kế hoạch.")
            return redirect("plans:plan_detail", plan.pk)
        plan.refresh_from_db()  # the failed change must not show as saved
    mark_invalid(form)
    return render(
        request,
        "plans/work/plan_form.html",
        {"form": form, "title": f"Sửa kế hoạch {plan.number}", "plan": plan},
    )


@login_required
@require_POST
def plan_activate(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = planner_or_404(request, pk)
    try:
        services.plan_activate(actor=user, plan=plan)
    except Forbidden:
        raise Http404("Bạn không quản lý kế hoạch này.") from None
    except TreemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Kế hoạch đã chuyển sang trạng thái đang thực hiện.")
    return redirect("plans:plan_detail", plan.pk)


@login_required
@require_POST
def reference_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, plan = planner_or_404(request, pk)
    form = ReferenceForm(request.POST, prefix="ref")
    if form.is_valid():
        data = form.cleaned_data
        ref = attempt(
            form,
            lambda: services.plan_reference_add(
                actor=user,
                plan=plan,
                number=data["number"],
                issuer=data["issuer"],
                issued_on=data["issued_on"],
                title=data["title"],
            ),
        )
        if ref is not None:
            messages.success(request, f"Đã thêm văn bản căn cứ {ref.number}.")
            return redirect("plans:plan_detail", plan.pk)
    context = detail_context(user, plan, reference_form=form)
    return render(request, "plans/work/plan_detail.html", context)
