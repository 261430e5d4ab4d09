"""The indicator catalogue, grouped by objective, and a province's own indicators."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from treem.core.errors import Forbidden, TreemError
from treem.geo.models import Level, Unit, Version
from treem.org import scope
from treem.org.models import User
from treem.plans.forms import IndicatorForm
from treem.plans.models import Indicator, ObjectiveGroup
from treem.plans.selectors.plans import indicators_visible_to
from treem.plans.services import catalogue as services
from treem.plans.views.work.common import attempt, mark_invalid, reader
from treem.web.shortcuts import bootstrap


@dataclass(frozen=True)
class Group:
    number: int
    label: str
    indicators: list[Indicator]


def catalogue_provinces(user: User) -> list[Unit]:
    """Current provinces whose catalogue the user may extend."""
    paths = scope.unit_paths(user, services.CATALOGUE_ROLES)
    if not paths:
        return []
    units = Unit.objects.filter(version=Version.CURRENT, level=Level.PROVINCE).order_by("path")
    return [u for u in units if any(u.path.startswith(p) for p in paths)]


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    indicators = list(indicators_visible_to(user).order_by("sort_order", "number", "part"))
    groups = [
        Group(value, str(label), [i for i in indicators if i.group == value])
        for value, label in ObjectiveGroup.choices
    ]
    provinces = catalogue_provinces(user)
    return render(
        request,
        "plans/work/catalogue.html",
        {
            "groups": [g for g in groups if g.indicators],
            "count": len(indicators),
            "can_add": bool(provinces),
            "manageable": {p.code for p in provinces},
        },
    )


class ProvinceIndicatorForm(IndicatorForm):
    province = forms.ModelChoiceField(
        label="Tỉnh/thành phố", queryset=Unit.objects.none(), empty_label=None
    )
    field_order = ["province"]

    def __init__(self, *args: object, provinces: list[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["province"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[p.pk for p in provinces])
        if len(provinces) == 1:
            field.initial = provinces[0].pk
            field.widget = forms.HiddenInput()


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    provinces = catalogue_provinces(user)
    if not provinces:
        raise Http404("Chỉ chuyên viên cấp tỉnh được bổ sung chỉ tiêu riêng.")
    form = bootstrap(ProvinceIndicatorForm(request.POST or None, provinces=provinces))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        province = data.pop("province")
        indicator = attempt(
            form, lambda: services.indicator_create(actor=user, province=province, **data)
        )
        if indicator is not None:
            messages.success(
                request, f"Đã bổ sung chỉ tiêu {indicator.code} vào danh mục của tỉnh."
            )
            return redirect("plans:catalogue")
    mark_invalid(form)
    return render(
        request,
        "plans/work/indicator_form.html",
        {"form": form, "province": provinces[0] if len(provinces) == 1 else None},
    )


@login_required
@require_POST
def indicator_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    indicator = indicators_visible_to(user).filter(pk=pk).first()
    manageable = {p.code for p in catalogue_provinces(user)}
    if indicator is None or indicator.province_code not in manageable:
        raise Http404("Không tìm thấy chỉ tiêu riêng của tỉnh bạn quản lý.")
    try:
        services.indicator_deactivate(actor=user, indicator=indicator)
    except Forbidden:
        raise Http404("Không tìm thấy chỉ tiêu riêng của tỉnh bạn quản lý.") from None
    except TreemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã ngừng dùng chỉ tiêu {indicator.code}.")
    return redirect("plans:catalogue")
