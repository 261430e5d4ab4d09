"""Measurements: one figure per indicator × administrative unit × period.

A measurement keeps the unit it was recorded against (a 2024 district, a legacy province);
roll-ups map it through successions. Ratios are stored as numerator and denominator so a
province's rate is Σnumerator / Σdenominator.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    COMPUTED = "computed", _("Tính tự động")
    ENTERED = "entered", _("Nhập tay")
    IMPORTED = "imported", _("Nhập từ tệp")


class MeasurementState(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    APPROVED = "approved", _("Đã phê duyệt")


class Measurement(models.Model):
    indicator = models.ForeignKey(
        "plans.Indicator", verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.Unit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=120, editable=False)
    province_code = models.CharField(max_length=8, blank=True, editable=False)
    period = models.CharField(_("kỳ"), max_length=7)
    numerator = models.DecimalField(
        _("tử số"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("mẫu số"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(
        _("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    origin = models.CharField(_("nguồn"), max_length=8, choices=Origin.choices)
    state = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=MeasurementState.choices,
        default=MeasurementState.DRAFT,
    )
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.CharField(_("căn cứ số liệu"), max_length=500, blank=True)
    notes = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["indicator__sort_order", "period", "unit_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="measurement_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True) | models.Q(numerator__gte=0),
                name="measurement_numerator_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | models.Q(denominator__gt=0),
                name="measurement_denominator_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "state"], name="measurement_rollup_idx"),
            models.Index(
                fields=["unit_path"], name="measurement_path_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period}"
