"""Forms of the review screen for the appendix tasks, the indicator assignments, the reporting
deadlines and the budget table (one form per row), with messages in Vietnamese that say what to
type."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django import forms

from treem.plans.models.parts import BudgetLineKind, ReportPeriod

# As written in the documents: "78.000", "1.250,5", "60000" (no English decimal dot, which
# would be read as thousands here).
_MONEY = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")
MONEY_HELP = "ví dụ 78.000 hoặc 12,5"
KIND_CHOICES = [
    (BudgetLineKind.ITEM.value, "khoản chi"),
    (BudgetLineKind.SUBTOTAL.value, "cộng nhóm"),
    (BudgetLineKind.TOTAL.value, "tổng cộng"),
]
_SMALL = "form-control form-control-sm"
PERIOD_HELP = "chọn 6 tháng, hằng năm hoặc đột xuất"
# A blank first choice: a period the form does not know (the parser's "quarterly") shows as
# unchosen and must be picked, instead of silently becoming the first period.
PERIOD_CHOICES = [("", "— chọn kỳ —"), *ReportPeriod.choices]
_INDICATOR_SPLIT = re.compile(r"\s*(?:[,;]|\bvà\b)\s*|\s+")


def parse_money(text: str) -> Decimal:
    """A money amount as typed in the review table; ValueError names the fix."""
    raw = text.strip().replace(" ", "")
    if raw.startswith("-"):
        raise ValueError("Số tiền không được âm.")
    if not _MONEY.match(raw):
        raise ValueError(
            f"«{text.strip()}» không phải là số tiền: chỉ nhập chữ số, dấu chấm ngăn nghìn và "
            f"dấu phẩy thập phân ({MONEY_HELP})."
        )
    return Decimal(raw.replace(".", "").replace(",", "."))


class MoneyField(forms.CharField):
    """An amount in the table's money unit, typed the Vietnamese way."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.widget.attrs["maxlength"] = "30"

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_money(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int | float | Decimal):
            return money_text(value)
        return value


def money_text(value: Any) -> str:
    """2292000 → "2.292.000"; 12.5 → "12,5" (what the reviewer sees and types back)."""
    number = Decimal(str(value))
    whole = int(number)
    text = f"{whole:,}".replace(",", ".")
    fraction = number - whole
    if fraction:
        text += "," + format(fraction.normalize(), "f").split(".")[1]
    return text


def _optional_number(label: str, what: str, highest: int) -> forms.IntegerField:
    """An optional whole number from 1 to `highest`, each refusal naming the range."""
    in_range = f"{what} phải từ 1 đến {highest}."
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=highest,
        error_messages={
            "invalid": f"{what} là một số từ 1 đến {highest}.",
            "min_value": in_range,
            "max_value": in_range,
        },
    )


def _style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        if name == "DELETE":
            continue
        css = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) else _SMALL
        field.widget.attrs.setdefault("class", css)
        field.widget.attrs.setdefault("aria-label", str(field.label))


class TaskForm(forms.Form):
    index = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    number = forms.CharField(label="STT", max_length=20, required=False)
    text = forms.CharField(
        label="Nhiệm vụ",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Nhập nội dung nhiệm vụ (hoặc đánh dấu xóa dòng)."},
    )
    lead = forms.CharField(
        label="Chủ trì",
        max_length=200,
        required=False,
        error_messages={"max_length": "Tên cơ quan chủ trì dài quá 200 ký tự: hãy rút gọn."},
    )
    coordinating = forms.CharField(
        label="Phối hợp",
        max_length=1000,
        required=False,
        help_text="Các cơ quan cách nhau bởi dấu chấm phẩy (;).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_text(self) -> str:
        text = " ".join(str(self.cleaned_data.get("text") or "").split())
        if not text:
            raise forms.ValidationError("Nhập nội dung nhiệm vụ (hoặc đánh dấu xóa dòng).")
        return text


class BudgetForm(forms.Form):
    index = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    row = forms.CharField(label="STT", max_length=30, required=False)
    text = forms.CharField(label="Nội dung", max_length=500, required=False)
    agency = forms.CharField(
        label="Đơn vị thực hiện",
        max_length=200,
        required=False,
        error_messages={"max_length": "Tên đơn vị thực hiện dài quá 200 ký tự: hãy rút gọn."},
    )
    # The initial value keeps the empty row for adding unchanged (so not validated) when sent.
    kind = forms.ChoiceField(label="Loại dòng", choices=KIND_CHOICES, initial=BudgetLineKind.ITEM)
    total = MoneyField(label="Tổng")

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"y{year}"] = MoneyField(label=f"Năm {year}")
        _style(self)

    def year_fields(self) -> list[forms.BoundField]:
        return [self[f"y{year}"] for year in self.years]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("kind") != BudgetLineKind.TOTAL and not str(data.get("text") or "").strip():
            self.add_error("text", "Nhập nội dung khoản chi (hoặc đánh dấu xóa dòng).")
        amounts = [data.get(f"y{year}") for year in self.years]
        if all(a is None for a in amounts) and data.get("total") is None:
            self.add_error("total", "Nhập số tiền ít nhất cho một năm hoặc ở cột tổng.")
        return data


