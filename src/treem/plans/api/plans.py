"""REST API of plans and their targets.

A caller sees the plans of their area and of the levels above it (a commune officer reads the
provincial and national plans); province specialists manage those of their province, a
commune officer the commune's own. Targets are listed as the plan applies them, including
those it inherits from the plan it implements.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from treem.core.errors import Invalid, NotFound
from treem.plans.api.common import (
    indicator_by_code,
    one_of,
    refusals_explained,
    refusals_for,
    unit_by_code,
)
from treem.plans.api.serializers import (
    PlanSerializer,
    PlanUpdateSerializer,
    TargetInputSerializer,
    TargetSerializer,
)
from treem.plans.models import Plan, PlanStatus, Target
from treem.plans.selectors.plans import (
    EffectiveTarget,
    effective_targets,
    plan_get,
    plans_visible_to,
)
from treem.plans.services.plans import plan_create, plan_update, target_remove, target_set

PLAN_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="id của kế hoạch")
STATUSES = {str(value): str(label) for value, label in PlanStatus.choices}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="mã đơn vị ban hành (hiện hành)"),
            OpenApiParameter("status", str, enum=list(STATUSES)),
            OpenApiParameter("year", int, description="kế hoạch có hiệu lực trong năm"),
        ]
    ),
    retrieve=extend_schema(parameters=[PLAN_ID]),
)
class PlanViewSet(viewsets.GenericViewSet):
    """Plans of the caller's area and of the levels above it."""

    queryset = Plan.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = PlanSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Plan]:
        qs = plans_visible_to(self.request.user)
        params = self.request.query_params
        if code := params.get("unit"):
            qs = qs.filter(unit=unit_by_code(code, "unit"))
        if wanted := params.get("status"):
            qs = qs.filter(status=one_of(STATUSES, wanted, "status"))
        if year := params.get("year"):
            if not year.isdigit():
                message = f"Tham số year='{year}' không phải là năm (ví dụ 2025)."
                raise Invalid(message, details={"year": message})
            qs = qs.filter(first_year__lte=int(year), last_year__gte=int(year))
        return qs.order_by("unit_path", "-first_year", "number", "pk")

    def _plan(self) -> Plan:
        return plan_get(self.request.user, int(self.kwargs["pk"]))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PlanSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(PlanSerializer(self._plan()).data)

    @extend_schema(request=PlanSerializer, responses={201: PlanSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a draft plan for a current unit (province specialist; a commune officer for
        the commune). Activate it with PATCH `{"status": "active"}`."""
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        unit = unit_by_code(values.pop("unit")["code"], "unit")
        parent = self._parent(values.pop("parent_id", None))
        with refusals_for(request.user, unit):
            plan = plan_create(actor=request.user, unit=unit, parent=parent, **values)
        return Response(PlanSerializer(plan_get(request.user, plan.pk)).data, status=201)

    @extend_schema(parameters=[PLAN_ID], request=PlanUpdateSerializer, responses=PlanSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change some fields; `status` activates (`active`) or closes (`closed`) the plan."""
        plan = self._plan()
        serializer = PlanUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with refusals_explained():
            plan_update(actor=request.user, plan=plan, **serializer.validated_data)
        return Response(PlanSerializer(plan).data)

    @extend_schema(methods=["get"], parameters=[PLAN_ID], responses=TargetSerializer(many=True))
    @extend_schema(
        methods=["post"],
        parameters=[PLAN_ID],
        request=TargetInputSerializer,
        responses=TargetSerializer,
        description="Đặt (tạo hoặc thay) chỉ tiêu kế hoạch của một chỉ tiêu trong một năm.",
    )
    @action(detail=True, methods=["get", "post"])
    def targets(self, request: Request, pk: str) -> Response:
        """The targets the plan applies, by indicator and year, its own and inherited ones
        (`inherited_from`: the plan that sets it)."""
        plan = self._plan()
        if request.method == "POST":
            return self._target_set(request, plan)
        found = sorted(
            effective_targets(plan).values(),
            key=lambda e: (e.target.indicator.sort_order, e.target.indicator.code, e.target.year),
        )
        page: list[EffectiveTarget] | None = self.paginate_queryset(found)  # type: ignore[arg-type]
        return self.get_paginated_response(TargetSerializer(page, many=True).data)

    def _target_set(self, request: Request, plan: Plan) -> Response:
        serializer = TargetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        indicator = indicator_by_code(request.user, values.pop("indicator"))
        value: Decimal | None = values.pop("value", None)
        with refusals_explained():
            target = target_set(
                actor=request.user,
                plan=plan,
                indicator=indicator,
                year=values.pop("year"),
                comparator=values.pop("comparator"),
                value=value,
                unit=values.pop("unit", "") or None,
                value_high=values.pop("value_high", None),
                text=values.pop("text", ""),
            )
        return Response(TargetSerializer(EffectiveTarget(target, None)).data)

    @extend_schema(
        parameters=[PLAN_ID, OpenApiParameter("target_id", int, OpenApiParameter.PATH)],
        request=None,
        responses={204: None},
        description="Xóa một chỉ tiêu kế hoạch của chính kế hoạch này (không xóa được chỉ tiêu "
        "kế thừa từ kế hoạch cấp trên).",
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"targets/(?P<target_id>[0-9]+)",
        url_name="target-remove",
    )
    def target_remove(self, request: Request, pk: str, target_id: str) -> Response:
        plan = self._plan()
        target = Target.objects.select_related("indicator").filter(plan=plan, pk=int(target_id))
        found = target.first()
        if found is None:
            raise NotFound(
                "Kế hoạch này không có chỉ tiêu kế hoạch đó (chỉ tiêu kế thừa được sửa ở kế "
                "hoạch đặt ra nó)."
            )
        found.plan = plan
        with refusals_explained():
            target_remove(actor=request.user, target=found)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _parent(self, pk: int | None) -> Plan | None:
        if pk is None:
            return None
        parent = plans_visible_to(self.request.user).filter(pk=pk).first()
        if parent is None:
            message = f"Không tìm thấy kế hoạch cấp trên id {pk}."
            raise Invalid(message, details={"parent": message})
        return parent
