"""Proposals from village collaborators, and the commune officer's decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from treem.registry import access, selectors
from treem.registry.forms import DecisionForm
from treem.registry.models import Child, Proposal
from treem.registry.models.choices import Relation
from treem.registry.services import proposals as services
from treem.registry.timeline import display
from treem.web.shortcuts import bootstrap, paginate, run_service


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Proposal.Status.PENDING)
    qs = selectors.proposals_visible_to(request.user)
    if status:
        qs = qs.filter(status=status)
    page, base = paginate(request, qs)
    return render(
        request,
        "registry/proposal_list.html",
        {"page_obj": page, "querystring_base": base, "status": status,
         "statuses": Proposal.Status.choices},
    )  # fmt: skip


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    can_decide = (
        access.can_write(request.user, proposal.unit) and proposal.status == Proposal.Status.PENDING
    )
    form = bootstrap(DecisionForm(request.POST or None))
    if request.method == "POST" and can_decide and form.is_valid():
        note = form.cleaned_data["note"]
        if "accept" in request.POST:
            child = run_service(
                form,
                lambda: services.proposal_accept(actor=request.user, proposal=proposal, note=note),
            )
            if child:
                messages.success(request, "Đã xác nhận đề xuất.")
                return redirect("registry:child_detail", child.pk)
        else:
            if run_service(
                form,
                lambda: services.proposal_reject(actor=request.user, proposal=proposal, note=note),
            ):
                messages.success(request, "Đã trả lại đề xuất.")
                return redirect("registry:proposal_list")
    rows = _rows(proposal)
    return render(
        request,
        "registry/proposal_detail.html",
        {"proposal": proposal, "rows": rows, "form": form, "can_decide": can_decide},
    )


def _rows(proposal: Proposal) -> list[tuple[str, str, str]]:
    """(label, current value, proposed value) for the proposal's fields, as people read them
    (choice labels, dd/mm/yyyy dates, có/không)."""
    rows = []
    for name, value in proposal.data.items():
        if name in ("village_id", "caregivers"):
            continue
        field: Any = Child._meta.get_field(name)
        current = getattr(proposal.child, name, "") if proposal.child else ""
        rows.append(
            (str(field.verbose_name).capitalize(), display(name, current), display(name, value))
        )
    relations = dict(Relation.choices)
    for caregiver in proposal.data.get("caregivers", []):
        relation = caregiver.get("relation", "")
        label = str(relations.get(relation, relation))
        rows.append((label, "", caregiver.get("full_name", "")))
    return rows
