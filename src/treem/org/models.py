"""Users, agencies (with successors) and memberships (user × unit × agency × role)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.geo.models import Unit
from treem.org.roles import Role


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class AgencyKind(models.TextChoices):
    UBND = "ubnd", _("Ủy ban nhân dân")
    HEALTH = "y_te", _("Y tế")
    LABOUR = "ldtbxh", _("Lao động – Thương binh và Xã hội")
    EDUCATION = "gd_dt", _("Giáo dục và Đào tạo")
    JUSTICE = "tu_phap", _("Tư pháp")
    POLICE = "cong_an", _("Công an")
    CULTURE = "van_hoa", _("Văn hóa, Thể thao và Du lịch")
    INFORMATION = "tt_tt", _("Thông tin và Truyền thông")
    SCIENCE = "kh_cn", _("Khoa học và Công nghệ")
    FINANCE = "tai_chinh", _("Tài chính")
    PLANNING = "kh_dt", _("Kế hoạch và Đầu tư")
    HOME_AFFAIRS = "noi_vu", _("Nội vụ")
    ETHNIC = "dan_toc", _("Dân tộc và Tôn giáo")
    AGRICULTURE = "nn_mt", _("Nông nghiệp và Môi trường")
    COURT = "toa_an", _("Tòa án nhân dân")
    PROCURACY = "vien_kiem_sat", _("Viện kiểm sát nhân dân")
    YOUTH_UNION = "doan_tn", _("Đoàn Thanh niên")
    WOMEN_UNION = "hoi_phu_nu", _("Hội Liên hiệp Phụ nữ")
    FATHERLAND_FRONT = "mttq", _("Ủy ban Mặt trận Tổ quốc")
    BROADCASTER = "dai_ptth", _("Đài Phát thanh – Truyền hình")
    NEWSPAPER = "bao", _("Báo")
    STATISTICS = "thong_ke", _("Thống kê")
    SOCIAL_SERVICE = "ctxh", _("Trung tâm Công tác xã hội")
    OTHER = "khac", _("Khác")


class Agency(models.Model):
    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=40, blank=True)
    kind = models.CharField(_("lĩnh vực"), max_length=20, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="agencies"
    )
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="agency_unit_name_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agency_validity_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def active_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class AgencySuccession(models.Model):
    """Responsibilities of `predecessor` (all, or those named in `scope`) passed to
    `successor` on `effective_on` — e.g. child affairs from Sở LĐTBXH to Sở Y tế in 2025."""

    predecessor = models.ForeignKey(
        Agency, verbose_name=_("cơ quan cũ"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan mới"),
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    effective_on = models.DateField(_("ngày hiệu lực"))
    scope = models.CharField(
        _("phạm vi chuyển giao"),
        max_length=200,
        blank=True,
        help_text=_("Để trống nếu chuyển giao toàn bộ nhiệm vụ."),
    )

    class Meta:
        verbose_name = _("kế thừa cơ quan")
        verbose_name_plural = _("kế thừa cơ quan")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="agency_succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"), default=timezone.localdate)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role", "agency"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def active_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RoleSecurityPolicy(models.Model):
    """Per-role security settings an administrator can change (two-factor requirement)."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, unique=True)
    require_two_factor = models.BooleanField(_("bắt buộc xác thực hai lớp"), default=False)

    class Meta:
        verbose_name = _("chính sách bảo mật theo vai trò")
        verbose_name_plural = _("chính sách bảo mật theo vai trò")

    def __str__(self) -> str:
        return self.get_role_display()
