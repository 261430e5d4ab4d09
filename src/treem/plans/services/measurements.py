"""Entering, submitting, approving and reopening figures (draft → submitted → approved)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from treem.core.audit import audit_write, diff, snapshot
from treem.core.cleaning import full_clean
from treem.core.errors import Forbidden, Invalid
from treem.geo.models import Level, Unit
from treem.org.models import Agency
from treem.plans import access
from treem.plans.domain.measures import MeasureUnit, is_ratio, ratio_value
from treem.plans.domain.periods import Period, PeriodError
from treem.plans.models import Indicator, Measurement, MeasurementState, Origin

VALUE_FIELDS = ["numerator", "denominator", "value", "evidence", "notes", "agency", "state"]
State = MeasurementState


def parse_period(code: str) -> Period:
    try:
        return Period.parse(code)
    except PeriodError as exc:
        raise Invalid(str(exc), details={"period": str(exc)}) from None


def _number(value: Any, label: str, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise Invalid(
            f"{label} '{value}' không phải là số.", details={field: "Nhập một số, ví dụ 1250."}
        ) from None
    if not number.is_finite():
        raise Invalid(f"{label} '{value}' không phải là số.", details={field: "Nhập một số."})
    return number


def check_figures(
    indicator: Indicator,
    unit: Unit,
    period: Period,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> None:
    """The rules every figure obeys, whoever enters it."""
    where = f"Chỉ tiêu {indicator.code}, {unit.full_name}, {period.label}"
    if unit.level == Level.VILLAGE:
        raise Invalid(f"{where}: số liệu chỉ tiêu ghi cho xã/phường trở lên, không ghi cho thôn.")
    if not (unit.valid_on(period.start) or unit.valid_on(period.end)):
        span = "trước 01/7/2025" if unit.version == "legacy" else "từ 01/7/2025"
        raise Invalid(
            f"{where}: đơn vị này chỉ tồn tại {span}, không có trong kỳ {period.code}. "
            "Ghi số liệu cho đơn vị hành chính của đúng kỳ đó.",
            details={"unit": "Chọn đơn vị tồn tại trong kỳ báo cáo."},
        )
    if numerator is None:
        raise Invalid(f"{where}: thiếu tử số (số lượng).", details={"numerator": "Nhập số."})
    for field, number in (("numerator", numerator), ("denominator", denominator)):
        if number is not None and number < 0:
            raise Invalid(
                f"{where}: số liệu không được âm ({number}).",
                details={field: "Nhập số từ 0 trở lên."},
            )
    if is_ratio(indicator.unit):
        if not denominator:
            raise Invalid(
                f"{where}: chỉ tiêu tỷ lệ cần mẫu số lớn hơn 0 ({indicator.denominator}).",
                details={"denominator": "Nhập mẫu số."},
            )
        if indicator.unit == MeasureUnit.PERCENT and numerator > denominator:
            raise Invalid(
                f"{where}: tử số {numerator} lớn hơn mẫu số {denominator} — một tỷ lệ phần trăm "
                "không thể vượt 100%. Kiểm tra lại hai số.",
                details={"numerator": "Tử số phải nhỏ hơn hoặc bằng mẫu số."},
            )
    elif denominator is not None:
        raise Invalid(
            f"{where}: chỉ tiêu đếm số lượng không có mẫu số.",
            details={"denominator": "Để trống mẫu số."},
        )


def measurement_save(
    *,
    actor: Any,
    indicator: Indicator,
    unit: Unit,
    period: str,
    numerator: Any,
    denominator: Any = None,
    agency: Agency | None = None,
    evidence: str = "",
    notes: str = "",
    origin: str = Origin.ENTERED,
) -> Measurement:
    """Create or change a draft figure (a submitted one returns to draft when changed)."""
    # Permission first: an outsider learns nothing about the indicator's rules.
    if actor is not None and not access.can_enter(actor, unit, indicator):
        raise Forbidden(
            f"Bạn không có quyền nhập số liệu chỉ tiêu {indicator.code} cho {unit.full_name}."
        )
    # Registry-derived figures of today's communes are computed; history recorded against the
    # legacy units (from the old software) is still entered or imported.
    if indicator.computation.startswith("registry.") and unit.version == "current":
        raise Invalid(
            f"Chỉ tiêu {indicator.code} được tính tự động từ cơ sở dữ liệu trẻ em cho các đơn vị "
            "hiện hành; không nhập tay (số liệu lịch sử ghi cho đơn vị trước 01/7/2025).",
            details={"indicator": "Chọn chỉ tiêu do cơ quan nhập."},
        )
    when = parse_period(period)
    num = _number(numerator, "Tử số", "numerator")
    den = _number(denominator, "Mẫu số", "denominator")
    check_figures(indicator, unit, when, num, den)
    with transaction.atomic():
        row = (
            Measurement.objects.select_for_update()
            .filter(indicator=indicator, unit=unit, period=when.code)
            .first()
        )
        created = row is None
        if row is None:
            row = Measurement(
                indicator=indicator,
                unit=unit,
                unit_path=unit.path,
                province_code=unit.province_code,
                period=when.code,
                origin=origin,
            )
        elif row.state == State.APPROVED:
            raise Invalid(
                f"Số liệu chỉ tiêu {indicator.code} của {unit.full_name} kỳ {when.code} đã được "
                "phê duyệt nên bị khóa. Đề nghị cấp trên mở khóa (kèm lý do) trước khi sửa.",
                code="locked",
            )
        before = snapshot(row, VALUE_FIELDS)
        row.numerator, row.denominator = num, den
        row.value = ratio_value(num, den, indicator.unit)
        row.agency = agency if agency is not None else row.agency
        row.evidence = evidence.strip()[:500]
        row.notes = notes.strip()[:1000]
        row.state = State.DRAFT
        row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        full_clean(row)
        row.save()
        audit_write(
            actor=actor,
            action="plans.measurement.create" if created else "plans.measurement.update",
            obj=row,
            unit=unit,
            changes={
                "indicator": indicator.code,
                "period": when.code,
                **diff(row, before, VALUE_FIELDS),
            },
        )
    return row


def _move(row: Measurement, actor: Any, to: str, action: str, reason: str = "") -> Measurement:
    with transaction.atomic():
        # Lock and re-read: two approvers acting at once must not both succeed.
        locked = Measurement.objects.select_for_update().get(pk=row.pk)
        if locked.state != row.state:
            raise Invalid("Số liệu vừa được người khác xử lý; hãy tải lại trang.", code="conflict")
        before = row.state
        row.state = to
        if to == State.APPROVED:
            row.approved_by = actor if getattr(actor, "is_authenticated", False) else None
            row.approved_at = timezone.now()
        elif before == State.APPROVED:
            row.approved_by, row.approved_at = None, None
        row.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
        audit_write(
            actor=actor,
            action=action,
            obj=row,
            unit=row.unit,
            changes={"state": [before, to]},
            reason=reason,
        )
    return row


def measurement_submit(*, actor: Any, measurement: Measurement) -> Measurement:
    if actor is not None and not access.can_enter(actor, measurement.unit, measurement.indicator):
        raise Forbidden("Bạn không có quyền gửi số liệu này.")
    if measurement.state != State.DRAFT:
        raise Invalid(
            f"Chỉ gửi được số liệu nháp; số liệu này đang ở trạng thái "
            f"'{measurement.get_state_display()}'."
        )
    return _move(measurement, actor, State.SUBMITTED, "plans.measurement.submit")


def measurement_approve(*, actor: Any, measurement: Measurement) -> Measurement:
    if actor is not None and not access.can_approve(actor, measurement.unit):
        raise Forbidden("Bạn không có quyền phê duyệt số liệu của địa bàn này.")
    if measurement.state != State.SUBMITTED:
        raise Invalid("Chỉ phê duyệt được số liệu đã gửi.")
    if actor is not None and measurement.entered_by_id == getattr(actor, "pk", None):
        raise Forbidden("Người nhập số liệu không tự phê duyệt; cần người khác phê duyệt.")
    return _move(measurement, actor, State.APPROVED, "plans.measurement.approve")


def measurement_return(*, actor: Any, measurement: Measurement, reason: str) -> Measurement:
    """Send a submitted figure back to its author with the reason."""
    if actor is not None and not access.can_approve(actor, measurement.unit):
        raise Forbidden("Bạn không có quyền trả lại số liệu của địa bàn này.")
    if measurement.state != State.SUBMITTED:
        raise Invalid("Chỉ trả lại được số liệu đã gửi.")
    if not reason.strip():
        raise Invalid(
            "Ghi lý do trả lại để người nhập biết cần sửa gì.", details={"reason": "Bắt buộc."}
        )
    return _move(measurement, actor, State.DRAFT, "plans.measurement.return", reason.strip())


def measurement_reopen(*, actor: Any, measurement: Measurement, reason: str) -> Measurement:
    """Unlock an approved figure: only from a level above the unit, with a reason."""
    if measurement.state != State.APPROVED:
        raise Invalid("Số liệu này chưa được phê duyệt nên không cần mở khóa.")
    if measurement.origin == Origin.COMPUTED:
        raise Invalid("Số liệu tính tự động không mở khóa; hãy sửa dữ liệu gốc rồi tính lại.")
    if actor is not None and not access.can_reopen(actor, measurement.unit):
        raise Forbidden(
            "Chỉ lãnh đạo hoặc chuyên viên cấp trên của địa bàn này được mở khóa số liệu đã duyệt."
        )
    if not reason.strip():
        raise Invalid("Ghi lý do mở khóa số liệu đã phê duyệt.", details={"reason": "Bắt buộc."})
    return _move(measurement, actor, State.DRAFT, "plans.measurement.reopen", reason.strip())
