"""Book-keeping for indicators computed from treem's own records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefreshMark(models.Model):
    """How far the audit log has been read for changes that move computed indicators.

    Registry writes leave audit rows (with the commune's path); the refresh reads rows newer
    than `last_audit_id`, recomputes the communes they name and moves the mark."""

    feed = models.CharField(max_length=20, unique=True)
    last_audit_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mốc cập nhật chỉ tiêu tự tính")
        verbose_name_plural = _("mốc cập nhật chỉ tiêu tự tính")

    def __str__(self) -> str:
        return f"{self.feed} @ {self.last_audit_id}"
