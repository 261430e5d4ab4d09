"""REST API of the child registry: children (search, record, history, changes). Proposals
are in `api_proposals`.

Reads go through the selectors, so another commune's child or proposal is a 404. Writes go
through the services: their `Invalid` becomes a 400 naming the fields, their `Forbidden` a 404
(see `treem.core.api.exception_handler`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from treem.core.api import Pagination
from treem.core.errors import Invalid
from treem.core.pagination import WindowTotalsPaginator
from treem.org import scope
from treem.org.models import Agency
from treem.registry import access, selectors
from treem.registry.api_common import api_fields, commune_by_code, village_by_id
from treem.registry.models import Child, CircumstanceEpisode, RiskFlag
from treem.registry.models.choices import Source
from treem.registry.search import Filters, search
from treem.registry.serializers import (
    CaregiverSerializer,
    ChildCreateSerializer,
    ChildDetailSerializer,
    ChildFiltersSerializer,
    ChildRowSerializer,
    ChildUpdateSerializer,
    CircumstanceSerializer,
    EpisodeCloseSerializer,
    MoveSerializer,
    RiskCloseSerializer,
    RiskSerializer,
    SupportSerializer,
    TimelineSerializer,
)
from treem.registry.services.children import caregiver_set, child_register, child_update
from treem.registry.services.episodes import (
    episode_close,
    episode_open,
    risk_flag_add,
    risk_flag_close,
    support_add,
)
from treem.registry.services.moves import child_move


def _open_today() -> Prefetch:
    today = timezone.localdate()
    episodes = CircumstanceEpisode.objects.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return Prefetch("circumstances", queryset=episodes, to_attr="open_circumstances")


CHILD_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="id của trẻ em")


class ChildPagination(Pagination):
    """The page query also counts the matches (see core.pagination)."""

    django_paginator_class = WindowTotalsPaginator


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[CHILD_ID],
        responses=ChildDetailSerializer,
        description="Toàn bộ hồ sơ; mỗi lần xem được ghi vào nhật ký (dữ liệu nhạy cảm).",
    ),
)
class ChildViewSet(viewsets.GenericViewSet):
    """Children in the caller's area. `GET /children/?q=nguyen thi huong` searches names
    without accents and tolerates typos; a 12-digit `q` finds the ID number."""

    queryset = Child.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ChildDetailSerializer
    pagination_class = ChildPagination
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Child]:
        return selectors.children_visible_to(self.request.user)

    def _child(self, *, audit: bool = False, purpose: str = "") -> Child:
        return selectors.child_get(
            self.request.user, int(self.kwargs["pk"]), audit=audit, purpose=purpose
        )

    def _close_part(
        self,
        request: Request,
        model: type[CircumstanceEpisode] | type[RiskFlag],
        part_id: str,
        form: type[serializers.Serializer],
        close: Callable[[Any, dict[str, Any]], object],
        shown: type[serializers.Serializer],
    ) -> Response:
        """Close an episode or a risk flag of a child the user may see (404 otherwise)."""
        child = self._child()
        part = model.objects.filter(child=child, pk=int(part_id)).first()
        if part is None:
            raise Http404
        part.child = child
        serializer = form(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api_fields():
            close(part, serializer.validated_data)
        return Response(shown(part).data)

    def _filters(self, request: Request) -> Filters:
        params = ChildFiltersSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        commune = values.get("commune")
        return Filters(
            query=values.get("q", ""),
            caregiver=values.get("caregiver", ""),
            sex=values.get("sex", ""),
            group=values.get("group", ""),
            unit_path=commune_by_code(commune).path if commune else "",
            status=values.get("status", ""),
            age_min=values.get("age_min"),
            age_max=values.get("age_max"),
            birth_registered=values.get("birth_registered"),
            on=timezone.localdate(),
            within=access.read_roots(request.user),
        )

    @extend_schema(parameters=[ChildFiltersSerializer], responses=ChildRowSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = search(self.get_queryset(), self._filters(request))
        if not isinstance(found, list):  # SQLite with a name query ranks into a list
            found = found.select_related("unit", "village")
        page = self.paginate_queryset(found)
        assert page is not None
        prefetch_related_objects(page, _open_today())
        return self.get_paginated_response(ChildRowSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ChildDetailSerializer(self._child(audit=True)).data)

    @extend_schema(request=ChildCreateSerializer, responses={201: ChildDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register a child (commune officer). The response is the new record."""
        serializer = ChildCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = commune_by_code(data.pop("commune"))
        village = village_by_id(data.pop("village", None))
        caregivers = [dict(c) for c in data.pop("caregivers", [])]
        with api_fields():
            child = child_register(
                actor=request.user,
                unit=unit,
                village=village,
                data=data,
                caregivers=caregivers,
                source=Source.API,
            )
        child = selectors.child_get(request.user, child.pk, audit=False)
        return Response(ChildDetailSerializer(child).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[CHILD_ID], request=ChildUpdateSerializer, responses=ChildDetailSerializer
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change some fields; `reason` goes into the record's history."""
        child = self._child()
        serializer = ChildUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        with api_fields():
            child_update(actor=request.user, child=child, data=data, reason=reason)
        return Response(ChildDetailSerializer(child).data)

    @extend_schema(parameters=[CHILD_ID], responses=TimelineSerializer(many=True))
    @action(detail=True)
    def history(self, request: Request, pk: str) -> Response:
        """Every change to the record, newest first: who, when, old and new values."""
        child = self._child(audit=True, purpose="lịch sử hồ sơ")
        page = self.paginate_queryset(selectors.child_timeline(request.user, child))
        return self.get_paginated_response(TimelineSerializer(page, many=True).data)

    @extend_schema(parameters=[CHILD_ID], request=MoveSerializer, responses=ChildRowSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        """The child moved to another commune, which takes the record over (the sending
        commune no longer sees it)."""
        child = self._child()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        to_unit = commune_by_code(values["commune"])
        with api_fields():
            child_move(
                actor=request.user,
                child=child,
                to_unit=to_unit,
                village=village_by_id(values.get("village")),
                moved_on=values["moved_on"],
                reason=values.get("reason", ""),
            )
        return Response(ChildRowSerializer(child).data)

    @extend_schema(
        parameters=[CHILD_ID],
        request=CaregiverSerializer,
        responses=CaregiverSerializer,
        description="Thêm hoặc thay người chăm sóc theo quan hệ (một cha, một mẹ, ...).",
    )
    @action(detail=True, methods=["post"])
    def caregivers(self, request: Request, pk: str) -> Response:
        child = self._child()
        serializer = CaregiverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api_fields():
            caregiver = caregiver_set(actor=request.user, child=child, **serializer.validated_data)
        return Response(CaregiverSerializer(caregiver).data)

    @extend_schema(
        parameters=[CHILD_ID],
        request=CircumstanceSerializer,
        responses={201: CircumstanceSerializer},
        description="Mở một giai đoạn hoàn cảnh đặc biệt (Luật Trẻ em, Điều 10).",
    )
    @action(detail=True, methods=["post"])
    def circumstances(self, request: Request, pk: str) -> Response:
        child = self._child()
        serializer = CircumstanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api_fields():
            episode = episode_open(actor=request.user, child=child, **serializer.validated_data)
        return Response(CircumstanceSerializer(episode).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[CHILD_ID, OpenApiParameter("episode_id", int, OpenApiParameter.PATH)],
        request=EpisodeCloseSerializer,
        responses=CircumstanceSerializer,
        description="Kết thúc một giai đoạn hoàn cảnh đặc biệt đang mở.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"circumstances/(?P<episode_id>[0-9]+)/close",
        url_name="circumstance-close",
    )
    def circumstance_close(self, request: Request, pk: str, episode_id: str) -> Response:
        return self._close_part(
            request, CircumstanceEpisode, episode_id, EpisodeCloseSerializer,
            lambda part, data: episode_close(actor=request.user, episode=part, **data),
            CircumstanceSerializer,
        )  # fmt: skip

    @extend_schema(parameters=[CHILD_ID], request=RiskSerializer, responses={201: RiskSerializer})
    @action(detail=True, methods=["post"])
    def risks(self, request: Request, pk: str) -> Response:
        """Record a sign of risk (abuse, dropout, child labour, ...)."""
        child = self._child()
        serializer = RiskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api_fields():
            flag = risk_flag_add(actor=request.user, child=child, **serializer.validated_data)
        return Response(RiskSerializer(flag).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[CHILD_ID, OpenApiParameter("risk_id", int, OpenApiParameter.PATH)],
        request=RiskCloseSerializer,
        responses=RiskSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"risks/(?P<risk_id>[0-9]+)/close",
        url_name="risk-close",
    )
    def risk_close(self, request: Request, pk: str, risk_id: str) -> Response:
        """Stop following a sign of risk."""
        return self._close_part(
            request, RiskFlag, risk_id, RiskCloseSerializer,
            lambda part, data: risk_flag_close(actor=request.user, flag=part, **data),
            RiskSerializer,
        )  # fmt: skip

    @extend_schema(
        parameters=[CHILD_ID], request=SupportSerializer, responses={201: SupportSerializer}
    )
    @action(detail=True, methods=["post"])
    def supports(self, request: Request, pk: str) -> Response:
        """Record support the child received (indicator 8b counts these)."""
        child = self._child()
        serializer = SupportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values["agency"] = self._agency(values.pop("agency_id", None))
        with api_fields():
            record = support_add(actor=request.user, child=child, **values)
        return Response(SupportSerializer(record).data, status=status.HTTP_201_CREATED)

    def _agency(self, pk: int | None) -> Agency | None:
        if pk is None:
            return None
        agency = scope.agencies_visible_to(self.request.user).filter(pk=pk).first()
        if agency is None:
            message = f"Không tìm thấy cơ quan id {pk}."
            raise Invalid(message, details={"agency": message})
        return agency
