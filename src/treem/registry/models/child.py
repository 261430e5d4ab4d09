"""The child record and the people who care for the child."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from treem.registry.domain import ethnicities
from treem.registry.models.choices import (
    DisabilityDegree,
    DisabilityKind,
    LifeStatus,
    Poverty,
    Relation,
    SchoolLevel,
    Sex,
    Source,
)

CHILD_AGE_LIMIT = 16  # Luật Trẻ em 2016, Điều 1: a child is a person under 16.


class Child(models.Model):
    # Where the child lives now. `unit_path` and `province_code` copy the commune's so that
    # scoping and partitioning need no join (ARCHITECTURE: every big table carries its province).
    unit = models.ForeignKey(
        "geo.Unit", verbose_name=_("xã/phường"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=120)
    province_code = models.CharField(max_length=8)
    village = models.ForeignKey(
        "geo.Unit",
        verbose_name=_("thôn/tổ dân phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # partial index below: most rows name no known village
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    # NULL, not "", when unknown: the unique constraint must ignore children without a number.
    personal_id = models.CharField(  # noqa: DJ001
        _("số định danh cá nhân"), max_length=12, null=True, blank=True
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"))
    ethnicity = models.CharField(
        _("dân tộc"), max_length=2, choices=ethnicities.CHOICES, default=ethnicities.KINH
    )
    nationality = models.CharField(_("quốc tịch"), max_length=2, default="VN")
    contact_phone = models.CharField(_("số điện thoại liên hệ"), max_length=15, blank=True)

    birth_registered = models.BooleanField(_("đã đăng ký khai sinh"), null=True, blank=True)
    birth_registered_on = models.DateField(_("ngày đăng ký khai sinh"), null=True, blank=True)
    birth_registered_place = models.CharField(
        _("nơi đăng ký khai sinh"), max_length=200, blank=True
    )
    health_insurance_no = models.CharField(_("số thẻ BHYT"), max_length=15, blank=True)

    disability_kind = models.CharField(
        _("dạng khuyết tật"), max_length=16, choices=DisabilityKind.choices, blank=True
    )
    disability_degree = models.CharField(
        _("mức độ khuyết tật"), max_length=12, choices=DisabilityDegree.choices, blank=True
    )
    school_level = models.CharField(
        _("cấp học"), max_length=16, choices=SchoolLevel.choices, blank=True
    )
    school_name = models.CharField(_("trường"), max_length=200, blank=True)
    dropped_out = models.BooleanField(_("đã bỏ học"), default=False)
    poverty = models.CharField(
        _("hộ nghèo/cận nghèo"), max_length=10, choices=Poverty.choices, default=Poverty.NONE
    )

    life_status = models.CharField(
        _("tình trạng"), max_length=12, choices=LifeStatus.choices, default=LifeStatus.LIVING
    )
    life_status_on = models.DateField(_("ngày thay đổi tình trạng"), null=True, blank=True)

    # A merged record stays on file (history, undo) but is hidden behind its survivor.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        db_index=False,  # partial index below: only merged records need finding by survivor
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    # Provenance columns, written by the system, never looked up by value: no index, and no
    # database-enforced key, whose per-row check at COMMIT was a large share of an import's
    # time (docs/decisions/0008-registry-indexes.md). Import runs and users are never
    # deleted (users are deactivated), so the references cannot dangle.
    import_run = models.ForeignKey(
        "registry.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    import_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("trẻ em")
        verbose_name_plural = _("trẻ em")
        constraints = [
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=Q(personal_id__isnull=False, merged_into__isnull=True),
                name="child_personal_id_unique",
                violation_error_message=_("Đã có trẻ em khác mang số định danh này."),
            )
        ]
        indexes = [
            models.Index(
                fields=["unit_path", "birth_date"],
                name="child_scope_idx",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["birth_date", "name_key"], name="child_match_idx"),
            # Lookups by ID number go through child_personal_id_unique (live records only).
            models.Index(
                fields=["merged_into"],
                name="child_merged_idx",
                condition=Q(merged_into__isnull=False),
            ),
            models.Index(
                fields=["village"], name="child_village_idx", condition=Q(village__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.birth_date:%d/%m/%Y})"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def is_active_on(self, day: dt.date) -> bool:
        """In the active registry: living here and under 16."""
        return self.life_status == LifeStatus.LIVING and self.age_on(day) < CHILD_AGE_LIMIT


class Caregiver(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="caregivers")
    relation = models.CharField(_("quan hệ"), max_length=12, choices=Relation.choices)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("người chăm sóc")
        verbose_name_plural = _("người chăm sóc")
        # Names are found through a trigram index (migration 0002); phone and ID number only
        # where given, which keeps the many blank ones out of the index.
        indexes = [
            models.Index(fields=["phone"], name="caregiver_phone_idx", condition=~Q(phone="")),
            models.Index(
                fields=["personal_id"], name="caregiver_pid_idx", condition=~Q(personal_id="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.full_name}"
