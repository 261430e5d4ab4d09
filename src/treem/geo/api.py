"""Read-only API for administrative units: search, detail, subtree, ancestors, successors."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from treem.core.errors import Invalid
from treem.geo import selectors
from treem.geo.models import Level, Unit, Version


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)

    class Meta:
        model = Unit
        fields = [
            "code",
            "version",
            "level",
            "kind",
            "name",
            "full_name",
            "parent_code",
            "province_code",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
        ]


class SuccessorSerializer(UnitSerializer):
    partly = serializers.BooleanField(read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "partly"]


def _date_param(request: Request) -> dt.date | None:
    raw = request.query_params.get("on")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"Ngày '{raw}' không hợp lệ; dùng dạng YYYY-MM-DD.") from None


ON = OpenApiParameter("on", OpenApiTypes.DATE, description="Cơ cấu đơn vị tại ngày (YYYY-MM-DD)")


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units. `GET /units/?q=dong da&level=commune` searches names without
    accents; `/units/{code}/` resolves the code in the structure valid on `?on=`."""

    serializer_class = UnitSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z-]+"

    def get_queryset(self):
        params = self.request.query_params
        version = params.get("version", Version.CURRENT)
        if version not in Version.values:
            raise Invalid("Tham số version phải là 'current' hoặc 'legacy'.")
        qs = selectors.units().filter(version=version)
        if level := params.get("level"):
            if level not in Level.values:
                raise Invalid(f"Cấp '{level}' không hợp lệ; dùng: {', '.join(Level.values)}.")
            qs = qs.filter(level=level)
        if province := params.get("province"):
            qs = qs.filter(province_code=province)
        return qs.order_by("path")

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Tìm theo tên (không dấu cũng được)"),
            OpenApiParameter("level", str, enum=Level.values),
            OpenApiParameter("version", str, enum=Version.values),
            OpenApiParameter("province", str, description="Mã tỉnh"),
        ]
    )
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        query = request.query_params.get("q", "").strip()
        if not query:
            return super().list(request, *args, **kwargs)
        version = Version(request.query_params.get("version", Version.CURRENT))
        found = selectors.unit_search(
            query, version=version, level=request.query_params.get("level") or None, limit=50
        )
        return Response(
            {
                "count": len(found),
                "next": None,
                "previous": None,
                "results": UnitSerializer(found, many=True).data,
            }
        )

    def get_object(self) -> Unit:
        return selectors.unit_get(
            self.kwargs["code"], on=_date_param(self.request), version=self._explicit_version()
        )

    def _explicit_version(self) -> Version | None:
        raw = self.request.query_params.get("version")
        return Version(raw) if raw in Version.values else None

    @extend_schema(parameters=[ON])
    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(parameters=[ON, OpenApiParameter("level", str, enum=Level.values)])
    @action(detail=True)
    def subtree(self, request: Request, code: str) -> Response:
        unit = self.get_object()
        qs = selectors.unit_subtree(unit).select_related("parent")
        if level := request.query_params.get("level"):
            qs = qs.filter(level=level)
        page = self.paginate_queryset(qs.order_by("path"))
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    @extend_schema(parameters=[ON])
    @action(detail=True)
    def ancestors(self, request: Request, code: str) -> Response:
        unit = self.get_object()
        return Response(UnitSerializer(selectors.unit_ancestors(unit), many=True).data)

    @extend_schema(
        responses=SuccessorSerializer(many=True),
        parameters=[OpenApiParameter("version", str, enum=Version.values)],
    )
    @action(detail=True)
    def successors(self, request: Request, code: str) -> Response:
        """Current units that took over a legacy unit (`?version=legacy` is implied)."""
        unit = selectors.unit_get(code, version=Version.LEGACY)
        rows = []
        for succession in selectors.unit_successions(unit):
            successor = succession.successor
            successor.partly = succession.partly  # type: ignore[attr-defined]
            rows.append(successor)
        return Response(SuccessorSerializer(rows, many=True).data)
