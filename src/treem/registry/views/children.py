"""The list of children, one child's page, and the registration and edit forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from treem.core.pagination import WindowTotalsPaginator
from treem.geo.selectors import unit_get
from treem.org import scope
from treem.registry import access, selectors
from treem.registry.domain import circumstances
from treem.registry.forms import (
    ChildForm,
    CloseForm,
    EpisodeForm,
    FilterForm,
    MoveForm,
    RiskForm,
    SupportForm,
)
from treem.registry.models import Child, Proposal
from treem.registry.search import Filters, search
from treem.registry.services import children as child_services
from treem.registry.services import proposals as proposal_services
from treem.registry.timeline import describe
from treem.registry.views.common import home_commune
from treem.web.shortcuts import bootstrap, paginate, run_service


def filters_from(request: HttpRequest) -> tuple[FilterForm, Filters]:
    form = bootstrap(FilterForm(request.GET or None, initial={"status": "active"}))
    filters = Filters(status="active", on=timezone.localdate())
    if request.GET and form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            query=data["q"],
            caregiver=data["caregiver"],
            sex=data["sex"],
            group=data["group"],
            status=data["status"],
            age_min=data["age_min"],
            age_max=data["age_max"],
            birth_registered=False if data["unregistered"] else None,
            on=timezone.localdate(),
        )
        if data["commune"]:
            try:
                filters.unit_path = unit_get(data["commune"]).path
            except Exception:
                filters.unit_path = "không-có/"
    filters.within = access.read_roots(request.user)
    return form, filters


def filtered_children(request: HttpRequest) -> tuple[FilterForm, Any]:
    form, filters = filters_from(request)
    qs = selectors.children_visible_to(request.user).select_related("unit", "village")
    return form, search(qs, filters)


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    if not scope.has_role(request.user, access.READ_ROLES):
        raise Http404("Trang dành cho người quản lý dữ liệu trẻ em.")
    form, children = filtered_children(request)
    ranked = isinstance(children, QuerySet)
    if ranked:  # the page query carries the totals: one search instead of three
        page, base = paginate(
            request, children, paginator=WindowTotalsPaginator, totals=selectors.LIST_TOTALS
        )
        paginator: Any = page.paginator
        totals = paginator.totals or selectors.counts(children)
    else:
        page, base = paginate(request, children)
        totals = None
    return render(
        request,
        "registry/child_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_base": base,
            "totals": totals,
            "found": len(children) if not isinstance(children, QuerySet) else None,
            "can_register": scope.has_role(request.user, access.WRITE_ROLES | access.PROPOSE_ROLES),
            "export_query": request.GET.urlencode(),
            "today": timezone.localdate(),
        },
    )


@login_required
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get(request.user, pk)
    today = timezone.localdate()
    can_write = access.can_write(request.user, child.unit)
    events = [describe(e) for e in selectors.child_timeline(request.user, child)[:200]]
    context = {
        "child": child,
        "age": child.age_on(today),
        "active": child.is_active_on(today),
        "events": events,
        "group_names": circumstances.NAMES,
        "can_write": can_write,
        "can_propose": access.can_propose(request.user, child.unit, child.village),
        "merges": selectors.child_merges(request.user, child),
        "pending": child.proposals.filter(status=Proposal.Status.PENDING),
    }
    if can_write:
        context.update(
            move_form=bootstrap(MoveForm(prefix="move")),
            episode_form=bootstrap(EpisodeForm(prefix="ep", initial={"started_on": today})),
            close_form=bootstrap(CloseForm(prefix="close", initial={"ended_on": today})),
            risk_form=bootstrap(RiskForm(prefix="risk", initial={"started_on": today})),
            support_form=bootstrap(SupportForm(prefix="sup", initial={"given_on": today})),
        )
    return render(request, "registry/child_detail.html", context)


@login_required
def child_register(request: HttpRequest) -> HttpResponse:
    commune = home_commune(request)
    writer = commune is not None and access.can_write(request.user, commune)
    proposer = commune is not None and access.can_propose(request.user, commune, None)
    if not (writer or proposer):
        raise Http404("Trang dành cho cán bộ và cộng tác viên cấp xã.")
    assert commune is not None
    form = bootstrap(ChildForm(request.POST or None, commune=commune))
    if request.method == "POST" and form.is_valid():
        village = form.cleaned_data["village"]
        if writer:
            child = run_service(
                form,
                lambda: child_services.child_register(
                    actor=request.user,
                    unit=commune,
                    village=village,
                    data=form.child_data(),
                    caregivers=form.caregivers(),
                ),
            )
            if child:
                messages.success(request, f"Đã đăng ký {child.full_name}.")
                return redirect("registry:child_detail", child.pk)
        else:
            proposal = run_service(
                form,
                lambda: proposal_services.proposal_create(
                    actor=request.user,
                    kind=Proposal.Kind.REGISTER,
                    unit=commune,
                    village=village,
                    data=_proposal_data(form.child_data()),
                    caregivers=form.caregivers(),
                ),
            )
            if proposal:
                messages.success(request, "Đã gửi đề xuất; cán bộ xã sẽ xác nhận.")
                return redirect("registry:proposal_detail", proposal.pk)
    return render(
        request,
        "registry/child_form.html",
        {"form": form, "title": f"Đăng ký trẻ em — {commune.full_name}", "proposal": not writer},
    )


@login_required
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_get(request.user, pk, audit=False)
    writer = access.can_write(request.user, child.unit)
    if not writer and not access.can_propose(request.user, child.unit, child.village):
        raise Http404("Không tìm thấy trẻ em này trong địa bàn của bạn.")
    form = bootstrap(ChildForm(request.POST or None, instance=child, commune=child.unit))
    if request.method == "POST" and form.is_valid():
        data = form.child_data()
        if writer:
            done = run_service(
                form,
                lambda: child_services.child_update(actor=request.user, child=child, data=data),
            )
            if done:
                messages.success(request, "Đã lưu thay đổi.")
                return redirect("registry:child_detail", pk)
        else:
            changed = _changed(Child.objects.get(pk=pk), data)
            proposal = run_service(
                form,
                lambda: proposal_services.proposal_create(
                    actor=request.user,
                    kind=Proposal.Kind.UPDATE,
                    unit=child.unit,
                    child=child,
                    data=changed,
                ),
            )
            if proposal:
                messages.success(request, "Đã gửi đề xuất cập nhật; cán bộ xã sẽ xác nhận.")
                return redirect("registry:child_detail", pk)
    return render(
        request,
        "registry/child_form.html",
        {"form": form, "title": f"Sửa hồ sơ {child.full_name}", "proposal": not writer,
         "child": child},
    )  # fmt: skip


def _proposal_data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in ("", None, False)}


def _changed(original: Child, data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if getattr(original, k) != v}
