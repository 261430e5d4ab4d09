"""Where a child lived when, proposals from village collaborators, and merges of duplicates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Residence(models.Model):
    """One period of living in a commune. A move closes one and opens the next, so the old
    commune's counts for past dates stay right while only the new commune sees the record."""

    child = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="residences")
    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120)
    province_code = models.CharField(max_length=8)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nơi cư trú")
        verbose_name_plural = _("nơi cư trú")
        ordering = ["valid_from", "id"]
        indexes = [
            models.Index(
                fields=["unit_path", "valid_from"],
                name="residence_scope_idx",
                opclasses=["varchar_pattern_ops", "date_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.valid_from}–{self.valid_to or ''}"


class Proposal(models.Model):
    """A change a village collaborator proposes; the commune officer accepts or rejects it."""

    class Kind(models.TextChoices):
        REGISTER = "register", _("Đăng ký trẻ mới")
        UPDATE = "update", _("Cập nhật thông tin")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        ACCEPTED = "accepted", _("Đã xác nhận")
        REJECTED = "rejected", _("Không chấp nhận")

    kind = models.CharField(_("loại đề xuất"), max_length=10, choices=Kind.choices)
    child = models.ForeignKey(
        "registry.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120)
    data = models.JSONField(_("nội dung đề xuất"), default=dict)
    note = models.CharField(_("ghi chú của người đề xuất"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("ý kiến xử lý"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("đề xuất thay đổi")
        verbose_name_plural = _("đề xuất thay đổi")
        ordering = ["-proposed_at"]
        indexes = [
            models.Index(
                fields=["unit_path", "status"],
                name="proposal_scope_idx",
                opclasses=["varchar_pattern_ops", "varchar_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ChildMerge(models.Model):
    """Two records found to be one child. `moved` lists what was re-pointed to the survivor so
    the merge can be undone exactly."""

    survivor = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    moved = models.JSONField(default=dict, blank=True)
    survivor_before = models.JSONField(default=dict, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gộp hồ sơ trùng")
        verbose_name_plural = _("gộp hồ sơ trùng")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class DuplicateDismissal(models.Model):
    """An officer's decision that two similar records are different children (e.g. twins),
    so the scan stops proposing them. `first` has the smaller id."""

    first = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("không trùng")
        verbose_name_plural = _("không trùng")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="dismissal_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"
