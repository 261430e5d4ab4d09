from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our own Http404s carry a Vietnamese message; an unmatched URL carries resolver internals.
    message = "" if exception is None or isinstance(exception, Resolver404) else str(exception)
    return render(
        request,
        "web/error.html",
        {
            "code": 404,
            "title": "Không tìm thấy",
            "message": message or "Trang hoặc hồ sơ này không có, hoặc bạn không có quyền xem.",
        },
        status=404,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "code": 403,
            "title": "Không có quyền",
            "message": "Bạn không có quyền thực hiện thao tác này.",
        },
        status=403,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "code": 500,
            "title": "Lỗi hệ thống",
            "message": "Đã có lỗi xảy ra. Quản trị hệ thống đã được ghi nhận.",
        },
        status=500,
    )
