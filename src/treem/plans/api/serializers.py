"""Serializers of the plans API (catalogue, plans and targets, figures).

Output serializers shape the answers; input serializers only check types. The rules about the
data (periods, parts of a ratio, who may write) live in the services, so the API and the web
pages agree. Analytics and DHIS2 bodies are described in `serializers_exchange`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from treem.plans.domain.comparators import Comparator, describe
from treem.plans.domain.measures import SHORT_LABELS, MeasureUnit
from treem.plans.models import Indicator, Measurement, Plan, PlanStatus
from treem.plans.selectors.plans import EffectiveTarget

# --- catalogue --------------------------------------------------------------------------------


class Dhis2ElementSerializer(serializers.Serializer):
    """The DHIS2 data elements of an indicator (PUT /indicators/{code}/dhis2/); a blank
    `numerator` removes the mapping."""

    numerator = serializers.CharField(allow_blank=True, max_length=64)
    denominator = serializers.CharField(required=False, allow_blank=True, max_length=64)
    category_option_combo = serializers.CharField(required=False, allow_blank=True, max_length=64)


class IndicatorSerializer(serializers.ModelSerializer):
    group_name = serializers.CharField(source="get_group_display", read_only=True)
    unit_label = serializers.SerializerMethodField()
    is_ratio = serializers.BooleanField(read_only=True)
    dhis2 = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "number",
            "part",
            "name",
            "short_name",
            "group",
            "group_name",
            "unit",
            "unit_label",
            "is_ratio",
            "direction",
            "numerator",
            "denominator",
            "lead_sector",
            "statistic_code",
            "source",
            "province_code",
            "dhis2",
        ]

    def get_unit_label(self, indicator: Indicator) -> str:
        return SHORT_LABELS.get(indicator.unit, "")

    @extend_schema_field(Dhis2ElementSerializer(allow_null=True))
    def get_dhis2(self, indicator: Indicator) -> dict[str, str] | None:
        element = getattr(indicator, "dhis2", None)
        if element is None:
            return None
        return {
            "numerator": element.numerator,
            "denominator": element.denominator,
            "category_option_combo": element.category_option_combo,
        }


# --- plans and targets ------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    """A plan, read and created (POST /plans/: `unit` is the code of the current province,
    commune or nation; `parent` the id of the plan it implements)."""

    unit = serializers.CharField(source="unit.code", help_text="Mã đơn vị hành chính hiện hành")
    unit_name = serializers.CharField(source="unit.full_name", read_only=True)
    # Declared fields leave the class at run time: `Field.parent` is not shadowed.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="parent_id", required=False, allow_null=True, help_text="id kế hoạch cấp trên"
    )
    parent_number = serializers.CharField(source="parent.number", default=None, read_only=True)
    agency_name = serializers.CharField(source="agency.name", default=None, read_only=True)
    # Plain text here: the enum is described once, on PlanUpdate (proposals have another
    # `status` enum, and one choice set named in two components makes an ambiguous schema).
    status = serializers.CharField(read_only=True, help_text="draft, active hoặc closed")

    class Meta:
        model = Plan
        fields = [
            "id",
            "number",
            "title",
            "unit",
            "unit_name",
            "issuer",
            "issued_on",
            "agency_name",
            "first_year",
            "last_year",
            "parent",
            "parent_number",
            "status",
            "source_name",
            "created_at",
        ]
        read_only_fields = ["id", "status", "source_name", "created_at"]


class PlanUpdateSerializer(serializers.Serializer):
    """PATCH /plans/{id}/: any of these fields."""

    number = serializers.CharField(required=False, max_length=60)
    title = serializers.CharField(required=False, max_length=500)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=200)
    issued_on = serializers.DateField(required=False, allow_null=True)
    first_year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    last_year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)


class PlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()


class TargetSerializer(serializers.Serializer):
    """A target as the plan applies it: its own, or inherited (`inherited_from`) from the
    plan it implements or the plan of the enclosing unit."""

    id = serializers.IntegerField(source="target.pk")
    indicator = serializers.CharField(source="target.indicator.code")
    indicator_name = serializers.CharField(source="target.indicator.short_name")
    year = serializers.IntegerField(source="target.year")
    comparator = serializers.CharField(source="target.comparator")
    value = serializers.DecimalField(
        source="target.value", max_digits=12, decimal_places=3, allow_null=True
    )
    value_high = serializers.DecimalField(
        source="target.value_high", max_digits=12, decimal_places=3, allow_null=True
    )
    unit = serializers.CharField(source="target.unit")
    description = serializers.SerializerMethodField()
    text = serializers.CharField(source="target.text")
    inherited_from = serializers.SerializerMethodField()

    def get_description(self, item: EffectiveTarget) -> str:
        t = item.target
        return describe(t.comparator, t.value, t.unit, t.value_high)

    @extend_schema_field(PlanRefSerializer(allow_null=True))
    def get_inherited_from(self, item: EffectiveTarget) -> dict[str, Any] | None:
        plan = item.inherited_from
        if plan is None:
            return None
        return {"id": plan.pk, "number": plan.number, "title": plan.title}


class TargetInputSerializer(serializers.Serializer):
    """POST /plans/{id}/targets/: set (create or replace) the target of an indicator-year."""

    indicator = serializers.CharField(help_text="Mã chỉ tiêu, ví dụ 8a")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    comparator = serializers.CharField(help_text=f"Một trong: {', '.join(Comparator.values)}")
    value = serializers.DecimalField(
        max_digits=12, decimal_places=3, required=False, allow_null=True
    )
    value_high = serializers.DecimalField(
        max_digits=12, decimal_places=3, required=False, allow_null=True
    )
    unit = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=f"Đơn vị tính (mặc định của chỉ tiêu): {', '.join(MeasureUnit.values)}",
    )
    text = serializers.CharField(required=False, allow_blank=True, max_length=1000)


# --- figures ----------------------------------------------------------------------------------


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.short_name")
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.full_name")
    unit_version = serializers.CharField(source="unit.version")
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    agency_name = serializers.CharField(source="agency.name", default=None)
    entered_by = serializers.CharField(source="entered_by.username", default=None)
    approved_by = serializers.CharField(source="approved_by.username", default=None)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "unit",
            "unit_name",
            "unit_version",
            "period",
            "numerator",
            "denominator",
            "value",
            "origin",
            "state",
            "agency",
            "agency_name",
            "evidence",
            "notes",
            "entered_by",
            "updated_at",
            "approved_by",
            "approved_at",
        ]
        read_only_fields = fields


class MeasurementInputSerializer(serializers.Serializer):
    """POST /measurements/: enter or change a draft figure (a submitted one returns to draft).
    Numbers may be written with a decimal comma."""

    indicator = serializers.CharField(help_text="Mã chỉ tiêu, ví dụ 16")
    unit = serializers.CharField(help_text="Mã đơn vị hành chính (xã/phường, tỉnh, toàn quốc)")
    version = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Cơ cấu của mã đơn vị: current hoặc legacy (mặc định theo kỳ: kỳ kết thúc "
        "trước 01/7/2025 dùng đơn vị cũ)",
    )
    period = serializers.CharField(help_text="2025, 2025S1 hoặc 2025S2")
    numerator = serializers.CharField(help_text="Tử số (hoặc số lượng)")
    denominator = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="Mẫu số (chỉ tiêu tỷ lệ)"
    )
    agency = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="id cơ quan báo cáo (mặc định: cơ quan của cán bộ báo cáo)",
    )
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=500)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
