"""A plan document read by the importer, waiting for a specialist to check and confirm."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanDraft(models.Model):
    class State(models.TextChoices):
        REVIEW = "review", _("Chờ rà soát")
        CONFIRMED = "confirmed", _("Đã tạo kế hoạch")
        DISCARDED = "discarded", _("Đã hủy")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey("geo.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    file_name = models.CharField(_("tệp"), max_length=200)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("văn bản đã chuẩn hóa"))
    extraction = models.JSONField(_("kết quả đọc"), default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.REVIEW)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản đọc kế hoạch")
        verbose_name_plural = _("bản đọc kế hoạch")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
