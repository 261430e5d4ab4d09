from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from treem.core import selectors
from treem.core.models import AuditEvent
from treem.org import scope
from treem.web.shortcuts import bootstrap, paginate


class AuditFilterForm(forms.Form):
    who = forms.CharField(label="Người thực hiện", required=False)
    action = forms.CharField(label="Hành động (bắt đầu bằng)", required=False)
    obj = forms.CharField(label="Đối tượng", required=False)
    kind = forms.ChoiceField(
        label="Loại", required=False, choices=[("", "Tất cả"), *AuditEvent.Kind.choices]
    )
    since = forms.DateField(
        label="Từ ngày", required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    until = forms.DateField(
        label="Đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not scope.is_admin(request.user):
        raise Http404("Trang dành cho quản trị hệ thống.")
    form = bootstrap(AuditFilterForm(request.GET or None))
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_search(request.user, **filters).select_related("actor")
    page, base = paginate(request, events)
    return render(
        request, "core/audit_list.html", {"form": form, "page_obj": page, "querystring_base": base}
    )


@login_required
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = selectors.job_get(request.user, pk)
    template = (
        "core/job_status.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    )
    return render(request, template, {"job": job})
