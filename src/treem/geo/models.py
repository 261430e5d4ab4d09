"""Administrative units over time.

Two official versions are loaded from the reference file: `legacy` (63 provinces, 696
districts, 10,035 communes, valid until 2025-06-30) and `current` (34 provinces, 3,321
communes, valid from 2025-07-01). A code means something only with its version: the same
5-digit code can name different communes before and after the reorganisation. Users add
villages (thôn, tổ dân phố) under current communes.

Each unit has a materialised `path` ("c/01/00004/", "l/01/001/00001/") so that a subtree is
one indexed prefix filter; `c/` is the nation in the current structure.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

REORGANISATION_DATE = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)


class Version(models.TextChoices):
    LEGACY = "legacy", _("Trước 01/7/2025")
    CURRENT = "current", _("Từ 01/7/2025")


class Level(models.TextChoices):
    NATION = "nation", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh/Thành phố")
    DISTRICT = "district", _("Quận/Huyện")
    COMMUNE = "commune", _("Xã/Phường")
    VILLAGE = "village", _("Thôn/Tổ dân phố")


LEVEL_DEPTH = {
    Level.NATION: 0,
    Level.PROVINCE: 1,
    Level.DISTRICT: 2,
    Level.COMMUNE: 3,
    Level.VILLAGE: 4,
}


class Kind(models.TextChoices):
    NATION = "quoc_gia", _("Quốc gia")
    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc Trung ương")
    QUAN = "quan", _("Quận")
    HUYEN = "huyen", _("Huyện")
    THI_XA = "thi_xa", _("Thị xã")
    THANH_PHO = "thanh_pho", _("Thành phố thuộc tỉnh")
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    THI_TRAN = "thi_tran", _("Thị trấn")
    DAC_KHU = "dac_khu", _("Đặc khu")
    THON = "thon", _("Thôn")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    AP = "ap", _("Ấp")
    BAN = "ban", _("Bản")
    KHU_PHO = "khu_pho", _("Khu phố")


VILLAGE_KINDS = (Kind.THON, Kind.TO_DAN_PHO, Kind.AP, Kind.BAN, Kind.KHU_PHO)


class Unit(models.Model):
    version = models.CharField(_("phiên bản"), max_length=8, choices=Version.choices)
    code = models.CharField(_("mã"), max_length=16)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=120)
    full_name = models.CharField(_("tên đầy đủ"), max_length=160)
    search_key = models.CharField(max_length=160, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=120, unique=True, editable=False)
    # Path of the deepest unit of the other version wholly containing this one (see
    # treem.geo.crosswalk); roll-ups use it to carry legacy figures into today's units.
    counterpart_path = models.CharField(max_length=120, blank=True, editable=False)
    province_code = models.CharField(_("mã tỉnh"), max_length=8, blank=True, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    is_reference = models.BooleanField(
        _("dữ liệu chuẩn"),
        default=False,
        help_text=_("Nạp từ tệp tham chiếu chính thức; không sửa bằng tay."),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unit_version_code_unique")
        ]
        indexes = [
            # "communes under X": a range on path within one level, answered from the index.
            models.Index(fields=["level", "path"], name="unit_level_path_idx"),
            # Name search scans this covering index instead of the table.
            models.Index(fields=["version", "search_key", "level"], name="unit_search_idx"),
            # PostgreSQL-only: LIKE 'prefix%' under any collation (ignored elsewhere, where
            # the unique index on `path` serves the range form of the prefix lookup).
            models.Index(
                fields=["path"], name="unit_path_pattern_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def depth(self) -> int:
        return LEVEL_DEPTH[Level(self.level)]

    @property
    def is_legacy(self) -> bool:
        return self.version == Version.LEGACY

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def label_with_parents(self) -> str:
        """'Phường Ba Đình, Thành phố Hà Nội' — enough to tell same-named units apart."""
        names = [self.full_name]
        parent = self.parent
        while parent is not None and parent.level != Level.NATION:
            names.append(parent.full_name)
            parent = parent.parent
        return ", ".join(names)


class Succession(models.Model):
    """`predecessor` became (all or part of) `successor` on `effective_on`."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE, related_name="predecessions"
    )
    partly = models.BooleanField(
        _("một phần"), default=False, help_text=_("Đơn vị cũ được chia cho nhiều đơn vị mới.")
    )
    effective_on = models.DateField(_("ngày hiệu lực"), default=REORGANISATION_DATE)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_pair_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
