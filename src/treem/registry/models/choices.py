"""Choice lists of the child record. Labels are what officers see."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class LifeStatus(models.TextChoices):
    LIVING = "living", _("Đang sinh sống tại địa phương")
    MOVED_AWAY = "moved_away", _("Đã chuyển đi nơi khác (ngoài hệ thống)")
    DECEASED = "deceased", _("Đã mất")


class Poverty(models.TextChoices):
    NONE = "none", _("Không thuộc hộ nghèo, cận nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    POOR = "poor", _("Hộ nghèo")


class DisabilityKind(models.TextChoices):
    """Luật Người khuyết tật 2010, Điều 3."""

    MOBILITY = "mobility", _("Khuyết tật vận động")
    HEARING_SPEECH = "hearing_speech", _("Khuyết tật nghe, nói")
    VISION = "vision", _("Khuyết tật nhìn")
    MENTAL = "mental", _("Khuyết tật thần kinh, tâm thần")
    INTELLECTUAL = "intellectual", _("Khuyết tật trí tuệ")
    OTHER = "other", _("Khuyết tật khác")


class DisabilityDegree(models.TextChoices):
    SEVERE_PLUS = "very_severe", _("Đặc biệt nặng")
    SEVERE = "severe", _("Nặng")
    MILD = "mild", _("Nhẹ")


class SchoolLevel(models.TextChoices):
    NONE = "none", _("Chưa đi học")
    PRESCHOOL = "preschool", _("Mầm non")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Giáo dục nghề nghiệp")


class Relation(models.TextChoices):
    FATHER = "father", _("Cha")
    MOTHER = "mother", _("Mẹ")
    GUARDIAN = "guardian", _("Người giám hộ")
    GRANDPARENT = "grandparent", _("Ông/bà")
    RELATIVE = "relative", _("Người thân khác")
    CARER = "carer", _("Người chăm sóc thay thế")


class Source(models.TextChoices):
    FORM = "form", _("Nhập trên biểu mẫu")
    IMPORT = "import", _("Nhập từ tệp")
    PROPOSAL = "proposal", _("Đề xuất của cộng tác viên")
    API = "api", _("Qua API")
