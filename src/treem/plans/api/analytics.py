"""`GET /api/v1/analytics/` — approved figures as a DHIS2-style analytics table, JSON or CSV.

    /api/v1/analytics/?dx=8a;14;3a&pe=2023;2024;2025S1&ou=56;01
    /api/v1/analytics/?dx=16&pe=2025&ou=56;LEVEL-commune&format=csv

The DHIS2 form `dimension=dx:8a;14&dimension=pe:2025&dimension=ou:56` is read too.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from treem.core.errors import Invalid
from treem.core.spreadsheet import neutralise
from treem.plans.api.common import version_param
from treem.plans.selectors.analytics import (
    analytics_indicators,
    analytics_periods,
    analytics_table,
    analytics_units,
    items_of,
)

CSV_COLUMNS = ["dx", "dxname", "pe", "pename", "ou", "ouname", "value", "numerator", "denominator"]


class AnalyticsCsvRenderer(BaseRenderer):
    """One line per row, with the names beside the codes; UTF-8 with a BOM so that Excel
    reads Vietnamese, every text cell neutralised against formulas."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        names = data["metaData"]["dimensionItems"]
        for dx, pe, ou, value, numerator, denominator in data["rows"]:
            writer.writerow(
                [
                    neutralise(dx),
                    neutralise(names["dx"][dx]["name"]),
                    neutralise(pe),
                    neutralise(names["pe"][pe]["name"]),
                    neutralise(ou),
                    neutralise(names["ou"][ou]["name"]),
                    value,
                    numerator,
                    denominator,
                ]
            )
        return buffer.getvalue().encode("utf-8")


class HeaderSerializer(serializers.Serializer):
    name = serializers.CharField()
    column = serializers.CharField()
    valueType = serializers.CharField()
    type = serializers.CharField()
    hidden = serializers.BooleanField()
    meta = serializers.BooleanField()


class AnalyticsSerializer(serializers.Serializer):
    """Rows are [dx, pe, ou, value, numerator, denominator], numbers as text ("" when none)."""

    headers = HeaderSerializer(many=True)
    metaData = serializers.DictField(
        help_text="items (mã → tên), dimensions (mã theo chiều), dimensionItems (tên theo "
        "chiều), unassigned ([dx, pe, ou, số dòng của đơn vị cũ bị chia tách không tính vào])"
    )
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    height = serializers.IntegerField()
    width = serializers.IntegerField()
    headerWidth = serializers.IntegerField()


def _dimensions(request: Request) -> dict[str, str]:
    """dx/pe/ou from their own parameters, or from DHIS2's `dimension=dx:…`."""
    found = {name: request.query_params.get(name, "") for name in ("dx", "pe", "ou")}
    for item in request.query_params.getlist("dimension"):
        name, _, rest = item.partition(":")
        if name not in found:
            message = f"Tham số dimension='{item}' không hợp lệ; dùng dx:…, pe:… hoặc ou:…."
            raise Invalid(message, details={"dimension": message})
        found[name] = ";".join(filter(None, [found[name], rest]))
    return found


class AnalyticsView(APIView):
    """Approved figures by indicator (dx), period (pe) and unit (ou), ratios from summed
    numerators and denominators, figures of former units carried over through the crosswalk."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, AnalyticsCsvRenderer]

    @extend_schema(
        operation_id="analytics",
        parameters=[
            OpenApiParameter("dx", str, description="mã chỉ tiêu, cách nhau bởi ; (8a;14;3a)"),
            OpenApiParameter("pe", str, description="kỳ, cách nhau bởi ; (2024;2025S1)"),
            OpenApiParameter(
                "ou",
                str,
                description="mã đơn vị, cách nhau bởi ;, và LEVEL-<cấp>, CHILDREN-<mã>, "
                "USER_ORGUNIT (56;LEVEL-commune)",
            ),
            OpenApiParameter("version", str, enum=["current", "legacy"]),
            OpenApiParameter("format", str, enum=["json", "csv"]),
        ],
        responses={
            (200, "application/json"): AnalyticsSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request) -> Response:
        dims = _dimensions(request)
        user = request.user
        indicators = analytics_indicators(user, items_of(dims["dx"], "dx"))
        periods = analytics_periods(items_of(dims["pe"], "pe"))
        version = version_param(request.query_params.get("version"))
        units = analytics_units(user, items_of(dims["ou"], "ou"), version)
        table = analytics_table(indicators=indicators, periods=periods, units=units)
        response = Response(table.as_dict())
        if getattr(request.accepted_renderer, "format", "") == "csv":
            response["Content-Disposition"] = 'attachment; filename="chi-tieu.csv"'
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # Errors keep the JSON error shape even when CSV was asked for.
        if getattr(response, "status_code", 200) >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
