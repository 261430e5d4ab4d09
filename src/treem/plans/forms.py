"""Forms of the plans pages. They only shape input; every rule lives in the services, whose
errors the views place on the fields named in `Invalid.details`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from treem.geo.models import Unit
from treem.org.models import AgencyKind
from treem.plans.domain.comparators import Comparator
from treem.plans.domain.measures import Direction, MeasureUnit
from treem.plans.models import Indicator, ObjectiveGroup, Plan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEAR = forms.NumberInput(attrs={"min": 2000, "max": 2100})
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def vn_number(text: str) -> str:
    """Vietnamese number writing to a plain one: '1.234,5' → '1234.5', '97,5' → '97.5',
    '12.500' → '12500'. Anything else is returned as typed for the service to judge."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in raw:
        return raw.replace(".", "").replace(",", ".")
    if _GROUPED.match(raw):
        return raw.replace(".", "")
    return raw


class VnDecimalField(forms.CharField):
    """A number typed the Vietnamese way, kept as text: the service parses and checks it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(max_length=30, **kwargs)

    def clean(self, value: Any) -> str:
        return vn_number(super().clean(value) or "")


def decimal_or_none(text: str) -> Decimal | None:
    """For services that take a Decimal (targets): '' → None, else the number or a form
    error in Vietnamese."""
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise forms.ValidationError(f"'{text}' không phải là số; nhập ví dụ 95 hoặc 9,5.") from None
    if not number.is_finite():
        raise forms.ValidationError("Nhập một số.")
    return number


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label="Địa bàn", queryset=Unit.objects.none(), empty_label=None)
    number = forms.CharField(label="Số, ký hiệu", max_length=60)
    title = forms.CharField(label="Trích yếu", max_length=500, widget=forms.Textarea({"rows": 2}))
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE)
    first_year = forms.IntegerField(label="Từ năm", widget=YEAR)
    last_year = forms.IntegerField(label="Đến năm", widget=YEAR)
    parent = forms.ModelChoiceField(
        label="Thực hiện kế hoạch cấp trên",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="— không —",
        help_text="Chỉ tiêu kế hoạch để trống sẽ kế thừa từ kế hoạch cấp trên.",
    )

    def __init__(self, *args: Any, units: list[Unit], parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = parents


class PlanEditForm(forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=60)
    title = forms.CharField(label="Trích yếu", max_length=500, widget=forms.Textarea({"rows": 2}))
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE)
    first_year = forms.IntegerField(label="Từ năm", widget=YEAR)
    last_year = forms.IntegerField(label="Đến năm", widget=YEAR)


class ReferenceForm(forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=60)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE)
    title = forms.CharField(label="Trích yếu", max_length=500, required=False)


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="Chỉ tiêu", queryset=Indicator.objects.none(), empty_label="— chọn chỉ tiêu —"
    )
    year = forms.IntegerField(label="Năm", widget=YEAR)
    # Not required here: a missing comparator gets the service's message.
    comparator = forms.ChoiceField(
        label="So sánh", choices=[("", "— chọn —"), *Comparator.choices], required=False
    )
    value = VnDecimalField(label="Giá trị")
    value_high = VnDecimalField(label="Cận trên", help_text="Khi mục tiêu là một khoảng.")
    unit = forms.ChoiceField(
        label="Đơn vị tính",
        choices=[("", "theo chỉ tiêu"), *MeasureUnit.choices],
        required=False,
    )
    text = forms.CharField(label="Nguyên văn", max_length=1000, required=False)

    def __init__(self, *args: Any, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = indicators

    def clean_value(self) -> Decimal | None:
        return decimal_or_none(self.cleaned_data["value"])

    def clean_value_high(self) -> Decimal | None:
        return decimal_or_none(self.cleaned_data["value_high"])


class IndicatorForm(forms.Form):
    code = forms.CharField(label="Mã", max_length=12, help_text="Ví dụ KH-25.")
    name = forms.CharField(label="Tên chỉ tiêu", max_length=300)
    short_name = forms.CharField(label="Tên ngắn", max_length=80)
    group = forms.TypedChoiceField(
        label="Nhóm mục tiêu", choices=ObjectiveGroup.choices, coerce=int
    )
    unit = forms.ChoiceField(label="Đơn vị tính", choices=MeasureUnit.choices)
    direction = forms.ChoiceField(label="Chiều mong muốn", choices=Direction.choices)
    numerator = forms.CharField(label="Tử số (đếm gì)", max_length=300, required=False)
    denominator = forms.CharField(
        label="Mẫu số (trên tổng số nào)",
        max_length=300,
        required=False,
        help_text="Để trống với chỉ tiêu đếm số lượng.",
    )
    lead_sector = forms.ChoiceField(
        label="Ngành chủ trì nhập số liệu",
        choices=[("", "— mọi ngành —"), *AgencyKind.choices],
        required=False,
    )


class PeriodUnitForm(forms.Form):
    """The entry grid's choice of period and unit (GET)."""

    period = forms.CharField(
        label="Kỳ báo cáo",
        max_length=7,
        help_text="Năm (2025) hoặc nửa năm (2025S1, 2025S2).",
    )
    unit = forms.ChoiceField(label="Đơn vị", choices=[])

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = [(unit_key(u), u.full_name) for u in units if u.version == "current"]
        legacy = [(unit_key(u), legacy_label(u)) for u in units if u.version != "current"]
        choices: list[Any] = []
        if current:
            choices.append(("Đơn vị hiện hành (từ 01/7/2025)", current))
        if legacy:
            choices.append(("Đơn vị trước 01/7/2025", legacy))
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def unit_key(unit: Unit) -> str:
    return f"{unit.version}:{unit.code}"


def legacy_label(unit: Unit) -> str:
    return f"{unit.full_name} (cũ, mã {unit.code})"


class EntryRowForm(forms.Form):
    """One row of the entry grid (prefix: the indicator's id)."""

    numerator = VnDecimalField(label="Tử số")
    denominator = VnDecimalField(label="Mẫu số")
    evidence = forms.CharField(label="Căn cứ số liệu", max_length=500, required=False)
    notes = forms.CharField(label="Ghi chú", max_length=1000, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", max_length=300, required=False)
