"""Roles and the unit levels each may be held at."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.geo.models import Level


class Role(models.TextChoices):
    COLLABORATOR = "collaborator", _("Cộng tác viên thôn/tổ dân phố")
    COMMUNE_OFFICER = "commune_officer", _("Công chức phụ trách trẻ em cấp xã")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chủ tịch UBND cấp xã (phê duyệt)")
    AGENCY_REPORTER = "agency_reporter", _("Cán bộ báo cáo của cơ quan")
    SPECIALIST = "specialist", _("Chuyên viên cấp tỉnh")
    SUPERVISOR = "supervisor", _("Người giám sát")
    LEADER = "leader", _("Lãnh đạo (xem bảng điều khiển)")
    SYSADMIN = "sysadmin", _("Quản trị hệ thống")


# Unit levels at which each role makes sense. Checked when a membership is created.
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.COLLABORATOR: (Level.VILLAGE, Level.COMMUNE),
    Role.COMMUNE_OFFICER: (Level.COMMUNE,),
    Role.COMMUNE_CHAIRMAN: (Level.COMMUNE,),
    Role.AGENCY_REPORTER: (Level.COMMUNE, Level.PROVINCE, Level.NATION),
    Role.SPECIALIST: (Level.PROVINCE, Level.NATION),
    Role.SUPERVISOR: (Level.COMMUNE, Level.PROVINCE, Level.NATION),
    Role.LEADER: (Level.COMMUNE, Level.PROVINCE, Level.NATION),
    Role.SYSADMIN: (Level.PROVINCE, Level.NATION),
}
ROLES_NEEDING_AGENCY = {Role.AGENCY_REPORTER}

# Roles that may administer users, memberships, agencies and villages in their subtree.
ADMIN_ROLES = {Role.SYSADMIN}
# Roles that may add villages under their commune.
VILLAGE_ADMIN_ROLES = {Role.SYSADMIN, Role.COMMUNE_OFFICER}

LEVEL_LABELS = {
    Level.NATION: "cấp quốc gia",
    Level.PROVINCE: "cấp tỉnh",
    Level.DISTRICT: "cấp huyện",
    Level.COMMUNE: "cấp xã",
    Level.VILLAGE: "cấp thôn",
}
