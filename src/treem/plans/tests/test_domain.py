"""Rules without a database: periods, values, comparators and the progress verdict."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from treem.plans.domain.comparators import describe, meets
from treem.plans.domain.measures import format_value, ratio_value
from treem.plans.domain.periods import Period, PeriodError, period_of
from treem.plans.domain.progress import Point, Status, Thresholds, judge

D = Decimal


def test_period_codes_follow_dhis2_and_carry_their_dates() -> None:
    first = Period.parse("2025s1")
    assert first.code == "2025S1" and (first.start, first.end) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 30),
    )
    assert Period.parse("2024").end == dt.date(2024, 12, 31)
    assert period_of(dt.date(2025, 9, 2), half=True).code == "2025S2"


@pytest.mark.parametrize("code", ["25", "2025S3", "2025-1", "năm 2025"])
def test_malformed_periods_are_refused_with_the_accepted_forms(code: str) -> None:
    with pytest.raises(PeriodError, match="2025S1"):
        Period.parse(code)


def test_years_outside_the_supported_range_are_refused() -> None:
    with pytest.raises(PeriodError, match="Năm 1999 nằm ngoài khoảng 2000–2100"):
        Period.parse("1999")


def test_values_derive_from_parts_and_print_the_vietnamese_way() -> None:
    assert ratio_value(D(9), D(1000), "per_1000") == D("9.00")
    assert ratio_value(D(1), D(3), "percent") == D("33.33")
    assert ratio_value(D(5), None, "count") == D(5)
    assert ratio_value(D(5), D(0), "percent") is None
    assert format_value(D("97.50"), "percent") == "97,5%"
    assert format_value(D(1234567), "count") == "1.234.567"
    assert format_value(D("550"), "per_100000") == "550 /100.000"


def test_comparators() -> None:
    assert meets(D(95), ">=", D(95)) and not meets(D(95), ">", D(95))
    assert meets(D("8.9"), "<", D(9)) and meets(D(9), "<=", D(9))
    assert describe("reduce_by", D(2), "yearly_change", D(3)) == "giảm 2–3%/năm"
    assert describe("maintain", None, "percent") == "duy trì"


def _judge(
    comparator: str,
    target: str,
    latest: tuple[int, str],
    baseline: tuple[int, str] | None = (2020, "80"),
) -> object:
    return judge(
        comparator=comparator,
        target=D(target),
        target_year=2030,
        unit="percent",
        baseline=Point(baseline[0], D(baseline[1])) if baseline else None,
        latest=Point(latest[0], D(latest[1])),
        thresholds=Thresholds(at_risk_share=D("0.10")),
    )


def test_a_met_target_is_achieved() -> None:
    verdict = _judge(">=", "90", (2024, "91"))
    assert verdict.status == Status.ACHIEVED  # type: ignore[attr-defined]


def test_on_the_straight_line_from_baseline_to_target_is_on_track() -> None:
    # 80 (2020) → 90 (2030): 85 expected in 2025.
    verdict = _judge(">=", "90", (2025, "85.5"))
    assert verdict.status == Status.ON_TRACK  # type: ignore[attr-defined]
    assert "85%" in verdict.reason  # type: ignore[attr-defined]


def test_a_little_behind_is_at_risk_and_far_behind_is_off_track() -> None:
    assert _judge(">=", "90", (2025, "84.2")).status == Status.AT_RISK  # type: ignore[attr-defined]
    assert _judge(">=", "90", (2025, "82")).status == Status.OFF_TRACK  # type: ignore[attr-defined]


def test_lower_is_better_targets_mirror_the_rule() -> None:
    # 20 (2020) → 10 (2030): 15 expected in 2025.
    assert _judge("<", "10", (2025, "14"), (2020, "20")).status == Status.ON_TRACK  # type: ignore[attr-defined]
    assert _judge("<", "10", (2025, "18"), (2020, "20")).status == Status.OFF_TRACK  # type: ignore[attr-defined]


def test_a_missed_milestone_is_off_track() -> None:
    assert _judge(">=", "90", (2030, "89")).status == Status.OFF_TRACK  # type: ignore[attr-defined]


def test_no_value_is_no_data() -> None:
    verdict = judge(
        comparator=">=", target=D(1), target_year=2030, unit="percent", baseline=None, latest=None
    )
    assert verdict.status == Status.NO_DATA


def test_yearly_reduction_compares_with_the_year_before() -> None:
    def reduction(before: str, after: str) -> Status:
        return judge(
            comparator="reduce_by",
            target=D(2),
            high=D(3),
            target_year=2030,
            unit="yearly_change",
            baseline=None,
            latest=Point(2025, D(after)),
            previous=Point(2024, D(before)),
        ).status

    assert reduction("100", "97") == Status.ON_TRACK
    assert reduction("100", "99") == Status.AT_RISK
    assert reduction("100", "104") == Status.OFF_TRACK


def test_maintain_respects_the_direction() -> None:
    up = judge(
        comparator="maintain",
        target=D(100),
        target_year=2030,
        unit="percent",
        baseline=None,
        latest=Point(2026, D(100)),
    )
    down = judge(
        comparator="maintain",
        target=D(5),
        target_year=2030,
        unit="percent",
        baseline=None,
        latest=Point(2026, D(6)),
        direction="down",
    )
    assert up.status == Status.ACHIEVED and down.status == Status.OFF_TRACK
