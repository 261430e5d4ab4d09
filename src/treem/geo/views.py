"""Pages for browsing administrative units (current and legacy) and adding villages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from treem.core.errors import NotFound
from treem.core.jobs import job_start
from treem.geo import reference, selectors, services
from treem.geo.models import VILLAGE_KINDS, Kind, Level, Unit, Version
from treem.org import scope
from treem.org.selectors import agency_list
from treem.web.shortcuts import bootstrap, paginate, run_service


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label="Tên đơn vị",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "VD: dong da, Ba Đình…"}),
    )
    level = forms.ChoiceField(
        label="Cấp", required=False, choices=[("", "Tất cả"), *Level.choices[1:]]
    )
    version = forms.ChoiceField(label="Thời kỳ", choices=Version.choices, required=False)


class VillageForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=[(k.value, k.label) for k in VILLAGE_KINDS])
    name = forms.CharField(label="Tên", max_length=120)


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = bootstrap(UnitSearchForm(request.GET or None))
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    version = Version(data.get("version") or Version.CURRENT)
    level = data.get("level") or None
    if data.get("q"):
        units: list[Unit] | object = selectors.unit_search(
            data["q"], version=version, level=level, limit=100
        )
    else:
        units = (
            selectors.provinces(version)
            if not level
            else (selectors.units().filter(version=version, level=level).order_by("path"))
        )
    page, base = paginate(request, units)
    return render(
        request, "geo/unit_list.html", {"form": form, "page_obj": page, "querystring_base": base}
    )


def _unit_or_404(version: str, code: str) -> Unit:
    if version not in Version.values:
        raise Http404("Thời kỳ không hợp lệ.")
    try:
        return selectors.unit_get(code, version=Version(version))
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
def unit_detail(request: HttpRequest, version: str, code: str) -> HttpResponse:
    unit = _unit_or_404(version, code)
    can_add_village = (
        unit.level == Level.COMMUNE
        and not unit.is_legacy
        and scope.can_manage_unit(request.user, unit)
    )
    form = bootstrap(VillageForm(request.POST or None)) if can_add_village else None
    if request.method == "POST":
        if form is None:
            raise Http404("Bạn không có quyền thêm thôn/tổ dân phố ở đây.")
        if form.is_valid():
            village = run_service(
                form,
                lambda: services.village_create(
                    actor=request.user, commune=unit, **form.cleaned_data
                ),
            )
            if village:
                messages.success(request, f"Đã thêm {village.full_name}.")
                return redirect("geo:unit_detail", unit.version, unit.code)
    children, base = paginate(request, selectors.unit_children(unit), per_page=100)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit),
        "page_obj": children,
        "querystring_base": base,
        "successors": selectors.unit_successions(unit) if unit.is_legacy else [],
        "predecessors": selectors.unit_predecessors(unit) if not unit.is_legacy else [],
        "agencies": agency_list(request.user).filter(unit=unit),
        "village_form": form,
    }
    return render(request, "geo/unit_detail.html", context)


@login_required
def reference_page(request: HttpRequest) -> HttpResponse:
    """Reference data status, and (national administrators) a reload as a background job."""
    if not scope.is_national_admin(request.user):
        raise Http404("Trang dành cho quản trị hệ thống cấp quốc gia.")
    if request.method == "POST":
        job = job_start(actor=request.user, kind="geo.load", title="Nạp dữ liệu đơn vị hành chính")
        return redirect("core:job_detail", job.pk)
    return render(
        request,
        "geo/reference.html",
        {"stats": reference.stats(), "meta": reference.read_meta(), "kinds": Kind},
    )
