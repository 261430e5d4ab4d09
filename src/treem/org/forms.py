from __future__ import annotations

from typing import Any

from django import forms

from treem.core.errors import NotFound
from treem.geo.models import Unit
from treem.geo.selectors import unit_get
from treem.org.models import Agency, AgencyKind
from treem.org.roles import Role


class UnitCodeField(forms.CharField):
    """A current unit typed as its code ('00004', '01', 'VN'); legacy codes are refused with
    the names of their successors."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Mã đơn vị hành chính")
        kwargs.setdefault(
            "help_text", "Xã/phường: 5 chữ số; tỉnh/thành phố: 2 chữ số; toàn quốc: VN."
        )
        super().__init__(max_length=16, **kwargs)

    def clean(self, value: Any) -> Unit:
        code = super().clean(value)
        try:
            return unit_get(code)
        except NotFound as exc:
            raise forms.ValidationError(exc.message) from None


class AgencyForm(forms.Form):
    name = forms.CharField(label="Tên cơ quan", max_length=200)
    short_name = forms.CharField(label="Tên viết tắt", max_length=40, required=False)
    kind = forms.ChoiceField(label="Lĩnh vực", choices=AgencyKind.choices)
    unit = UnitCodeField()
    valid_from = forms.DateField(
        label="Hoạt động từ",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    valid_to = forms.DateField(
        label="Hoạt động đến",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Ngày kết thúc phải sau ngày bắt đầu hoạt động.")
        return data


class AgencyEditForm(AgencyForm):
    unit = None  # type: ignore[assignment]  # the unit of an agency does not change


class SuccessionForm(forms.Form):
    successor = forms.ModelChoiceField(label="Cơ quan kế thừa", queryset=Agency.objects.none())
    effective_on = forms.DateField(
        label="Ngày hiệu lực", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    scope_text = forms.CharField(
        label="Phạm vi chuyển giao",
        required=False,
        max_length=200,
        help_text="VD: 'quản lý nhà nước về trẻ em'. Để trống nếu chuyển giao toàn bộ.",
    )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    unit = UnitCodeField()
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none(), required=False)


class UserCreateForm(MembershipForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        widget=forms.PasswordInput,
        help_text="Ít nhất 10 ký tự, không quá phổ biến.",
    )

    field_order = ["username", "full_name", "email", "phone", "password", "role", "unit", "agency"]


class UserEditForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    is_active = forms.BooleanField(label="Đang hoạt động", required=False)


class EndMembershipForm(forms.Form):
    on = forms.DateField(
        label="Kết thúc từ ngày", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    reason = forms.CharField(label="Lý do", max_length=300)
