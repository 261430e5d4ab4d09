"""REST API of figures (measurements): entry, then draft → submitted → approved.

Figures are shown for the caller's area (figures of former units through the unit of today
that contains them). Entering, submitting, approving, returning and reopening go through the
services, whose rules and Vietnamese messages are those of the web pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from treem.core.errors import Invalid
from treem.org import scope
from treem.org.models import Agency
from treem.plans.api.common import (
    indicator_by_code,
    one_of,
    readable_unit,
    refusals_explained,
    refusals_for,
    unit_by_code,
    version_param,
)
from treem.plans.api.serializers import (
    MeasurementInputSerializer,
    MeasurementSerializer,
    ReasonSerializer,
)
from treem.plans.models import Measurement, MeasurementState, Origin
from treem.plans.selectors.dhis2 import version_of
from treem.plans.selectors.measurements import (
    measurement_get,
    measurements_visible_to,
    reporter_agency,
)
from treem.plans.services.measurements import (
    measurement_approve,
    measurement_reopen,
    measurement_return,
    measurement_save,
    measurement_submit,
    parse_period,
)

MEASUREMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="id của số liệu")
STATES = {str(value): str(label) for value, label in MeasurementState.choices}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("indicator", str, description="mã chỉ tiêu, ví dụ 16"),
            OpenApiParameter(
                "unit", str, description="mã đơn vị: số liệu của đơn vị và các đơn vị trực thuộc"
            ),
            OpenApiParameter("version", str, enum=["current", "legacy"]),
            OpenApiParameter("period", str, description="kỳ; nhiều kỳ cách nhau bởi dấu ;"),
            OpenApiParameter("state", str, enum=list(STATES)),
        ]
    ),
    retrieve=extend_schema(parameters=[MEASUREMENT_ID]),
)
class MeasurementViewSet(viewsets.GenericViewSet):
    """Figures of the caller's area. `GET /measurements/?indicator=16&unit=56&period=2025`."""

    queryset = Measurement.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = MeasurementSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Measurement]:
        user = self.request.user
        params = self.request.query_params
        qs = measurements_visible_to(user)
        if code := params.get("indicator"):
            qs = qs.filter(indicator=indicator_by_code(user, code))
        if code := params.get("unit"):
            # The unit and everything under it; former units through the crosswalk.
            version = version_param(params.get("version"))
            path = readable_unit(user, code, "unit", version=version).path
            qs = qs.filter(Q(unit_path__prefix=path) | Q(unit__counterpart_path__prefix=path))
        if raw := params.get("period"):
            periods = [parse_period(p).code for p in raw.split(";") if p.strip()]
            qs = qs.filter(period__in=periods)
        if wanted := params.get("state"):
            qs = qs.filter(state=one_of(STATES, wanted, "state"))
        return qs.order_by("indicator__sort_order", "period", "unit_path", "pk")

    def _measurement(self) -> Measurement:
        return measurement_get(self.request.user, int(self.kwargs["pk"]))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MeasurementSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(MeasurementSerializer(self._measurement()).data)

    @extend_schema(
        request=MeasurementInputSerializer,
        responses={200: MeasurementSerializer, 201: MeasurementSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Enter a figure, or change the draft or submitted one of the same indicator, unit
        and period (201 when new, 200 when changed). Approved figures are locked."""
        serializer = MeasurementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        user = request.user
        indicator = indicator_by_code(user, values["indicator"])
        period = parse_period(values["period"])
        version = values.get("version") or version_of(period)
        unit = unit_by_code(values["unit"], "unit", version=version_param(version))
        visible = measurements_visible_to(user)
        existed = visible.filter(indicator=indicator, unit=unit, period=period.code).exists()
        with refusals_for(user, unit):
            row = measurement_save(
                actor=user,
                indicator=indicator,
                unit=unit,
                period=period.code,
                numerator=values["numerator"],
                denominator=values.get("denominator"),
                agency=self._agency(values.get("agency")) or reporter_agency(user, unit, indicator),
                evidence=values.get("evidence", ""),
                notes=values.get("notes", ""),
                origin=Origin.ENTERED,
            )
        answer = MeasurementSerializer(measurement_get(user, row.pk)).data
        return Response(answer, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def _agency(self, pk: int | None) -> Agency | None:
        if pk is None:
            return None
        agency = scope.agencies_visible_to(self.request.user).filter(pk=pk).first()
        if agency is None:
            message = f"Không tìm thấy cơ quan id {pk}."
            raise Invalid(message, details={"agency": message})
        return agency

    def _answer(self, row: Measurement) -> Response:
        return Response(MeasurementSerializer(row).data)

    @extend_schema(parameters=[MEASUREMENT_ID], request=None, responses=MeasurementSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Send a draft for approval (whoever may enter it)."""
        row = self._measurement()
        with refusals_explained():
            return self._answer(measurement_submit(actor=request.user, measurement=row))

    @extend_schema(parameters=[MEASUREMENT_ID], request=None, responses=MeasurementSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Approve a submitted figure (specialist, leader or commune chairman covering the
        unit, not the person who entered it). Approved figures count in the roll-ups."""
        row = self._measurement()
        with refusals_explained():
            return self._answer(measurement_approve(actor=request.user, measurement=row))

    @extend_schema(
        parameters=[MEASUREMENT_ID], request=ReasonSerializer, responses=MeasurementSerializer
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        """Send a submitted figure back to draft; `reason` (required) tells what to fix."""
        row = self._measurement()
        reason = self._reason(request)
        with refusals_explained():
            return self._answer(
                measurement_return(actor=request.user, measurement=row, reason=reason)
            )

    @extend_schema(
        parameters=[MEASUREMENT_ID], request=ReasonSerializer, responses=MeasurementSerializer
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        """Unlock an approved figure (only from a level above the unit); `reason` required."""
        row = self._measurement()
        reason = self._reason(request)
        with refusals_explained():
            return self._answer(
                measurement_reopen(actor=request.user, measurement=row, reason=reason)
            )

    def _reason(self, request: Request) -> str:
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return str(serializer.validated_data.get("reason", ""))
