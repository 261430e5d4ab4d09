"""Navigation shown in the base layout, by what the user may do."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from treem.org import scope
from treem.org.roles import Role
from treem.plans import access as plans_access
from treem.registry import access as registry_access


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    items = [("Trang chủ", reverse("web:home"), "house")]
    if scope.has_role(user, registry_access.READ_ROLES):
        items.append(("Trẻ em", reverse("registry:child_list"), "people-fill"))
    if scope.has_role(user, plans_access.READ_ROLES):
        items.append(("Chỉ tiêu", reverse("plans:dashboard"), "speedometer2"))
        items.append(("Kế hoạch", reverse("plans:plan_list"), "journal-check"))
    if scope.has_role(user, plans_access.PLAN_ROLES):
        items.append(("Nhập kế hoạch", reverse("planimport:draft_list"), "file-earmark-arrow-up"))
    if scope.has_role(user, plans_access.ENTRY_ROLES):
        items.append(("Nhập số liệu", reverse("plans:entry"), "pencil-square"))
    if scope.has_role(user, plans_access.APPROVE_ROLES):
        items.append(("Phê duyệt số liệu", reverse("plans:approvals"), "check2-square"))
    items.append(("Đơn vị hành chính", reverse("geo:unit_list"), "geo-alt"))
    items.append(("Cơ quan", reverse("org:agency_list"), "building"))
    if scope.is_admin(user):
        items.append(("Người dùng", reverse("org:user_list"), "people"))
        items.append(("Nhật ký", reverse("core:audit_list"), "journal-text"))
    memberships = scope.active_memberships(user)
    role = scope.home_role(user)
    return {
        "nav_items": items,
        "nav_active": request.path,
        "my_memberships": memberships,
        "my_role_label": Role(role).label if role else "",
    }
