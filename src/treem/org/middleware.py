"""Two-factor enforcement: a user holding a role whose policy requires TOTP must set it up
and verify it before using anything but the two-factor pages and logout."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from treem.org import scope
from treem.org.models import RoleSecurityPolicy

EXEMPT_PREFIXES = ("/tai-khoan/", "/dang-xuat/", "/dang-nhap/", "/static/", "/i18n/")


def two_factor_required(user: object) -> bool:
    held = scope.roles(user)
    return (
        bool(held)
        and RoleSecurityPolicy.objects.filter(role__in=held, require_two_factor=True).exists()
    )


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()  # type: ignore[attr-defined]  # added by OTPMiddleware
            and two_factor_required(user)
        ):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            return redirect(f"{reverse('web:two_factor')}?next={request.path}")
        return self.get_response(request)
