"""Figures through their services: every bad input refused with its Vietnamese message and
nothing half-written; the approval rules (not by the author, reopened only from above)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from treem.core.errors import Forbidden, Invalid, NotFound
from treem.core.models import AuditEvent
from treem.geo.models import Version
from treem.plans.models import Measurement, MeasurementState
from treem.plans.selectors.measurements import (
    approved_in_scope,
    awaiting_approval,
    entry_indicators,
    entry_units,
    measurement_get,
    measurements_visible_to,
)
from treem.plans.services.measurements import (
    measurement_approve,
    measurement_reopen,
    measurement_return,
    measurement_save,
    measurement_submit,
)
from treem.plans.tests.factories import indicator, unit

pytestmark = pytest.mark.django_db

COMMUNE_A, COMMUNE_B = "22366", "22453"
LEGACY_IN_A = "22348"  # Phường Vạn Thạnh (before 01/7/2025), now part of Phường Nha Trang


def _writes() -> tuple[int, int]:
    return Measurement.objects.count(), AuditEvent.objects.filter(kind="write").count()


def _refused(error: type[Exception], match: str, **kwargs: Any) -> pytest.ExceptionInfo[Any]:
    before = _writes()
    with pytest.raises(error, match=match) as info:
        measurement_save(**kwargs)
    assert _writes() == before, "nothing may be written"
    return info


def _submitted(actor: Any, code: str, where: Any, num: Any, den: Any = None) -> Measurement:
    row = measurement_save(
        actor=actor, indicator=indicator(code), unit=where, period="2026", numerator=num,
        denominator=den,
    )  # fmt: skip
    return measurement_submit(actor=actor, measurement=row)


def test_numerator_above_denominator_for_a_share_is_refused(cast: Any) -> None:
    info = _refused(
        Invalid,
        "tử số 120 lớn hơn mẫu số 100",
        actor=cast.reporter,
        indicator=indicator("5a"),
        unit=unit("56"),
        period="2026",
        numerator="120",
        denominator="100",
    )
    assert info.value.details == {"numerator": "Tử số phải nhỏ hơn hoặc bằng mẫu số."}


def test_negative_counts_are_refused_on_the_field_that_is_negative(cast: Any) -> None:
    info = _refused(
        Invalid,
        "không được âm",
        actor=cast.specialist,
        indicator=indicator("13"),
        unit=unit("56"),
        period="2026",
        numerator="-3",
    )
    assert "numerator" in info.value.details
    info = _refused(
        Invalid,
        r"không được âm \(-50\)",
        actor=cast.reporter,
        indicator=indicator("5a"),
        unit=unit("56"),
        period="2026",
        numerator="40",
        denominator="-50",
    )
    assert set(info.value.details) == {"denominator"}


def test_a_legacy_commune_has_no_figures_for_2026(cast: Any) -> None:
    info = _refused(
        Invalid,
        "chỉ tồn tại trước 01/7/2025, không có trong kỳ 2026",
        actor=cast.officer_a,
        indicator=indicator("16"),
        unit=unit(LEGACY_IN_A, Version.LEGACY),
        period="2026",
        numerator="90",
        denominator="100",
    )
    assert "unit" in info.value.details


def test_a_current_commune_has_no_figures_for_2024(cast: Any) -> None:
    _refused(
        Invalid,
        "chỉ tồn tại từ 01/7/2025, không có trong kỳ 2024",
        actor=cast.officer_a,
        indicator=indicator("16"),
        unit=unit(COMMUNE_A),
        period="2024",
        numerator="90",
        denominator="100",
    )


def test_history_is_entered_against_the_legacy_commune(cast: Any) -> None:
    row = measurement_save(
        actor=cast.officer_a,
        indicator=indicator("16"),
        unit=unit(LEGACY_IN_A, Version.LEGACY),
        period="2024",
        numerator="90",
        denominator="100",
    )
    assert row.value == Decimal("90.00") and row.state == MeasurementState.DRAFT
    assert measurement_get(cast.officer_a, row.pk) == row  # seen through today's commune
    with pytest.raises(NotFound):
        measurement_get(cast.officer_b, row.pk)


def test_an_approved_value_is_locked(cast: Any) -> None:
    row = _submitted(cast.reporter, "5a", unit("56"), 950, 1000)
    measurement_approve(actor=cast.specialist, measurement=row)
    info = _refused(
        Invalid,
        "đã được phê duyệt nên bị khóa",
        actor=cast.reporter,
        indicator=indicator("5a"),
        unit=unit("56"),
        period="2026",
        numerator="960",
        denominator="1000",
    )
    assert info.value.code == "locked"
    row.refresh_from_db()
    assert (row.numerator, row.state) == (Decimal(950), MeasurementState.APPROVED)


def test_the_author_cannot_approve_their_own_figure(cast: Any) -> None:
    row = _submitted(cast.specialist, "13", unit("56"), 12)
    before = _writes()
    with pytest.raises(Forbidden, match="Người nhập số liệu không tự phê duyệt"):
        measurement_approve(actor=cast.specialist, measurement=row)
    assert _writes() == before
    row.refresh_from_db()
    assert row.state == MeasurementState.SUBMITTED
    measurement_approve(actor=cast.leader, measurement=row)
    assert row.state == MeasurementState.APPROVED and row.approved_by == cast.leader


def test_reopen_by_a_user_of_the_same_level_is_refused(cast: Any) -> None:
    commune = _submitted(cast.officer_a, "16", unit(COMMUNE_A), 45, 50)
    measurement_approve(actor=cast.chairman_a, measurement=commune)
    province = _submitted(cast.reporter, "5a", unit("56"), 950, 1000)
    measurement_approve(actor=cast.specialist, measurement=province)
    before = _writes()
    with pytest.raises(Forbidden, match="cấp trên"):
        measurement_reopen(actor=cast.chairman_a, measurement=commune, reason="Sai số")
    with pytest.raises(Forbidden, match="cấp trên"):
        measurement_reopen(actor=cast.leader, measurement=province, reason="Sai số")
    assert _writes() == before
    assert Measurement.objects.filter(state=MeasurementState.APPROVED).count() == 2


def test_the_province_specialist_reopens_a_commune_figure_with_a_reason(cast: Any) -> None:
    row = _submitted(cast.officer_a, "16", unit(COMMUNE_A), 45, 50)
    measurement_approve(actor=cast.chairman_a, measurement=row)
    before = _writes()
    with pytest.raises(Invalid, match="Ghi lý do mở khóa") as info:
        measurement_reopen(actor=cast.specialist, measurement=row, reason="  ")
    assert "reason" in info.value.details and _writes() == before
    measurement_reopen(actor=cast.specialist, measurement=row, reason="Số trẻ 5 tuổi chưa đúng")
    row.refresh_from_db()
    assert row.state == MeasurementState.DRAFT and row.approved_by is None
    event = AuditEvent.objects.get(action="plans.measurement.reopen", object_id=str(row.pk))
    assert event.reason == "Số trẻ 5 tuổi chưa đúng" and event.actor == cast.specialist


def test_a_return_needs_a_reason(cast: Any) -> None:
    row = _submitted(cast.reporter, "5a", unit("56"), 950, 1000)
    with pytest.raises(Invalid, match="Ghi lý do trả lại"):
        measurement_return(actor=cast.specialist, measurement=row, reason="")
    measurement_return(actor=cast.specialist, measurement=row, reason="Thiếu căn cứ")
    assert row.state == MeasurementState.DRAFT


def test_a_reporter_enters_only_their_sector(cast: Any) -> None:
    _refused(
        Forbidden,
        "không có quyền nhập số liệu chỉ tiêu 16",
        actor=cast.reporter,
        indicator=indicator("16"),
        unit=unit("56"),
        period="2026",
        numerator="90",
        denominator="100",
    )
    codes = {row.indicator.code for row in entry_indicators(cast.reporter, unit("56"))}
    assert {"1", "5a", "11a"} <= codes and not codes & {"7", "16", "13", "14"}
    computed = {r.indicator.code for r in entry_indicators(cast.reporter, unit("56")) if r.computed}
    assert computed == {"8a", "8b"}


def test_an_outsider_is_refused_before_any_rule_about_the_indicator(cast: Any) -> None:
    """Commune A's officer asking to enter commune B's computed figure hears "no right", not
    how indicator 14 is produced there."""
    _refused(
        Forbidden,
        "không có quyền nhập số liệu chỉ tiêu 14",
        actor=cast.officer_a,
        indicator=indicator("14"),
        unit=unit(COMMUNE_B),
        period="2026",
        numerator="9",
        denominator="10",
    )


def test_figures_are_scoped_by_unit_and_queued_for_approvers(cast: Any) -> None:
    a = _submitted(cast.officer_a, "16", unit(COMMUNE_A), 45, 50)
    b = _submitted(cast.officer_b, "16", unit(COMMUNE_B), 30, 40)
    assert list(measurements_visible_to(cast.officer_a)) == [a]
    assert set(measurements_visible_to(cast.specialist)) == {a, b}
    assert not measurements_visible_to(cast.other_province_admin).exists()
    assert list(awaiting_approval(cast.chairman_a)) == [a]
    assert set(awaiting_approval(cast.leader)) == {a, b}
    assert not awaiting_approval(cast.officer_a).exists()  # officers do not approve
    measurement_approve(actor=cast.chairman_a, measurement=a)
    assert list(approved_in_scope(cast.specialist, "2026")) == [a]
    assert not approved_in_scope(cast.specialist, "2025").exists()


def test_entry_units_follow_the_period(cast: Any) -> None:
    from treem.plans.domain.periods import Period

    now = entry_units(cast.officer_a, Period.parse("2026"))
    then = entry_units(cast.officer_a, Period.parse("2024"))
    assert [u.code for u in now] == [COMMUNE_A]
    assert {u.version for u in then} == {"legacy"} and LEGACY_IN_A in {u.code for u in then}
    both = entry_units(cast.reporter, Period.parse("2025"))
    assert {u.version for u in both} == {"current", "legacy"}
