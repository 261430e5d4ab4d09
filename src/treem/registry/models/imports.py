"""One run of a spreadsheet import: counts, state and where its error report is."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Không nhập được")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source_name = models.CharField(_("tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The commune the file is for (--commune), or the user's area when null.
    unit = models.ForeignKey(
        "geo.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=120, blank=True)
    dry_run = models.BooleanField(_("chạy thử"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    error_report = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.started_at:%d/%m/%Y %H:%M})"

    def summary(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "warnings": self.warnings,
            "error_report": self.error_report or None,
        }
