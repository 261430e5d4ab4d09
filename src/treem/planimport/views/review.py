"""The review screen: the source text beside what was read from it, the edits (document
details, targets) and the confirmation that creates the plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from treem.core.errors import Forbidden, TreemError
from treem.planimport import edits
from treem.planimport import presentation as show
from treem.planimport.forms import (
    ConfirmForm,
    DocumentForm,
    TargetFormSet,
    code_choices,
)
from treem.planimport.views.common import draft_or_404, plan_url
from treem.plans.domain.extraction import (
    json_number,
    measure_unit,
    parse_date,
    plan_period,
    to_decimal,
)
from treem.plans.models import Indicator, PlanDraft
from treem.plans.selectors.drafts import (
    AgencyMatcher,
    catalogue_for,
    parent_plan_choices,
    suggested_parent,
)
from treem.plans.services.drafts import plan_draft_confirm, plan_draft_update
from treem.web.shortcuts import acting_user, bootstrap, run_service

TARGET_FIELDS = ("code", "year", "comparator", "value", "value_high", "unit")


def _document_form(draft: PlanDraft, data: Any = None) -> DocumentForm:
    document = draft.extraction.get("document") or {}
    first, last = plan_period(draft.extraction) or (None, None)
    initial = {
        "number": document.get("number") or "",
        "issued_on": parse_date(document.get("issued_on")),
        "issuer": document.get("issuer") or "",
        "title": document.get("title") or "",
        "first_year": first,
        "last_year": last,
    }
    form = bootstrap(DocumentForm(data, initial=initial, prefix="d"))
    if draft.state != PlanDraft.State.REVIEW:
        for field in form.fields.values():
            field.disabled = True
    return form


def _target_formset(draft: PlanDraft, codes: list[tuple[str, str]], data: Any = None) -> Any:
    initial = [
        {
            "index": index,
            "line": row.get("line"),
            "code": row.get("code") or "",
            "year": row.get("year"),
            "comparator": row.get("comparator"),
            "value": to_decimal(row.get("value")),
            "value_high": to_decimal(row.get("value_high")),
            "unit": measure_unit(row.get("unit")),
        }
        for index, row in enumerate(draft.extraction.get("targets", []))
    ]
    formset = TargetFormSet(data, initial=initial, prefix="t", codes=codes)
    if draft.state != PlanDraft.State.REVIEW:
        formset.extra = 0
        for form in formset.forms:
            for field in form.fields.values():
                field.disabled = True
    return formset


def _render(
    request: HttpRequest,
    draft: PlanDraft,
    document_form: DocumentForm | None = None,
    formset: Any = None,
    formsets: dict[str, Any] | None = None,
) -> HttpResponse:
    """The review screen; `formsets` are the tables sent back with errors, by part ("tasks",
    "assignments", "reporting", "budget"), the others are built from the draft."""
    data = draft.extraction
    sent = formsets or {}
    editable = draft.state == PlanDraft.State.REVIEW
    catalogue = catalogue_for(draft.unit)
    document_form = document_form or _document_form(draft)
    formset = formset or _target_formset(draft, code_choices(catalogue))
    targets = data.get("targets", [])
    target_rows = []
    for position, form in enumerate(formset.forms):
        row = targets[position] if position < len(targets) else None
        code = (row or {}).get("code")
        target_rows.append(
            {
                "form": form,
                "row": row,
                "name": catalogue[code].short_name if code in catalogue else "",
                "flag": show.target_flag(row, targets, plan_period(data)) if row else "",
                "new": row is None,
            }
        )
    document = data.get("document") or {}
    matcher = AgencyMatcher(draft.unit, parse_date(document.get("issued_on")))
    budget = show.budget_view(data.get("budget"))
    context = {
        "draft": draft,
        "editable": editable,
        "document": document,
        "lines": show.source_lines(draft),
        "document_form": document_form,
        "formset": formset,
        "target_rows": target_rows,
        "stamp": edits.stamp(targets),
        "assignment_formset": _agency_rows(
            sent.get("assignments")
            or edits.assignment_formset(
                data.get("assignments", []),
                {item.number for item in catalogue.values()},
                editable=editable,
            ),
            data.get("assignments", []),
            matcher,
            "agency",
        ),
        "assignments_stamp": edits.stamp(data.get("assignments", [])),
        "task_formset": _agency_rows(
            sent.get("tasks") or edits.task_formset(data.get("tasks", []), editable=editable),
            data.get("tasks", []),
            matcher,
            "lead",
        ),
        "tasks_stamp": edits.stamp(data.get("tasks", [])),
        "reporting_formset": _agency_rows(
            sent.get("reporting")
            or edits.reporting_formset(data.get("reporting", []), editable=editable),
            data.get("reporting", []),
        ),
        "reporting_stamp": edits.stamp(data.get("reporting", [])),
        "budget_formset": _budget_rows(
            sent.get("budget") or edits.budget_formset(data.get("budget"), editable=editable),
            budget,
        )
        if budget
        else None,
        "budget_stamp": edits.stamp((data.get("budget") or {}).get("lines", [])),
        "budget": budget,
        "warnings": [
            {"line": w.get("line"), "text": show.warning_text(w), "kind": w.get("kind")}
            for w in data.get("warnings", [])
        ],
        "problems": show.problems(data),
        "counts": show.part_counts(data, budget),
        "plan_url": plan_url(draft.plan) if draft.plan else None,
    }
    return render(request, "planimport/review.html", context)


def indicator_numbers(draft: PlanDraft) -> set[int]:
    """The indicator numbers of the draft's catalogue (what an assignment may name)."""
    return {item.number for item in catalogue_for(draft.unit).values()}


