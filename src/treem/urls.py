from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("api/v1/", include(("treem.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("don-vi/", include("treem.geo.urls")),
    path("tre-em/", include("treem.registry.urls")),
    path("ke-hoach/", include("treem.plans.urls")),
    path("nhap-ke-hoach/", include("treem.planimport.urls")),
    path("", include("treem.org.urls")),
    path("", include("treem.core.urls")),
    path("", include(("treem.web.urls", "web"), namespace="web")),
]

handler404 = "treem.web.views.errors.not_found"
handler403 = "treem.web.views.errors.forbidden"
handler500 = "treem.web.views.errors.server_error"
