from django.urls import include, path
from rest_framework.routers import DefaultRouter

from treem.geo.api import UnitViewSet
from treem.org.api import AgencyViewSet, me
from treem.plans.api.analytics import AnalyticsView
from treem.plans.api.catalogue import IndicatorViewSet
from treem.plans.api.dhis2 import DataValueSetsView, OrgUnitMappingView
from treem.plans.api.measurements import MeasurementViewSet
from treem.plans.api.plans import PlanViewSet
from treem.registry.api import ChildViewSet
from treem.registry.api_duplicates import DuplicateViewSet, MergeViewSet
from treem.registry.api_proposals import ProposalViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("children", ChildViewSet, basename="child")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("duplicates", DuplicateViewSet, basename="duplicate")
router.register("merges", MergeViewSet, basename="merge")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("plans", PlanViewSet, basename="plan")
router.register("measurements", MeasurementViewSet, basename="measurement")

urlpatterns = [
    path("me/", me, name="me"),
    path("analytics/", AnalyticsView.as_view(), name="analytics"),
    path("dhis2/dataValueSets/", DataValueSetsView.as_view(), name="dhis2-data-value-sets"),
    path("dhis2/orgUnits/", OrgUnitMappingView.as_view(), name="dhis2-org-units"),
    path("", include(router.urls)),
]
