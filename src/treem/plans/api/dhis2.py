"""Exchanging figures with DHIS2 as `dataValueSets`, and the org unit code mapping.

    GET  /api/v1/dhis2/dataValueSets/?period=2025&orgUnit=56&children=true
    POST /api/v1/dhis2/dataValueSets/[?dryRun=true]      {"dataValues": [...]}
    GET  /api/v1/dhis2/orgUnits/                         units mapped to another code
    POST /api/v1/dhis2/orgUnits/                         {"unit": "22366", "org_unit": "…"}

Data element codes are set per indicator (PUT /api/v1/indicators/{code}/dhis2/).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from treem.core.api import error_body
from treem.core.errors import Invalid
from treem.geo.models import Version
from treem.plans import access
from treem.plans.api.common import ensure_readable, refusals_for, unit_by_code, version_param
from treem.plans.models import Dhis2OrgUnit
from treem.plans.selectors.dhis2 import OrgUnitResolver, data_values, version_of
from treem.plans.services.dhis2 import dhis2_org_unit_set
from treem.plans.services.dhis2_import import data_values_import
from treem.plans.services.measurements import parse_period


class DataValueSerializer(serializers.Serializer):
    dataElement = serializers.CharField(max_length=64)
    period = serializers.CharField(required=False, allow_blank=True, max_length=10)
    orgUnit = serializers.CharField(required=False, allow_blank=True, max_length=64)
    categoryOptionCombo = serializers.CharField(required=False, allow_blank=True, max_length=64)
    value = serializers.CharField(allow_blank=True, max_length=40)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class DataValueSetSerializer(serializers.Serializer):
    """A DHIS2 data value set; `period` and `orgUnit` here apply to values without them."""

    dataSet = serializers.CharField(required=False, allow_blank=True)
    period = serializers.CharField(required=False, allow_blank=True, max_length=10)
    orgUnit = serializers.CharField(required=False, allow_blank=True, max_length=64)
    dataValues = DataValueSerializer(many=True)


class ConflictSerializer(serializers.Serializer):
    object = serializers.CharField()
    value = serializers.CharField(help_text="Lý do, bằng tiếng Việt")
    indexes = serializers.ListField(child=serializers.IntegerField())


class ImportCountSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    updated = serializers.IntegerField()
    ignored = serializers.IntegerField()
    deleted = serializers.IntegerField()


class ImportSummarySerializer(serializers.Serializer):
    status = serializers.CharField(help_text="SUCCESS, WARNING (có giá trị bị bỏ qua) hoặc ERROR")
    dryRun = serializers.BooleanField()
    importCount = ImportCountSerializer()
    conflicts = ConflictSerializer(many=True)


def _listed(request: Request, name: str) -> list[str]:
    """Repeated (`period=2024&period=2025`) or comma-separated values."""
    return [
        item.strip()
        for raw in request.query_params.getlist(name)
        for item in raw.split(",")
        if item.strip()
    ]


def _required(values: list[str], name: str, example: str) -> list[str]:
    if not values:
        message = f"Thiếu tham số {name} (ví dụ {name}={example})."
        raise Invalid(message, details={name: message})
    return values


class DataValueSetsView(APIView):
    """Approved figures out as DHIS2 data values; a DHIS2 payload in as draft figures."""

    @extend_schema(
        operation_id="dhis2_data_value_sets_export",
        parameters=[
            OpenApiParameter("period", str, many=True, description="kỳ: 2025, 2025S1 …"),
            OpenApiParameter("orgUnit", str, many=True, description="org unit hoặc mã đơn vị"),
            OpenApiParameter("children", bool, description="gồm mọi đơn vị trực thuộc"),
        ],
        responses=DataValueSetSerializer,
    )
    def get(self, request: Request) -> Response:
        periods = [parse_period(p) for p in _required(_listed(request, "period"), "period", "2025")]
        codes = _required(_listed(request, "orgUnit"), "orgUnit", "56")
        # Codes are read in the structure of the periods asked (today's when they mix).
        legacy = all(version_of(p) == Version.LEGACY for p in periods)
        resolver = OrgUnitResolver(codes)
        units = []
        for code in codes:
            unit = resolver.unit_in(code, Version.LEGACY if legacy else Version.CURRENT)
            if unit is None:
                message = f"Tham số orgUnit: không có org unit hay đơn vị hành chính mã '{code}'."
                raise Invalid(message, details={"orgUnit": message})
            units.append(ensure_readable(request.user, unit, "orgUnit"))
        children = request.query_params.get("children", "").lower() in ("true", "1")
        values = data_values(request.user, periods=periods, units=units, children=children)
        return Response({"dataValues": values})

    @extend_schema(
        operation_id="dhis2_data_value_sets_import",
        parameters=[OpenApiParameter("dryRun", bool, description="chỉ kiểm tra, không ghi")],
        request=DataValueSetSerializer,
        responses={200: ImportSummarySerializer, 409: ImportSummarySerializer},
    )
    def post(self, request: Request) -> Response:
        """Import as draft figures (origin "imported"), all or nothing: on any error nothing
        is written and the answer (409) lists every conflict."""
        serializer = DataValueSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payload = serializer.validated_data
        summary = data_values_import(
            actor=request.user,
            values=[dict(v) for v in payload["dataValues"]],
            period=payload.get("period", ""),
            org_unit=payload.get("orgUnit", ""),
            dry_run=request.query_params.get("dryRun", "").lower() in ("true", "1"),
        )
        body = summary.as_dict()
        if summary.status != "ERROR":
            return Response(body)
        count = sum(1 for c in summary.conflicts if c.blocking)
        message = (
            f"Không nhập giá trị nào: {count} lỗi cần sửa (xem conflicts), rồi gửi lại cả tệp."
        )
        body.update(error_body("import_conflicts", message, {"conflicts": body["conflicts"]}))
        return Response(body, status=status.HTTP_409_CONFLICT)


class OrgUnitMappingSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="Mã đơn vị hành chính")
    version = serializers.CharField(required=False, allow_blank=True, default=Version.CURRENT)
    unit_name = serializers.CharField(read_only=True)
    org_unit = serializers.CharField(
        allow_blank=True, max_length=64, help_text="Mã org unit DHIS2; để trống để bỏ gán"
    )


class OrgUnitMappingView(GenericAPIView):
    """Units whose DHIS2 org unit is not their own code (in the caller's area)."""

    serializer_class = OrgUnitMappingSerializer
    queryset = Dhis2OrgUnit.objects.none()  # for the schema; requests read below

    @extend_schema(
        operation_id="dhis2_org_units_list", responses=OrgUnitMappingSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        rows = Dhis2OrgUnit.objects.select_related("unit").order_by("unit__path")
        found = [
            _mapping(row.unit, row.org_unit)
            for row in rows
            if access.can_read(request.user, row.unit)
        ]
        return self.get_paginated_response(self.paginate_queryset(found))  # type: ignore[arg-type]

    @extend_schema(
        operation_id="dhis2_org_units_set",
        request=OrgUnitMappingSerializer,
        responses=OrgUnitMappingSerializer,
    )
    def post(self, request: Request) -> Response:
        """Set a unit's org unit (national administrator or a specialist covering it)."""
        serializer = OrgUnitMappingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        version = version_param(values.get("version"))
        unit = unit_by_code(values["unit"], "unit", version=version)
        with refusals_for(request.user, unit):
            row = dhis2_org_unit_set(actor=request.user, unit=unit, org_unit=values["org_unit"])
        return Response(_mapping(unit, row.org_unit if row else unit.code))


def _mapping(unit: Any, org_unit: str) -> dict[str, str]:
    return {
        "unit": unit.code,
        "version": unit.version,
        "unit_name": unit.full_name,
        "org_unit": org_unit,
    }
