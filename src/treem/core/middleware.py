from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from treem.core import context


def client_ip(request: HttpRequest) -> str | None:
    # Proxies are trusted only as configured for django-axes (TREEM_PROXY_COUNT); the
    # address axes resolved is reused so both agree.
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        token = context.activate(
            context.RequestContext(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.deactivate(token)
