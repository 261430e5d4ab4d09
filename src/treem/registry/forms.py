"""Forms of the registry pages. They only shape input; the services validate and save."""

from __future__ import annotations

from typing import Any

from django import forms

from treem.geo.models import Level, Unit
from treem.org.forms import UnitCodeField
from treem.registry.domain import circumstances
from treem.registry.models import Child, RiskFlag, SupportRecord
from treem.registry.models.choices import LifeStatus, Relation, Sex
from treem.registry.services.children import EDITABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChildForm(forms.ModelForm):
    village = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label="Thôn/tổ dân phố"
    )
    father = forms.CharField(label="Họ tên cha", required=False, max_length=120)
    mother = forms.CharField(label="Họ tên mẹ", required=False, max_length=120)
    carer = forms.CharField(label="Người chăm sóc (nếu không phải cha mẹ)", required=False)
    carer_phone = forms.CharField(label="Số điện thoại người chăm sóc", required=False)

    class Meta:
        model = Child
        fields = EDITABLE_FIELDS
        widgets = {
            "birth_date": DATE,
            "birth_registered_on": DATE,
            "life_status_on": DATE,
            "birth_registered": forms.Select(
                choices=[("", "Chưa rõ"), ("true", "Đã đăng ký"), ("false", "Chưa đăng ký")]
            ),
        }

    def __init__(self, *args: Any, commune: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("personal_id", "contact_phone"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["personal_id"].help_text = "12 chữ số; có thể để trống nếu trẻ chưa có."
        self.fields["birth_registered"] = forms.NullBooleanField(
            label="Đăng ký khai sinh",
            required=False,
            widget=forms.Select(
                choices=[("unknown", "Chưa rõ"), ("true", "Đã đăng ký"), ("false", "Chưa đăng ký")]
            ),
        )
        if commune is not None:
            self.fields["village"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
                parent=commune, level=Level.VILLAGE
            ).order_by("name")
        if self.instance.pk:
            self.fields["village"].initial = self.instance.village_id
            for relation in ("father", "mother"):
                found = next(
                    (c for c in self.instance.caregivers.all() if c.relation == relation), None
                )
                self.fields[relation].initial = found.full_name if found else ""
            for name in ("carer", "carer_phone"):
                self.fields.pop(name)

    def _post_clean(self) -> None:
        """Skip model validation here: the service validates (with the fuller messages)."""

    def child_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}

    def caregivers(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        found = []
        for relation in (Relation.FATHER, Relation.MOTHER):
            if data.get(relation):
                found.append({"relation": relation, "full_name": data[relation]})
        if data.get("carer"):
            found.append(
                {
                    "relation": Relation.CARER,
                    "full_name": data["carer"],
                    "phone": data.get("carer_phone", ""),
                }
            )
        return found


class FilterForm(forms.Form):
    q = forms.CharField(label="Họ tên hoặc số định danh", required=False)
    caregiver = forms.CharField(
        label="Cha, mẹ, người chăm sóc (tên, số điện thoại hoặc số định danh)", required=False
    )
    sex = forms.ChoiceField(
        label="Giới tính", required=False, choices=[("", "Mọi giới tính"), *Sex.choices]
    )
    group = forms.ChoiceField(
        label="Hoàn cảnh đặc biệt",
        required=False,
        choices=[("", "Mọi hoàn cảnh"), *circumstances.CHOICES],
    )
    status = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        choices=[
            ("active", "Đang quản lý (dưới 16 tuổi)"),
            ("", "Tất cả"),
            ("over_age", "Đã đủ 16 tuổi"),
            *[c for c in LifeStatus.choices if c[0] != "living"],
        ],
    )
    age_min = forms.IntegerField(label="Từ tuổi", required=False, min_value=0, max_value=18)
    age_max = forms.IntegerField(label="Đến tuổi", required=False, min_value=0, max_value=18)
    commune = forms.CharField(label="Mã xã/phường", required=False, max_length=5)
    unregistered = forms.BooleanField(label="Chưa đăng ký khai sinh", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _placeholders(self)


def _placeholders(form: forms.Form) -> None:
    """The filter bar has no visible labels: each box says what it takes."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("placeholder", str(field.label))
        field.widget.attrs.setdefault("aria-label", str(field.label))


class MoveForm(forms.Form):
    to_unit = UnitCodeField(label="Mã xã/phường chuyển đến", help_text="5 chữ số, mã hiện hành.")
    moved_on = forms.DateField(label="Ngày chuyển", widget=DATE)
    reason = forms.CharField(label="Lý do", required=False, max_length=300)


class EpisodeForm(forms.Form):
    group = forms.ChoiceField(label="Nhóm hoàn cảnh đặc biệt", choices=circumstances.CHOICES)
    subgroup = forms.ChoiceField(
        label="Nhóm nhỏ",
        required=False,
        choices=[("", "—")]
        + [(code, f"{code}: {name}") for g in circumstances.GROUPS for code, name in g.subgroups],
    )
    started_on = forms.DateField(label="Từ ngày", widget=DATE)
    source = forms.CharField(label="Nguồn thông tin", required=False, max_length=200)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class CloseForm(forms.Form):
    ended_on = forms.DateField(label="Ngày kết thúc", widget=DATE)


class RiskForm(forms.Form):
    kind = forms.ChoiceField(label="Dấu hiệu nguy cơ", choices=RiskFlag.Kind.choices)
    started_on = forms.DateField(label="Từ ngày", widget=DATE)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức hỗ trợ", choices=SupportRecord.Kind.choices)
    given_on = forms.DateField(label="Ngày hỗ trợ", widget=DATE)
    provider = forms.CharField(label="Đơn vị/cá nhân hỗ trợ", required=False, max_length=200)
    amount = forms.DecimalField(
        label="Giá trị (đồng)", required=False, min_value=0, decimal_places=0
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class DecisionForm(forms.Form):
    note = forms.CharField(label="Ý kiến", required=False, max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp danh sách (.csv hoặc .xlsx)")
    dry_run = forms.BooleanField(
        label="Chỉ kiểm tra, chưa ghi dữ liệu", required=False, initial=True
    )
    legacy_codes = forms.BooleanField(
        label="Cột 'Mã xã' dùng mã cũ (trước 01/7/2025)", required=False
    )
