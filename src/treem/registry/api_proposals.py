"""REST API of collaborators' proposals (see `api` for children and the error rules)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from treem.core.errors import Invalid
from treem.registry import selectors
from treem.registry.api_common import api_fields, commune_by_code, village_by_id
from treem.registry.models import Proposal
from treem.registry.serializers import (
    DecisionSerializer,
    ProposalSerializer,
)
from treem.registry.services.proposals import proposal_accept, proposal_create, proposal_reject

PROPOSAL_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="id của đề xuất")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Proposal.Status.values),
            OpenApiParameter("kind", str, enum=Proposal.Kind.values),
        ]
    ),
    retrieve=extend_schema(parameters=[PROPOSAL_ID]),
)
class ProposalViewSet(viewsets.GenericViewSet):
    """Changes proposed by village collaborators. A collaborator sees their own proposals;
    the commune officer sees the commune's and accepts or rejects them."""

    queryset = Proposal.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = ProposalSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Proposal]:
        qs = selectors.proposals_visible_to(self.request.user).select_related("decided_by")
        params = self.request.query_params
        if (wanted := params.get("status")) in Proposal.Status.values:
            qs = qs.filter(status=wanted)
        if (kind := params.get("kind")) in Proposal.Kind.values:
            qs = qs.filter(kind=kind)
        return qs.order_by("-proposed_at", "-pk")

    def _proposal(self) -> Proposal:
        return selectors.proposal_get(self.request.user, int(self.kwargs["pk"]))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProposalSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ProposalSerializer(self._proposal()).data)

    @extend_schema(responses={201: ProposalSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Propose a new child (`kind=register`, `commune` required) or a change to a child
        (`kind=update`, `child` required). `data` holds the record's fields."""
        serializer = ProposalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        child = None
        if values.get("child_id"):
            child = (
                selectors.children_visible_to(request.user)
                .select_related("unit", "village")
                .filter(pk=values["child_id"])
                .first()
            )
            if child is None:
                message = "Không tìm thấy trẻ em này trong địa bàn của bạn."
                raise Invalid(message, details={"child": message})
        code = (values.get("unit") or {}).get("code")
        unit = commune_by_code(code) if code else None
        if unit is None:
            assert child is not None  # the serializer requires one of them
            unit = child.unit
        with api_fields():
            proposal = proposal_create(
                actor=request.user,
                kind=values["kind"],
                unit=unit,
                village=village_by_id(values.get("village")),
                child=child,
                data=values["data"],
                caregivers=[dict(c) for c in values.get("caregivers", [])] or None,
                note=values.get("note", ""),
            )
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[PROPOSAL_ID], request=DecisionSerializer, responses=ProposalSerializer
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """Apply the proposal (commune officer): registers or updates the child."""
        proposal = self._proposal()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api_fields():
            proposal_accept(
                actor=request.user,
                proposal=proposal,
                note=serializer.validated_data.get("note", ""),
            )
        return Response(ProposalSerializer(proposal).data)

    @extend_schema(
        parameters=[PROPOSAL_ID], request=DecisionSerializer, responses=ProposalSerializer
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """Turn the proposal down; `note` (why) is required."""
        proposal = self._proposal()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api_fields():
            proposal_reject(
                actor=request.user,
                proposal=proposal,
                note=serializer.validated_data.get("note", ""),
            )
        return Response(ProposalSerializer(proposal).data)
