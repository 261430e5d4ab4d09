"""The indicator catalogue: the 24 national indicators of Quyết định 23/QĐ-TTg with their
sub-indicators as separate measurable items ("3a", "4c", "8b" …). Loaded from
`plans/data/catalogue.json`; a province may add its own items."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.org.models import AgencyKind
from treem.plans.domain.measures import Direction, MeasureUnit, Source, is_ratio


class ObjectiveGroup(models.IntegerChoices):
    HEALTH = 1, _("Mục tiêu 1: Chăm sóc sức khỏe, dinh dưỡng và phát triển toàn diện")
    PROTECTION = 2, _("Mục tiêu 2: Bảo vệ trẻ em")
    EDUCATION = 3, _("Mục tiêu 3: Giáo dục, văn hóa, vui chơi, giải trí")
    PARTICIPATION = 4, _("Mục tiêu 4: Quyền tham gia của trẻ em")


class Indicator(models.Model):
    code = models.CharField(
        _("mã"), max_length=12, unique=True, help_text=_("Số chỉ tiêu và phần, ví dụ 8a.")
    )
    number = models.PositiveSmallIntegerField(_("số chỉ tiêu"))
    part = models.CharField(_("phần"), max_length=4, blank=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    short_name = models.CharField(_("tên ngắn"), max_length=80)
    group = models.PositiveSmallIntegerField(_("nhóm mục tiêu"), choices=ObjectiveGroup.choices)
    unit = models.CharField(_("đơn vị tính"), max_length=14, choices=MeasureUnit.choices)
    direction = models.CharField(_("chiều mong muốn"), max_length=8, choices=Direction.choices)
    numerator = models.CharField(_("tử số"), max_length=300, blank=True)
    denominator = models.CharField(_("mẫu số"), max_length=300, blank=True)
    lead_sector = models.CharField(
        _("ngành chủ trì"), max_length=20, choices=AgencyKind.choices, blank=True
    )
    statistic_code = models.CharField(
        _("mã chỉ tiêu thống kê (TT 13/2021)"), max_length=8, blank=True
    )
    source = models.CharField(_("nguồn số liệu"), max_length=10, choices=Source.choices)
    # Name of the computation in `treem.plans.computed` for registry- and case-derived items.
    computation = models.CharField(_("cách tính"), max_length=40, blank=True)
    # Blank for the national catalogue; a province's own items carry its code.
    province_code = models.CharField(_("mã tỉnh bổ sung"), max_length=8, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("danh mục chỉ tiêu")
        ordering = ["sort_order", "number", "part"]

    def __str__(self) -> str:
        return f"{self.code}. {self.short_name}"

    @property
    def is_ratio(self) -> bool:
        return is_ratio(self.unit)

    @property
    def is_computed(self) -> bool:
        return self.source != Source.ENTERED
