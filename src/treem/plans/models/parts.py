"""The parts of a plan besides its targets: who leads which indicators, the tasks of its
appendix, its reporting deadlines and its budget lines (as read from the plan document)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Responsibility(models.Model):
    """ "Sở Y tế: hướng dẫn, triển khai thực hiện các chỉ tiêu 2, 3, 4 …"."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="responsibilities"
    )
    agency_name = models.CharField(_("cơ quan chủ trì"), max_length=200)
    agency = models.ForeignKey(
        "org.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    indicators = models.ManyToManyField("plans.Indicator", related_name="+", blank=True)
    line = models.PositiveIntegerField(_("dòng trong văn bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công chỉ tiêu")
        verbose_name_plural = _("phân công chỉ tiêu")
        ordering = ["plan", "line", "id"]

    def __str__(self) -> str:
        return self.agency_name


class PlanTask(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nhiệm vụ"))
    lead_name = models.CharField(_("cơ quan chủ trì"), max_length=200, blank=True)
    lead = models.ForeignKey(
        "org.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinating = models.CharField(_("cơ quan phối hợp"), max_length=1000, blank=True)
    line = models.PositiveIntegerField(_("dòng trong văn bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ReportPeriod(models.TextChoices):
    SEMIANNUAL = "semiannual", _("6 tháng")
    ANNUAL = "annual", _("Hằng năm")
    ADHOC = "adhoc", _("Đột xuất")


class ReportingRule(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reporting")
    period = models.CharField(_("kỳ báo cáo"), max_length=10, choices=ReportPeriod.choices)
    due_day = models.PositiveSmallIntegerField(_("hạn ngày"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(_("hạn tháng"), null=True, blank=True)
    recipient = models.CharField(_("gửi đến"), max_length=300, blank=True)
    line = models.PositiveIntegerField(_("dòng trong văn bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")
        ordering = ["plan", "due_month", "due_day"]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.due_day}/{self.due_month}"


class BudgetLineKind(models.TextChoices):
    """Whether an amount is spent on its own or sums other rows (so sums skip it)."""

    ITEM = "item", _("khoản chi")
    SUBTOTAL = "subtotal", _("cộng nhóm")
    TOTAL = "total", _("tổng cộng")


class BudgetLine(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="budget_lines")
    row = models.PositiveIntegerField(_("dòng bảng"), default=0)
    label = models.CharField(_("nội dung"), max_length=500)
    kind = models.CharField(
        _("loại dòng"), max_length=10, choices=BudgetLineKind.choices, default=BudgetLineKind.ITEM
    )
    agency_name = models.CharField(_("đơn vị thực hiện"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "org.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=18, decimal_places=0)
    line = models.PositiveIntegerField(_("dòng trong văn bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("kinh phí")
        ordering = ["plan", "row", "year"]

    def __str__(self) -> str:
        return f"{self.label} {self.year}: {self.amount}"
