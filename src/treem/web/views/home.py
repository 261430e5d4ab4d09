"""The landing page, shaped by the user's most senior role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from treem.core.models import AuditEvent, Job
from treem.geo.models import Level
from treem.geo.selectors import unit_subtree
from treem.org import scope, selectors
from treem.org.roles import Role
from treem.web.context import navigation
from treem.web.shortcuts import acting_user

ROLE_INTROS = {
    Role.COLLABORATOR: "Theo dõi trẻ em ở thôn/tổ dân phố và đề xuất cập nhật cho công chức xã.",
    Role.COMMUNE_OFFICER: (
        "Quản lý thông tin trẻ em, tiếp nhận và xử lý vụ việc bảo vệ trẻ em của xã."
    ),
    Role.COMMUNE_CHAIRMAN: (
        "Phê duyệt kế hoạch hỗ trợ, can thiệp và theo dõi công tác trẻ em của xã."
    ),
    Role.AGENCY_REPORTER: "Báo cáo các chỉ tiêu, nhiệm vụ được giao cho cơ quan của bạn.",
    Role.SPECIALIST: "Xây dựng kế hoạch, chỉ tiêu; theo dõi tiến độ báo cáo và tổng hợp số liệu.",
    Role.SUPERVISOR: "Giám sát việc thực hiện và chất lượng xử lý vụ việc trên địa bàn.",
    Role.LEADER: "Xem bảng điều khiển chỉ tiêu so với mục tiêu theo địa bàn.",
    Role.SYSADMIN: "Quản trị người dùng, phân quyền, cơ quan và dữ liệu tham chiếu.",
}

# The menu's short names, spelled out for the "things you often do" list.
SHORTCUT_TEXT = {
    "Trẻ em": "Sổ theo dõi trẻ em",
    "Chỉ tiêu": "Bảng điều khiển chỉ tiêu",
    "Kế hoạch": "Kế hoạch và mục tiêu",
    "Nhập kế hoạch": "Nhập kế hoạch từ văn bản",
    "Đơn vị hành chính": "Tra cứu đơn vị hành chính (cũ và mới)",
    "Cơ quan": "Danh bạ cơ quan",
    "Người dùng": "Quản lý người dùng",
    "Nhật ký": "Nhật ký kiểm tra",
}


def _shortcuts(request: HttpRequest) -> list[tuple[str, str, str]]:
    """What the menu offers this user, the home page itself left out."""
    items = navigation(request).get("nav_items", [])[1:]
    return [(SHORTCUT_TEXT.get(label, label), url, icon) for label, url, icon in items]


def _area_figures(roots: list) -> list[tuple[str, int]]:
    communes = villages = 0
    for membership_unit in roots:
        subtree = unit_subtree(membership_unit)
        communes += subtree.filter(level=Level.COMMUNE).count()
        villages += subtree.filter(level=Level.VILLAGE).count()
    return [("Xã/phường trong địa bàn", communes), ("Thôn/tổ dân phố", villages)]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    role = scope.home_role(user)
    memberships = scope.active_memberships(user)
    roots = [m.unit for m in memberships if m.unit.path in scope.unit_paths(user)]
    figures = _area_figures(roots)
    figures.append(("Cơ quan liên quan", selectors.agency_list(user).count()))
    if scope.is_admin(user):
        figures.append(("Người dùng quản lý", selectors.user_list(user).count()))
    context = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "intro": ROLE_INTROS.get(Role(role), "") if role else "",
        "areas": roots,
        "figures": figures,
        "shortcuts": _shortcuts(request),
        "recent": AuditEvent.objects.filter(actor=user).order_by("-at")[:8],
        "jobs": Job.objects.filter(owner=user).order_by("-created_at")[:5],
        "is_admin": scope.is_admin(user),
        "is_national_admin": scope.is_national_admin(user),
    }
    return render(request, "web/home.html", context)
