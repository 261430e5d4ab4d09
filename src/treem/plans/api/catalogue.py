"""REST API of the indicator catalogue: the items of QĐ 23/QĐ-TTg and a province's own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from treem.org.models import AgencyKind
from treem.plans.api.common import one_of, refusals_explained
from treem.plans.api.serializers import Dhis2ElementSerializer, IndicatorSerializer
from treem.plans.domain.measures import Source
from treem.plans.models import Indicator, ObjectiveGroup
from treem.plans.selectors.plans import indicator_get, indicators_visible_to
from treem.plans.services.dhis2 import dhis2_element_set

GROUPS = {str(value): str(label) for value, label in ObjectiveGroup.choices}
SECTORS = {str(value): str(label) for value, label in AgencyKind.choices}
SOURCES = {str(value): str(label) for value, label in Source.choices}
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="mã chỉ tiêu, ví dụ 8a")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "group", int, enum=[int(g) for g in GROUPS], description="nhóm mục tiêu"
            ),
            OpenApiParameter("sector", str, enum=list(SECTORS), description="ngành chủ trì"),
            OpenApiParameter("source", str, enum=list(SOURCES), description="nguồn số liệu"),
        ]
    ),
    retrieve=extend_schema(parameters=[CODE]),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue: the national items and those the caller's province added.
    `GET /indicators/?group=2&sector=y_te&source=entered`."""

    queryset = Indicator.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z_.-]+"

    def get_queryset(self) -> QuerySet[Indicator]:
        qs = indicators_visible_to(self.request.user).select_related("dhis2")
        params = self.request.query_params
        if group := params.get("group"):
            qs = qs.filter(group=int(one_of(GROUPS, group, "group")))
        if sector := params.get("sector"):
            qs = qs.filter(lead_sector=one_of(SECTORS, sector, "sector"))
        if source := params.get("source"):
            qs = qs.filter(source=one_of(SOURCES, source, "source"))
        return qs

    def get_object(self) -> Indicator:
        indicator = indicator_get(self.request.user, self.kwargs["code"])
        return Indicator.objects.select_related("dhis2").get(pk=indicator.pk)

    @extend_schema(
        parameters=[CODE],
        request=Dhis2ElementSerializer,
        responses=IndicatorSerializer,
        description="Gán data element DHIS2 cho tử số và mẫu số của chỉ tiêu (quản trị hệ "
        "thống hoặc chuyên viên cấp quốc gia); để trống `numerator` để bỏ gán.",
    )
    @action(detail=True, methods=["put"])
    def dhis2(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        indicator = indicator_get(request.user, kwargs["code"])
        serializer = Dhis2ElementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with refusals_explained():
            dhis2_element_set(actor=request.user, indicator=indicator, **serializer.validated_data)
        return Response(IndicatorSerializer(self.get_object()).data)
