"""URL patterns of the plans dashboard (mounted under /ke-hoach/, app name "plans")."""

from django.urls import URLPattern, path

from treem.plans.views.dashboard import exports, pages

urlpatterns: list[URLPattern] = [
    path("bang-dieu-khien/", pages.dashboard, name="dashboard"),
    path("bang-dieu-khien/tai-ve.<str:fmt>", exports.dashboard_export, name="dashboard_export"),
    path("chi-tieu/<str:code>/", pages.indicator_detail, name="indicator"),
]