def parse_indicators(text: str, numbers: Collection[int]) -> list[int]:
    """ "7, 15 và 16" → [7, 15, 16]; ValueError names the first item that is not an indicator
    number of the catalogue."""
    found: list[int] = []
    for item in _INDICATOR_SPLIT.split(text.strip()):
        if not item:
            continue
        if not item.isdigit():
            raise ValueError(
                f"«{item}» không phải là số chỉ tiêu: chỉ nhập các số chỉ tiêu cách nhau bởi "
                "dấu phẩy, ví dụ 7, 15, 16."
            )
        if int(item) not in numbers:
            first, last = min(numbers, default=1), max(numbers, default=1)
            raise ValueError(
                f"Chỉ tiêu {item} không có trong danh mục (các chỉ tiêu từ {first} đến {last})."
            )
        found.append(int(item))
    if not found:
        raise ValueError(
            "Nhập các số chỉ tiêu được giao, ví dụ 7, 15, 16 (hoặc đánh dấu xóa dòng)."
        )
    return list(dict.fromkeys(found))


class AssignmentForm(forms.Form):
    index = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    agency = forms.CharField(
        label="Cơ quan chủ trì",
        max_length=200,
        error_messages={
            "required": "Nhập tên cơ quan chủ trì (hoặc đánh dấu xóa dòng).",
            "max_length": "Tên cơ quan chủ trì dài quá 200 ký tự: hãy rút gọn.",
        },
    )
    indicators = forms.CharField(
        label="Chỉ tiêu",
        max_length=500,
        help_text="Các số chỉ tiêu cách nhau bởi dấu phẩy, ví dụ 7, 15, 16.",
        error_messages={"required": "Nhập các số chỉ tiêu được giao, ví dụ 7, 15, 16."},
    )

    def __init__(self, *args: Any, numbers: Collection[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbers = numbers
        _style(self)

    def clean_agency(self) -> str:
        agency = " ".join(str(self.cleaned_data.get("agency") or "").split())
        if not agency:
            raise forms.ValidationError("Nhập tên cơ quan chủ trì (hoặc đánh dấu xóa dòng).")
        return agency

    def clean_indicators(self) -> list[int]:
        try:
            return parse_indicators(str(self.cleaned_data.get("indicators") or ""), self.numbers)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class ReportingForm(forms.Form):
    index = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)
    period = forms.ChoiceField(
        label="Kỳ báo cáo",
        choices=PERIOD_CHOICES,
        error_messages={
            "required": f"Chọn kỳ báo cáo: {PERIOD_HELP}.",
            "invalid_choice": f"Kỳ báo cáo «%(value)s» không có: {PERIOD_HELP}.",
        },
    )
    due_day = _optional_number("Hạn: ngày", "Ngày hạn báo cáo", 31)
    due_month = _optional_number("Hạn: tháng", "Tháng hạn báo cáo", 12)
    to = forms.CharField(
        label="Gửi đến",
        max_length=300,
        required=False,
        error_messages={"max_length": "Tên nơi nhận báo cáo dài quá 300 ký tự: hãy rút gọn."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("due_day", "due_month"):
            self.fields[name].widget.attrs.update({"min": "1", "inputmode": "numeric"})
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, month = data.get("due_day"), data.get("due_month")
        if "due_day" in self.errors or "due_month" in self.errors:
            return data
        if (day is None) != (month is None):
            missing = "due_month" if month is None else "due_day"
            self.add_error(
                missing, "Nhập đủ cả ngày và tháng của hạn báo cáo (hoặc để trống cả hai)."
            )
        elif day is not None and month is not None:
            try:
                dt.date(2024, month, day)  # a leap year: 29/2 is a possible deadline
            except ValueError:
                self.add_error(
                    "due_day",
                    f"Ngày {day}/{month} không có thật: tháng {month} không có ngày {day}.",
                )
        return data


class _RowFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Xóa"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


class BaseBudgetFormSet(_RowFormSet):
    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        self.years = years
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "years": self.years}


TaskFormSet: Any = forms.formset_factory(
    TaskForm, formset=_RowFormSet, extra=1, can_delete=True, max_num=1000
)
AssignmentFormSet: Any = forms.formset_factory(
    AssignmentForm, formset=_RowFormSet, extra=1, can_delete=True, max_num=1000
)
ReportingFormSet: Any = forms.formset_factory(
    ReportingForm, formset=_RowFormSet, extra=1, can_delete=True, max_num=1000
)
BudgetFormSet: Any = forms.formset_factory(
    BudgetForm, formset=BaseBudgetFormSet, extra=1, can_delete=True, max_num=1000
)
