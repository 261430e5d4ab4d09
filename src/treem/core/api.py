"""Shared API pieces: pagination and the one error format.

Every error body is {"error": {"code": ..., "message": ..., "details": {...}}} with a
Vietnamese message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from treem.core.errors import Forbidden, TreemError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


_DRF_MESSAGES = {
    exceptions.NotAuthenticated: ("not_authenticated", "Bạn cần đăng nhập (phiên hoặc token)."),
    exceptions.AuthenticationFailed: ("authentication_failed", "Thông tin đăng nhập không đúng."),
    exceptions.PermissionDenied: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: ("not_found", "Không tìm thấy đối tượng."),
    exceptions.MethodNotAllowed: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    exceptions.Throttled: ("throttled", "Quá nhiều yêu cầu; hãy thử lại sau ít phút."),
    exceptions.ParseError: ("parse_error", "Dữ liệu gửi lên không đọc được."),
    exceptions.ValidationError: ("invalid", "Dữ liệu không hợp lệ."),
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Forbidden):
        # Objects outside the caller's scope are reported as absent, never as forbidden.
        return Response(error_body("not_found", "Không tìm thấy đối tượng."), status=404)
    if isinstance(exc, TreemError):
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code, message = next(
        (pair for cls, pair in _DRF_MESSAGES.items() if isinstance(exc, cls)),
        ("error", "Có lỗi xảy ra."),
    )
    details = response.data if isinstance(exc, exceptions.ValidationError) else {}
    if isinstance(exc, exceptions.Throttled) and getattr(exc, "wait", None):
        details = {"retry_after_seconds": int(exc.wait)}  # type: ignore[attr-defined]
    response.data = error_body(code, message, details)
    if response.status_code == status.HTTP_403_FORBIDDEN and isinstance(
        exc, exceptions.NotAuthenticated
    ):
        response.status_code = status.HTTP_401_UNAUTHORIZED
    return response