def _agency_rows(
    formset: Any,
    rows: list[dict[str, Any]],
    matcher: AgencyMatcher | None = None,
    agency: str = "",
) -> Any:
    """Each form beside the row it was built from (None for the empty row), and the agency of
    the system that the row's `agency` field names, if any."""
    formset.rows = []
    for position, form in enumerate(formset.forms):
        row = rows[position] if position < len(rows) else None
        name = (row or {}).get(agency) if matcher else None
        formset.rows.append(
            {"form": form, "row": row, "match": matcher.match(name) if matcher and name else None}
        )
    return formset


def _budget_rows(formset: Any, budget: show.BudgetView) -> Any:
    formset.rows = [
        {"form": form, "row": budget.rows[i] if i < len(budget.rows) else None}
        for i, form in enumerate(formset.forms)
    ]
    return formset


@login_required
def draft_review(request: HttpRequest, pk: str) -> HttpResponse:
    return _render(request, draft_or_404(request, pk))


def _editable_or_redirect(request: HttpRequest, draft: PlanDraft) -> HttpResponse | None:
    if draft.state == PlanDraft.State.REVIEW:
        return None
    messages.error(request, "Bản đọc này không còn sửa được (đã xác nhận hoặc đã hủy).")
    return redirect("planimport:draft_review", draft.pk)


def _update(request: HttpRequest, draft: PlanDraft, extraction: dict[str, Any]) -> str | None:
    """Save through the service; the error message, or None when saved."""
    try:
        plan_draft_update(actor=acting_user(request), draft=draft, extraction=extraction)
    except Forbidden as exc:
        raise Http404(exc.message) from None
    except TreemError as exc:
        return exc.message
    return None


@login_required
@require_POST
def save_document(request: HttpRequest, pk: str) -> HttpResponse:
    draft = draft_or_404(request, pk)
    if response := _editable_or_redirect(request, draft):
        return response
    form = _document_form(draft, request.POST)
    if form.is_valid():
        values = form.cleaned_data
        issued = values["issued_on"]
        document = {
            **(draft.extraction.get("document") or {}),
            "number": values["number"] or None,
            "issuer": values["issuer"] or None,
            "title": values["title"],
            "issued_on": issued.isoformat() if issued else None,
            "period": {"start": values["first_year"], "end": values["last_year"]},
        }
        error = _update(request, draft, {**draft.extraction, "document": document})
        if error is None:
            messages.success(request, "Đã lưu thông tin văn bản.")
            return redirect(reverse("planimport:draft_review", args=[draft.pk]) + "#thong-tin")
        form.add_error(None, error)
    return _render(request, draft, document_form=form)


