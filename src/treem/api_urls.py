from django.urls import include, path
from rest_framework.routers import DefaultRouter

from treem.geo.api import UnitViewSet
from treem.org.api import AgencyViewSet, me
from treem.registry.api import ChildViewSet
from treem.registry.api_proposals import ProposalViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("children", ChildViewSet, basename="child")
router.register("proposals", ProposalViewSet, basename="proposal")

urlpatterns = [
    path("me/", me, name="me"),
    path("", include(router.urls)),
]
