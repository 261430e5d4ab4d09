"""API for agencies (scoped) and for the caller's own profile."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from treem.org import scope, selectors
from treem.org.models import Agency, Membership, User


class AgencySerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.full_name", read_only=True)
    successors = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "unit_code",
            "unit_name",
            "valid_from",
            "valid_to",
            "successors",
        ]

    def get_successors(self, agency: Agency) -> list[dict]:
        return [
            {
                "id": s.successor_id,
                "name": s.successor.name,
                "effective_on": s.effective_on,
                "scope": s.scope,
            }
            for s in agency.successions.all()
        ]


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies in the caller's area and the levels above it. `?q=` searches names."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.agency_list(
            self.request.user, query=params.get("q", ""), kind=params.get("kind", "")
        ).prefetch_related("successions__successor")


class MembershipSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.full_name")
    agency = serializers.CharField(source="agency.name", default=None)

    class Meta:
        model = Membership
        fields = ["role", "unit_code", "unit_name", "agency", "valid_from", "valid_to"]


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "memberships"]

    def get_memberships(self, user: User) -> list[dict]:
        return list(MembershipSerializer(scope.active_memberships(user), many=True).data)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    """The signed-in user and their active roles."""
    return Response(MeSerializer(request.user).data)
