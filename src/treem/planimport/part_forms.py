"""Forms of the review screen for the appendix tasks and the budget table (one form per row),
with messages in Vietnamese that say what to type."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from treem.plans.models.parts import BudgetLineKind

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
BudgetFormSet: Any = forms.formset_factory(
    BudgetForm, formset=BaseBudgetFormSet, extra=1, can_delete=True, max_num=1000
)
