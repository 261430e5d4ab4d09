"""Plans (national, provincial, commune) and their targets per indicator and year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.plans.domain.comparators import Comparator
from treem.plans.domain.measures import MeasureUnit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(models.Model):
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    title = models.CharField(_("trích yếu"), max_length=500)
    unit = models.ForeignKey(
        "geo.Unit", verbose_name=_("địa bàn ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer = models.CharField(_("cấp ban hành"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    source_name = models.CharField(_("tệp nguồn"), max_length=200, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["unit_path", "-first_year", "number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")), name="plan_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"[:200]


class PlanReference(models.Model):
    """A document the plan implements (Chỉ thị 28-CT/TW, a provincial plan …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    referenced_plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return self.number


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        "plans.Indicator", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    comparator = models.CharField(_("so sánh"), max_length=10, choices=Comparator.choices)
    value = models.DecimalField(
        _("giá trị"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    value_high = models.DecimalField(
        _("giá trị cận trên"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Khi mục tiêu là một khoảng, ví dụ giảm từ 2 đến 3% mỗi năm."),
    )
    unit = models.CharField(_("đơn vị tính"), max_length=14, choices=MeasureUnit.choices)
    text = models.CharField(_("nguyên văn"), max_length=1000, blank=True)
    line = models.PositiveIntegerField(_("dòng trong văn bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["indicator__sort_order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "year"], name="target_plan_indicator_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year} {self.comparator} {self.value}"
