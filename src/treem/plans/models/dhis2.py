"""Code mapping for exchanging figures with DHIS2 as `dataValueSets` payloads.

Each indicator maps to one data element for its numerator and (for ratios) one for its
denominator; a unit's DHIS2 org unit defaults to its own code unless mapped here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dhis2Element(models.Model):
    indicator = models.OneToOneField(
        "plans.Indicator", on_delete=models.CASCADE, related_name="dhis2"
    )
    numerator = models.CharField(_("data element tử số"), max_length=64)
    denominator = models.CharField(_("data element mẫu số"), max_length=64, blank=True)
    category_option_combo = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("mã DHIS2 của chỉ tiêu")
        verbose_name_plural = _("mã DHIS2 của chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.indicator_id} → {self.numerator}"


class Dhis2OrgUnit(models.Model):
    unit = models.OneToOneField("geo.Unit", on_delete=models.CASCADE, related_name="+")
    org_unit = models.CharField(_("org unit DHIS2"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("mã DHIS2 của đơn vị")
        verbose_name_plural = _("mã DHIS2 của đơn vị")

    def __str__(self) -> str:
        return self.org_unit