@login_required
@require_POST
def save_targets(request: HttpRequest, pk: str) -> HttpResponse:
    draft = draft_or_404(request, pk)
    if response := _editable_or_redirect(request, draft):
        return response
    targets = draft.extraction.get("targets", [])
    if request.POST.get("stamp") != edits.stamp(targets):
        messages.error(
            request,
            "Bảng chỉ tiêu vừa được sửa ở nơi khác nên chưa lưu thay đổi của bạn; bảng dưới "
            "đây là bản mới nhất, hãy sửa lại.",
        )
        return redirect(reverse("planimport:draft_review", args=[draft.pk]) + "#chi-tieu")
    catalogue = catalogue_for(draft.unit)
    formset = _target_formset(draft, code_choices(catalogue), request.POST)
    if formset.is_valid():
        rows = _edited_targets(formset, targets, catalogue)
        error = _update(request, draft, {**draft.extraction, "targets": rows})
        if error is None:
            messages.success(request, f"Đã lưu bảng chỉ tiêu ({len(rows)} mục tiêu).")
            return redirect(reverse("planimport:draft_review", args=[draft.pk]) + "#chi-tieu")
        messages.error(request, error)
    return _render(request, draft, formset=formset)


def _edited_targets(
    formset: Any, targets: list[dict[str, Any]], catalogue: dict[str, Indicator]
) -> list[dict[str, Any]]:
    """The targets after the reviewer's edits: deleted rows dropped, edited rows marked, a row
    typed into the empty line added."""
    rows = []
    for form in formset.forms:
        values = form.cleaned_data
        if not values or values.get("DELETE"):
            continue
        index = values.get("index")
        edits = {
            "code": values["code"],
            "year": values["year"],
            "comparator": values["comparator"],
            "value": json_number(values.get("value")),
            "value_high": json_number(values.get("value_high")),
            "unit": values["unit"],
        }
        if index is not None and index < len(targets):
            row = dict(targets[index])
            before = {**row, "unit": measure_unit(row.get("unit"))}
            if any(before.get(name) != edits[name] for name in TARGET_FIELDS):
                row["edited"] = True
        else:
            item = catalogue[values["code"]]
            row = {
                "indicator": item.number,
                "part": item.part or None,
                "text": "",
                "line": values.get("line"),
                "added": True,
            }
        row.update(edits)
        rows.append(row)
    return rows


@login_required
def confirm(request: HttpRequest, pk: str) -> HttpResponse:
    draft = draft_or_404(request, pk)
    if draft.state == PlanDraft.State.CONFIRMED:
        return redirect("planimport:draft_done", draft.pk)
    if response := _editable_or_redirect(request, draft):
        return response
    data = draft.extraction
    document = data.get("document") or {}
    parents = parent_plan_choices(acting_user(request), draft.unit).select_related("unit")
    initial = {
        "parent": suggested_parent(parents, document.get("implements") or []),
        "activate": not document.get("draft"),
    }
    form = bootstrap(ConfirmForm(request.POST or None, initial=initial, parents=parents))
    problems = show.problems(data)
    if request.method == "POST" and not problems and form.is_valid():
        plan = run_service(
            form,
            lambda: plan_draft_confirm(
                actor=request.user,
                draft=draft,
                parent=form.cleaned_data["parent"],
                activate=form.cleaned_data["activate"],
            ),
        )
        if plan is not None:
            messages.success(request, f"Đã tạo kế hoạch {plan.number} từ «{draft.file_name}».")
            return redirect(plan_url(plan) or reverse("planimport:draft_done", args=[draft.pk]))
    budget = show.budget_view(data.get("budget"))
    period = plan_period(data)
    return render(
        request,
        "planimport/confirm.html",
        {
            "draft": draft,
            "document": document,
            "period": period,
            "form": form,
            "problems": problems,
            "counts": show.part_counts(data, budget),
        },
    )
