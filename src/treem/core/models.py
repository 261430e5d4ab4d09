"""Audit log and long-running jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.core.action_labels import action_label


class AuditEvent(models.Model):
    """One row per change (written in the change's own transaction) or per sensitive read."""

    class Kind(models.TextChoices):
        WRITE = "write", _("Thay đổi")
        READ = "read", _("Xem dữ liệu nhạy cảm")
        AUTH = "auth", _("Đăng nhập")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.WRITE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=60, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    # Materialised path of the unit the record belongs to: scopes audit searches by subtree
    # without a foreign key, so audit rows survive any change to reference data.
    unit_path = models.CharField(_("đơn vị"), max_length=120, blank=True, db_index=True)
    province_code = models.CharField(max_length=8, blank=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    channel = models.CharField(_("kênh"), max_length=10, blank=True)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    changes = models.JSONField(_("nội dung thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký kiểm tra")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    @property
    def action_text(self) -> str:
        """The action in words (`registry.child.move` → "Chuyển nơi cư trú")."""
        return action_label(self.action)


class Job(models.Model):
    """A long piece of work run by the task worker, with progress the UI polls."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại công việc"), max_length=60)
    title = models.CharField(_("tên công việc"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
