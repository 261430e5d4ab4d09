"""The list of plan drafts, the upload that reads a document into a draft, discarding a draft
and the page shown once a draft became a plan."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.planimport.forms import UploadForm
from treem.planimport.presentation import budget_view, part_counts
from treem.planimport.views.common import draft_or_404, plan_url, planner_units
from treem.plans.models import PlanDraft
from treem.plans.selectors.drafts import drafts_visible_to, plan_part_counts
from treem.plans.services.drafts import plan_draft_create, plan_draft_discard
from treem.web.shortcuts import acting_user, bootstrap, paginate, run_service

STATE_BADGES = {
    PlanDraft.State.REVIEW: "warning",
    PlanDraft.State.CONFIRMED: "success",
    PlanDraft.State.DISCARDED: "secondary",
}


@login_required
def draft_list(request: HttpRequest) -> HttpResponse:
    planner_units(request)
    qs = drafts_visible_to(acting_user(request))
    state = request.GET.get("state", "")
    if state in PlanDraft.State.values:
        qs = qs.filter(state=state)
    page, base = paginate(request, qs, per_page=30)
    rows = [
        (draft, len(draft.extraction.get("targets", [])), STATE_BADGES[draft.state])
        for draft in page
    ]
    return render(
        request,
        "planimport/draft_list.html",
        {
            "page_obj": page,
            "querystring_base": base,
            "rows": rows,
            "state": state,
            "states": PlanDraft.State.choices,
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    units = planner_units(request)
    form = bootstrap(UploadForm(request.POST or None, request.FILES or None, units=units))
    limit = settings.PLAN_IMPORT_MAX_BYTES
    if request.method == "POST" and form.is_valid():
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        file = form.cleaned_data["file"]
        if file.size > limit:
            form.add_error(
                "file",
                f"Tệp lớn {file.size / 1024 / 1024:.1f} MB, quá giới hạn "
                f"{limit // (1024 * 1024)} MB. Hãy bỏ bớt hình ảnh hoặc phụ lục không cần "
                "thiết, hoặc nhờ quản trị nhập bằng lệnh `treem plan import`.",
            )
        else:
            draft = run_service(
                form,
                lambda: plan_draft_create(
                    actor=request.user, unit=unit, file_name=file.name, data=file.read()
                ),
            )
            if draft is not None:
                messages.success(
                    request,
                    f"Đã đọc «{draft.file_name}». Hãy đối chiếu từng mục với văn bản gốc, sửa "
                    "nếu cần rồi xác nhận để tạo kế hoạch.",
                )
                return redirect("planimport:draft_review", draft.pk)
    return render(
        request,
        "planimport/upload.html",
        {"form": form, "limit_mb": limit // (1024 * 1024)},
    )


@login_required
@require_POST
def discard(request: HttpRequest, pk: str) -> HttpResponse:
    draft = draft_or_404(request, pk)
    form = forms.Form()  # carries a service error back as a message
    if run_service(form, lambda: plan_draft_discard(actor=request.user, draft=draft)):
        messages.success(request, f"Đã hủy bản đọc «{draft.file_name}».")
    else:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return redirect("planimport:draft_list")


@login_required
def done(request: HttpRequest, pk: str) -> HttpResponse:
    draft = draft_or_404(request, pk)
    if draft.state != PlanDraft.State.CONFIRMED or draft.plan is None:
        return redirect("planimport:draft_review", draft.pk)
    plan = draft.plan
    created = plan_part_counts(plan)
    return render(
        request,
        "planimport/done.html",
        {
            "draft": draft,
            "plan": plan,
            "created": created,
            "read": part_counts(draft.extraction, budget_view(draft.extraction.get("budget"))),
            "plan_url": plan_url(plan),
        },
    )
