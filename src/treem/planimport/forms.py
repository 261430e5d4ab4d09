"""Forms of the plan import: the upload, the document details, the targets table (one form per
target) and the confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from treem.geo.models import Unit
from treem.plans.domain.comparators import Comparator
from treem.plans.domain.extraction import FIRST_YEAR, LAST_YEAR, UNIT_CHOICES
from treem.plans.models import Indicator, Plan

SHORT_UNIT_LABELS = {"per_1000": "‰", "per_100000": "/100.000"}

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEAR_ERRORS = {"invalid": "Nhập năm bằng số, ví dụ 2030."}
NUMBER_ERRORS = {"invalid": "Nhập một số, dùng dấu phẩy cho phần thập phân (ví dụ 9,5)."}
COMPARATOR_CHOICES = [
    (">=", "≥ từ"),
    (">", "> trên"),
    ("<=", "≤ tối đa"),
    ("<", "< dưới"),
    ("=", "= bằng"),
    (Comparator.MAINTAIN.value, "duy trì"),
    (Comparator.REDUCE_BY.value, "giảm/năm"),
]
# Short labels for the narrow table; the meaning is in the page's legend.
SHORT_UNITS = [(value, SHORT_UNIT_LABELS.get(value, label)) for value, label in UNIT_CHOICES]


class UploadForm(forms.Form):
    unit = forms.TypedChoiceField(label="Kế hoạch của địa bàn", coerce=int)
    file = forms.FileField(
        label="Tệp kế hoạch",
        help_text="Word (.docx), PDF có lớp chữ, .txt hoặc .md.",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt,.md"}),
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(u.pk, u.full_name) for u in units]
        if len(units) == 1:
            field.initial = units[0].pk


class DocumentForm(forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DATE)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    title = forms.CharField(
        label="Trích yếu", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    first_year = forms.IntegerField(
        label="Giai đoạn từ năm",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages=YEAR_ERRORS,
    )
    last_year = forms.IntegerField(
        label="đến năm", min_value=FIRST_YEAR, max_value=LAST_YEAR, error_messages=YEAR_ERRORS
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "Năm kết thúc phải từ năm bắt đầu trở đi.")
        return data


class TargetForm(forms.Form):
    index = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    line = forms.IntegerField(
        label="Dòng", required=False, min_value=1, error_messages={"invalid": "Số dòng là số."}
    )
    code = forms.ChoiceField(label="Mã chỉ tiêu")
    year = forms.IntegerField(
        label="Năm", min_value=FIRST_YEAR, max_value=LAST_YEAR, error_messages=YEAR_ERRORS
    )
    comparator = forms.ChoiceField(label="So sánh", choices=COMPARATOR_CHOICES)
    value = forms.DecimalField(
        label="Giá trị",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=3,
        localize=True,
        error_messages=NUMBER_ERRORS,
    )
    value_high = forms.DecimalField(
        label="Cận trên",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=3,
        localize=True,
        error_messages=NUMBER_ERRORS,
    )
    unit = forms.ChoiceField(label="Đơn vị", choices=SHORT_UNITS)

    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "— chọn —"), *codes]
        for name in ("line", "year", "value", "value_high"):
            self.fields[name].widget.attrs.update({"class": "form-control form-control-sm"})
        for name in ("code", "comparator", "unit"):
            self.fields[name].widget.attrs.update({"class": "form-select form-select-sm"})
        for bound in self.fields.values():
            bound.widget.attrs.setdefault("aria-label", str(bound.label))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        comparator = data.get("comparator")
        if data.get("value") is None and comparator not in (None, Comparator.MAINTAIN):
            self.add_error("value", "Nhập giá trị mục tiêu.")
        low, high = data.get("value"), data.get("value_high")
        if high is not None and (low is None or high < low):
            self.add_error("value_high", "Cận trên phải lớn hơn hoặc bằng giá trị.")
        return data


class BaseTargetFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        self.codes = codes
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "codes": self.codes}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Xóa"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


TargetFormSet: Any = forms.formset_factory(
    TargetForm, formset=BaseTargetFormSet, extra=1, can_delete=True, max_num=500
)


def code_choices(catalogue: dict[str, Indicator]) -> list[tuple[str, str]]:
    return [(code, f"{code} · {item.short_name}") for code, item in catalogue.items()]


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} — {obj.unit.full_name} ({obj.first_year}–{obj.last_year})"


class ConfirmForm(forms.Form):
    parent = PlanChoiceField(
        label="Thực hiện kế hoạch cấp trên",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="— Không gắn với kế hoạch cấp trên —",
        help_text="Chỉ tiêu kế hoạch không đặt sẽ theo kế hoạch cấp trên.",
    )
    activate = forms.BooleanField(label="Đưa kế hoạch vào thực hiện ngay", required=False)

    def __init__(self, *args: Any, parents: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = parents
