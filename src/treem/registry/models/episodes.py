"""Special-circumstance episodes, risk flags and support received: the facts behind
indicators 8a/8b (children in special circumstances, and of them assisted)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.registry.domain import circumstances


class CircumstanceEpisode(models.Model):
    """A period during which a child belongs to one group of Luật Trẻ em, Điều 10."""

    child = models.ForeignKey(
        "registry.Child", on_delete=models.CASCADE, related_name="circumstances"
    )
    group = models.CharField(_("nhóm"), max_length=1, choices=circumstances.CHOICES)
    subgroup = models.CharField(_("nhóm nhỏ"), max_length=4, blank=True)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(_("nguồn thông tin"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoàn cảnh đặc biệt")
        verbose_name_plural = _("hoàn cảnh đặc biệt")
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["group", "ended_on"], name="episode_group_idx")]

    def __str__(self) -> str:
        return f"{self.group}) {circumstances.NAMES.get(self.group, '')}"


class RiskFlag(models.Model):
    class Kind(models.TextChoices):
        ABUSE = "abuse", _("Có nguy cơ bị xâm hại")
        DROPOUT = "dropout", _("Có nguy cơ bỏ học")
        LABOUR = "labour", _("Có nguy cơ lao động trẻ em")
        CHILD_MARRIAGE = "marriage", _("Có nguy cơ tảo hôn")
        NEGLECT = "neglect", _("Có nguy cơ bị bỏ mặc, thiếu chăm sóc")
        MIGRATION = "migration", _("Có nguy cơ di cư không an toàn")
        OTHER = "other", _("Nguy cơ khác")

    child = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("nguy cơ"), max_length=12, choices=Kind.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dấu hiệu nguy cơ")
        verbose_name_plural = _("dấu hiệu nguy cơ")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class SupportRecord(models.Model):
    class Kind(models.TextChoices):
        ALLOWANCE = "allowance", _("Trợ cấp xã hội hằng tháng")
        CASH = "cash", _("Hỗ trợ tiền mặt một lần")
        HEALTH = "health", _("Chăm sóc y tế, thẻ BHYT")
        EDUCATION = "education", _("Hỗ trợ học tập")
        IN_KIND = "in_kind", _("Hiện vật (gạo, quần áo, đồ dùng)")
        CARE = "care", _("Chăm sóc thay thế")
        COUNSELLING = "counselling", _("Tư vấn, trị liệu tâm lý")
        LEGAL = "legal", _("Trợ giúp pháp lý")
        OTHER = "other", _("Hỗ trợ khác")

    child = models.ForeignKey("registry.Child", on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(_("hình thức hỗ trợ"), max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan hỗ trợ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider = models.CharField(_("đơn vị/cá nhân hỗ trợ"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("giá trị (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    given_on = models.DateField(_("ngày hỗ trợ"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hỗ trợ đã nhận")
        verbose_name_plural = _("hỗ trợ đã nhận")
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on:%d/%m/%Y}"
