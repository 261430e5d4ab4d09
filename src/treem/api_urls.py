from django.urls import include, path
from rest_framework.routers import DefaultRouter

from treem.geo.api import UnitViewSet
from treem.org.api import AgencyViewSet, me

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")

urlpatterns = [
    path("me/", me, name="me"),
    path("", include(router.urls)),
]
